"""Shared fixtures: the small valid data set, a throwaway copy of it, and the built site."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FIXTURE = ROOT / "tests" / "fixtures" / "valid"


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of the valid fixture at tmp/data (messages then name data/...)."""
    dest = tmp_path / "data"
    shutil.copytree(FIXTURE, dest)
    return dest


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real guide, built once per test session as `make build` builds it: scripts/build.py (strict),
    then scripts/offline.py, which adds the offline copy's zip the Downloads page links."""
    from scripts.build import build
    from scripts.offline import bundle

    site = tmp_path_factory.mktemp("built") / "site"
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1700000000")
    assert build(site) == 0, "the strict build of the real content failed"
    assert bundle(site), "the offline build failed"
    return site


# ---------------------------------------------------------------- real browser (Debian's Chromium)

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def site_url(built_site: Path):
    """The built site served on 127.0.0.1 (a random free port) for the whole session."""
    from tests.serving import serve

    with serve(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "Debian's chromium is missing: run `make test`, which installs it"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    """A fresh browser profile per test; `page.foreign_requests` lists every request that left 127.0.0.1."""
    from urllib.parse import urlparse

    context = browser.new_context()
    pg = context.new_page()
    pg.foreign_requests = []  # type: ignore[attr-defined]

    def record(request) -> None:
        host = urlparse(request.url).hostname
        if request.url.startswith(("http:", "https:", "ws:", "wss:")) and host not in ("127.0.0.1",):
            pg.foreign_requests.append(request.url)  # type: ignore[attr-defined]

    context.on("request", record)
    yield pg
    context.close()


@pytest.fixture(scope="module")
def data() -> dict:
    """The practice drill's data with each question's answers (practice-answers.js) merged in, as the drill
    shows them once a question is drawn."""
    from macros import model, practice

    m = model.load_or_raise(model.DATA_DIR)
    out = practice.practice_data(m)
    answers = dict(practice.practice_answers(m))
    for q in out["questions"]:
        q.update(answers[q["id"]])
    return out
