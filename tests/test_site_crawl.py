"""A crawl of every built page in real Chromium, each opened on a phone-sized screen with an empty cache
from a server that gzips as static hosts do:

- no request leaves 127.0.0.1 (no CDN, font, analytics or unpkg);
- nothing scrolls sideways at 375 px;
- headings are in order (one h1, no level skipped);
- the first load, search index included, transfers at most BUDGET_BYTES.

Bytes are counted, not timed, so this is a stable pass/fail check; `make audit` (Lighthouse) reports
the timings. Two checks read the built files instead: every page's last-reviewed line, and the reading
aids Material offers being switched on and used.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest

from tests.site_pages import site_paths

BUDGET_BYTES = 300_000  # first load of any page, headers and bodies, gzip on
NOT_FOUND = "404.html"

HEADINGS_JS = """() => [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')]
  .filter(h => h.getClientRects().length > 0)  // hidden ones are not read out
  .map(h => [Number(h.tagName[1]), h.textContent.trim().slice(0, 50)])"""
# Bytes on the wire (headers and compressed bodies) for the page and everything it loaded, the search
# worker's script included (Resource Timing sees it; Playwright's request sizes do not).
TRANSFERS_JS = """() => [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')]
  .map(e => e.transferSize)"""
LINKS_JS = "() => [...document.querySelectorAll('a[href]')].map(a => a.href)"


def heading_problems(levels: list[tuple[int, str]]) -> list[str]:
    """Exactly one h1, first; no heading more than one level below the one before it."""
    problems = []
    h1s = [t for lvl, t in levels if lvl == 1]
    if len(h1s) != 1:
        problems.append(f"{len(h1s)} h1 headings")
    if levels and levels[0][0] != 1:
        problems.append(f"first heading is h{levels[0][0]}: {levels[0][1]!r}")
    for (prev, _), (lvl, text) in zip(levels, levels[1:], strict=False):
        if lvl > prev + 1:
            problems.append(f"h{prev} then h{lvl}: {text!r}")
    return problems


def test_heading_problems_finds_a_skipped_level() -> None:
    assert heading_problems([(1, "T"), (2, "a"), (3, "b"), (2, "c")]) == []
    assert heading_problems([(1, "T"), (3, "b")]) == ["h1 then h3: 'b'"]
    assert heading_problems([(2, "a")]) == ["0 h1 headings", "first heading is h2: 'a'"]


@pytest.fixture(scope="module")
def gzip_url(built_site: Path) -> Iterator[str]:
    from tests.serving import serve

    with serve(built_site, gzip_enabled=True) as url:
        yield url


@pytest.fixture(scope="module")
def crawl(browser, built_site: Path, gzip_url: str) -> Iterator[dict[str, dict]]:
    """Visit the sitemap's pages and every page they link to, once each; what each visit saw. One tab with
    the browser cache switched off, so every visit is a first load."""
    host = urlparse(gzip_url).netloc
    todo = site_paths(built_site)
    seen: dict[str, dict] = {}
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    context.new_cdp_session(page).send("Network.setCacheDisabled", {"cacheDisabled": True})
    requests: list = []
    context.on("request", lambda r: requests.append(r))
    while todo:
        path = todo.pop(0)
        if path in seen:
            continue
        requests.clear()
        if path == NOT_FOUND:
            # Its asset links are absolute for the deployed site's path, so here it loads unstyled.
            response = page.goto(gzip_url + path, wait_until="networkidle")
        else:
            # Every page downloads the search index on first load; waiting for it is waiting for the load to end.
            with page.expect_response(lambda r: r.url.endswith("search/search_index.json")) as index:
                response = page.goto(gzip_url + path)
            index.value.finished()
            page.wait_for_load_state("load")
        transfers = page.evaluate(TRANSFERS_JS)
        seen[path] = {
            "status": response.status if response else None,
            "foreign": [r.url for r in requests if urlparse(r.url).hostname not in ("127.0.0.1", None)],
            "bytes": sum(transfers),
            "requests": len(transfers),
            "fetched": sorted({urlparse(r.url).path for r in requests}),
            "overflow": page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth"),
            "headings": page.evaluate(HEADINGS_JS),
        }
        if path == NOT_FOUND:
            continue
        for href in page.evaluate(LINKS_JS):
            u = urlparse(urljoin(page.url, href))
            if u.netloc == host and (u.path.endswith("/") or u.path.endswith(".html")):
                todo.append(u.path.removeprefix("/"))
    yield seen
    context.close()


def test_the_crawl_reached_every_page(crawl: dict[str, dict], built_site: Path) -> None:
    assert set(site_paths(built_site)) <= set(crawl)
    broken = {p: v["status"] for p, v in crawl.items() if v["status"] != 200 and p != NOT_FOUND}
    assert broken == {}


def test_no_request_leaves_the_site(crawl: dict[str, dict]) -> None:
    assert {p: v["foreign"] for p, v in crawl.items() if v["foreign"]} == {}


def test_nothing_scrolls_sideways_at_375_px(crawl: dict[str, dict]) -> None:
    assert {p: f"{v['overflow']} px too wide" for p, v in crawl.items() if v["overflow"] > 0} == {}


def test_headings_are_in_order(crawl: dict[str, dict]) -> None:
    bad = {p: heading_problems(v["headings"]) for p, v in crawl.items()}
    assert {p: b for p, b in bad.items() if b} == {}


def test_first_load_fits_the_budget(crawl: dict[str, dict]) -> None:
    heaviest = max(crawl, key=lambda p: crawl[p]["bytes"])
    print(f"heaviest first load: {heaviest or 'home'} {crawl[heaviest]['bytes']} bytes in {crawl[heaviest]['requests']} requests")
    over = {p: v["bytes"] for p, v in crawl.items() if v["bytes"] > BUDGET_BYTES}
    assert over == {}, f"over {BUDGET_BYTES} bytes: {over}"


def test_the_drills_script_is_fetched_on_the_practice_page_only(crawl: dict[str, dict]) -> None:
    fetched_by = {p for p, v in crawl.items() if any(f.endswith("/assets/practice.js") for f in v["fetched"])}
    assert fetched_by == {"practice/"}


# One-page print sheets (checklists/<round>/, scoresheets/<round>/) are made to fit a sheet of paper and
# carry no last-reviewed line; every other page says when its content was last checked.
PRINT_SHEET = ("checklists/", "scoresheets/")


def test_every_page_says_when_it_was_last_reviewed(built_site: Path) -> None:
    missing = [
        p
        for p in site_paths(built_site)
        if p != NOT_FOUND
        and not (p.startswith(PRINT_SHEET) and p.count("/") == 2)
        and 'class="last-reviewed"' not in (built_site / p / "index.html").read_text(encoding="utf-8")
    ]
    assert missing == []


def test_reading_aids_are_in_place(built_site: Path) -> None:
    """What mkdocs-material offers for reading, switched on and used: instant navigation with sections, the
    light/dark toggle, content tabs for exemplars, admonitions for pitfalls, abbreviations with tooltips."""

    def html(path: str) -> str:
        return (built_site / path / "index.html").read_text(encoding="utf-8")

    home = html("")
    config = json.loads(re.search(r'<script id="__config" type="application/json">(.*?)</script>', home, re.S).group(1))
    assert {"navigation.instant", "navigation.sections", "content.tooltips"} <= set(config["features"])
    assert len(re.findall(r'<input class="md-option" data-md-color-media=', home)) == 2  # light and dark
    bank = "".join(html(f"question/{p.name}") for p in sorted((built_site / "question").iterdir()) if p.is_dir())
    assert bank.count('class="tabbed-set') == bank.count('class="q-meta"') > 0  # strong/weak tabs per question
    assert 'class="admonition failure"' in html("stages/culture")
    assert '<abbr title="Responsible Scaling Policy' in bank
