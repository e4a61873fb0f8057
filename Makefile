# Two commands do all set-up: `make serve` and `make test`. Every target installs what it lacks.
SHELL := /bin/bash
.DEFAULT_GOAL := help
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SHARED := ../shared
# Reproducible builds: the same commit gives byte-identical output (sitemap dates, gzip headers).
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 0)
export NO_MKDOCS_2_WARNING := 1
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: help serve build check test lint browser clean

help:
	@echo "make serve   validate, then serve the guide on http://127.0.0.1:8000 with live reload"
	@echo "make test    every check: validation, unit, build, links, browser"
	@echo "make build   validate, then build the site into site/ (strict)"
	@echo "make check   validate the data only (schemas, references, lint, own-words check)"

$(STAMP): requirements.txt requirements-dev.txt constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt -c constraints.txt
	touch $@

# Debian's Chromium for the browser tests (Playwright's own browser download does not work here).
browser:
	@command -v chromium >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium >/dev/null; }

check: $(STAMP)
	$(BIN)/python scripts/validate.py
	$(BIN)/yamllint --strict data
	@if [ -f $(SHARED)/tools/seed_overlap.py ]; then $(BIN)/python $(SHARED)/tools/seed_overlap.py data content; \
	else echo "seed-overlap check skipped: $(SHARED)/tools is not beside this checkout"; fi

# Build into a scratch folder and swap it in only when the strict build passed: a failed build
# (bad data or a strict warning) never leaves a partial site/.
build: $(STAMP)
	$(BIN)/python scripts/build.py

serve: $(STAMP)
	$(BIN)/python scripts/validate.py
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000 --livereload

lint: $(STAMP)
	$(BIN)/ruff check macros scripts tests
	$(BIN)/ruff format --check macros scripts tests

test: $(STAMP) browser
	$(MAKE) --no-print-directory check
	$(BIN)/python -m pytest

clean:
	rm -rf site .site.build .site.old .pytest_cache
