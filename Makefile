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

.PHONY: help serve build offline audit check check-data check-yaml check-words new hooks test lint browser clean pdf bench bench-check

help:
	@echo "make serve   validate, then serve the guide on http://127.0.0.1:8000 with live reload"
	@echo "make test    every check: validation, lint, unit, build, links, browser"
	@echo "make build   validate, then build the site into site/ (strict), with the offline copy's zip"
	@echo "make audit   build, then run Lighthouse on six page types and print scores and bytes"
	@echo "make bench   time validation and builds at 100, 500, 1000 and 5000 synthetic questions (see BENCHMARKS.md)"
	@echo "make bench-check   time the practice drill's answer check on a 600-word answer in Chromium"
	@echo "make pdf     build, then print each round's checklist and self-score sheet to site/pdf/ (PAPER=A4 or Letter)"
	@echo "make check   validate the data only (schemas, references, lint, own-words check)"
	@echo "make new KIND=question   add an entry with a fresh id (KIND: question, metric-pair, translation, launch-bar, tension, source)"
	@echo "make hooks   install the git pre-commit hooks (they run the same checks as make check)"

$(STAMP): requirements.txt requirements-dev.txt constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt -c constraints.txt
	touch $@

# Debian's Chromium for the browser tests (Playwright's own browser download does not work here).
browser:
	@command -v chromium >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium >/dev/null; }

# .pre-commit-config.yaml runs these same three targets, so a commit is checked exactly like `make check`.
check: check-data check-yaml check-words

# Stale entries only warn. On GitHub Actions, problems print as annotations on the pull request's diff.
check-data: $(STAMP)
	$(BIN)/python scripts/validate.py --stale-after $(if $(GITHUB_ACTIONS),--format github)

check-yaml: $(STAMP)
	$(BIN)/yamllint --strict data

check-words: $(STAMP)
	@if [ -f $(SHARED)/tools/seed_overlap.py ]; then $(BIN)/python $(SHARED)/tools/seed_overlap.py data content; \
	else echo "seed-overlap check skipped: $(SHARED)/tools is not beside this checkout"; fi

# Adds one entry to the right data file, keeping its comments; asks for what it needs in a terminal.
# Non-interactive: make new KIND=source ARGS='--id my-source --set title=... --set ...'
new: $(STAMP)
	$(BIN)/python scripts/new.py $(KIND) $(ARGS)

hooks: $(STAMP)
	$(BIN)/pre-commit install

# Build into a scratch folder and swap it in only when the strict build passed: a failed build
# (bad data or a strict warning) never leaves a partial site/.
build: $(STAMP)
	$(BIN)/python scripts/build.py
	$(BIN)/python scripts/offline.py --site-dir site

# The offline copy alone (a second build with the offline plugin on, zipped into site/downloads/).
offline: $(STAMP)
	$(BIN)/python scripts/offline.py --site-dir site

serve: $(STAMP)
	$(BIN)/python scripts/validate.py
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000 --livereload

# lint-imports checks the layer contracts in .importlinter (no import cycles in macros/, scripts never import the glue).
lint: $(STAMP)
	$(BIN)/ruff check macros scripts tests
	$(BIN)/ruff format --check macros scripts tests
	$(BIN)/lint-imports

# Printed by headless Chromium from the built pages, so a PDF is exactly what a browser prints; the
# pages show their "Download PDF" link once the file exists. Not needed by the ordinary build.
PAPER ?= A4
pdf: build browser
	$(BIN)/python scripts/pdf.py --site-dir site --paper $(PAPER)

# Lighthouse on six page types, served gzip-compressed as static hosts serve it; prints scores and bytes.
# An audit, not a pass/fail test: its timings vary from run to run. Lighthouse 12.2.3 and its
# dependencies are pinned by package-lock.json; `npm ci` installs exactly that into ./node_modules.
LIGHTHOUSE := node_modules/.bin/lighthouse
$(LIGHTHOUSE): package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

audit: build browser $(LIGHTHOUSE)
	$(BIN)/python scripts/audit.py --site-dir site --lighthouse $(LIGHTHOUSE)

# Validation and build cost as the content grows, against plain MkDocs on the same pages, and the
# edit-to-preview time of `mkdocs serve`. A measurement, not a test: figures go into BENCHMARKS.md.
# 500 is there for the growth target (build at 5000 within 11 times build at 500). Five runs per figure:
# on this shared machine one build can take a quarter longer than the next. Takes about 30 minutes.
BENCH_SIZES ?= 100 500 1000 5000
BENCH_RUNS ?= 5
bench: $(STAMP) browser
	$(BIN)/python scripts/bench.py --questions $(BENCH_SIZES) --runs $(BENCH_RUNS) --preview
	$(BIN)/python scripts/bench_answer_check.py

# The answer check of the practice drill on a 600-word answer, in Debian's Chromium (target: under 20 ms).
bench-check: $(STAMP) browser
	$(BIN)/python scripts/bench_answer_check.py

test: $(STAMP) browser
	$(MAKE) --no-print-directory check
	$(MAKE) --no-print-directory lint
	$(BIN)/python -m pytest

clean:
	rm -rf site .site.build .site.old .pytest_cache .hypothesis .cache/checked
