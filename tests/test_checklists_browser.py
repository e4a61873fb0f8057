"""Checklists and self-score sheets in real Chromium: one printed page on A4 and on Letter holding
every item, print styles, ticks that survive a reload and instant navigation, reset, keyboard use,
and the PDF link that appears only when `make pdf` wrote the file."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from macros import checklists, model, render
from scripts.pdf import open_page, page_url, pdf_of

DATA = model.load_or_raise(model.DATA_DIR)
STAGES = [s["id"] for s in DATA.ordered("stages")]
# PDF page boxes in points: what each paper must come out as (a page forcing a size would differ).
PAPER_POINTS = {"A4": (595.92, 842.88), "Letter": (612.0, 792.0)}
KEY = "guide:checklist:"
SITE_NAME = "Anthropic PM Interview Guide"  # in the header on screen; never on paper


def squash(text: str) -> str:
    """Text without whitespace or Markdown marks: line breaks in the PDF fall anywhere."""
    return re.sub(r"[\s*`_]+", "", text)


def assert_one_page_with(page, url: str, texts: list[str]) -> None:
    """Print `url` on each paper (loaded once): one page, the paper's own size, every text in it."""
    open_page(page, url)
    for paper, size in PAPER_POINTS.items():
        reader = PdfReader(io.BytesIO(pdf_of(page, paper)))
        assert len(reader.pages) == 1, f"{url} printed to {len(reader.pages)} pages on {paper}"
        box = reader.pages[0].mediabox
        assert (float(box.width), float(box.height)) == pytest.approx(size, abs=1), f"{url} forced a paper size: {box}"
        text = reader.pages[0].extract_text()
        missing = [t for t in texts if squash(t) not in squash(text)]
        assert missing == [], f"{url} on {paper} lost: {missing}"
        for chrome in ("Clear all ticks", "Download PDF", "About this round", SITE_NAME):
            assert chrome not in text, f"{chrome!r} printed on {url}"


@pytest.mark.parametrize("stage_id", STAGES)
def test_checklist_prints_on_one_page(page, site_url: str, stage_id: str) -> None:
    s = DATA.get("stages", stage_id)
    dims = [DATA.get("dimensions", d)["name"] for d in {c["dimension"] for c in s["checklist"]}]
    texts = [f"Checklist: {s['name']}", s["length"], *s["room"], *dims, *(c["text"] for c in s["checklist"])]
    assert_one_page_with(page, page_url(site_url, render.checklist_page(stage_id)), texts)


@pytest.mark.parametrize("stage_id", STAGES)
def test_scoresheet_prints_on_one_page(page, site_url: str, stage_id: str) -> None:
    s = DATA.get("stages", stage_id)
    texts = [f"Self-score: {s['name']}"]
    for e in s["dimensions"]:
        d = DATA.get("dimensions", e["dimension"])
        texts += [d["name"], *d["anchors"].values()]
    assert_one_page_with(page, page_url(site_url, checklists.scoresheet_page(stage_id)), texts)


def test_print_styles(page, site_url: str) -> None:
    s = DATA.ordered("stages")[0]
    page.emulate_media(color_scheme="dark")  # a reader in dark mode still prints black on white
    page.goto(page_url(site_url, render.checklist_page(s["id"])))
    assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
    page.locator("input[data-item]").first.check()  # a ticked item still prints as an empty box
    page.emulate_media(media="print")
    chrome = (".md-header", ".md-sidebar--primary", ".md-search", ".md-footer", '[data-action="reset-checklist"]', ".sheet-links")
    for hidden in chrome:
        assert page.locator(hidden).first.is_hidden(), f"{hidden} shows in print"
    smallest = page.evaluate(
        """() => Math.min(...[...document.querySelectorAll('.print-sheet label, .print-sheet h2, .sheet-facts, h1')]
            .map((el) => parseFloat(getComputedStyle(el).fontSize)))"""
    )
    assert smallest >= 10 * 96 / 72 - 0.01  # 10pt in CSS pixels
    boxes = page.evaluate(
        """() => [...document.querySelectorAll('input[data-item]')].map((b) => {
            const st = getComputedStyle(b);
            return [st.appearance, parseFloat(st.borderTopWidth) > 0, b.getBoundingClientRect().width > 0];
        })"""
    )
    assert boxes == [["none", True, True]] * len(s["checklist"])
    colours = page.evaluate("[...document.querySelectorAll('.print-sheet label, h1')].map((el) => getComputedStyle(el).color)")
    assert set(colours) == {"rgb(0, 0, 0)"}
    page.goto(page_url(site_url, checklists.scoresheet_page(s["id"])))
    sheet_smallest = page.evaluate(
        """() => Math.min(...[...document.querySelectorAll('.print-sheet td, .print-sheet p, .print-sheet h2, .sheet-facts, h1')]
            .map((el) => parseFloat(getComputedStyle(el).fontSize)))"""
    )
    assert sheet_smallest >= 10 * 96 / 72 - 0.01


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_scoresheet_has_no_serious_axe_violation(browser, site_url: str, scheme: str) -> None:
    # The accessibility suite checks one checklist page, and the theme's header and search on every page
    # type; the self-score sheet's own content is checked here.
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(color_scheme=scheme)
    try:
        page = context.new_page()
        page.goto(page_url(site_url, checklists.scoresheet_page(STAGES[0])), wait_until="networkidle")
        violations = Axe().run(page, context=".md-content").response["violations"]
        serious = [(v["id"], [n["target"] for n in v["nodes"][:3]]) for v in violations if v["impact"] in {"serious", "critical"}]
        assert serious == []
    finally:
        context.close()


def test_tick_survives_reload_and_reset_clears(page, site_url: str) -> None:
    s = DATA.ordered("stages")[0]
    url = page_url(site_url, render.checklist_page(s["id"]))
    first, second = (c["id"] for c in s["checklist"][:2])
    page.goto(url)
    page.get_by_label(s["checklist"][0]["text"]).check()  # found by its label: the text names the box
    page.locator(f'input[data-item="{second}"]').check()
    assert page.evaluate(f"localStorage.getItem('{KEY}{first}')") == "1"
    page.reload()
    assert page.locator(f'input[data-item="{first}"]').is_checked()
    assert page.locator(f'input[data-item="{second}"]').is_checked()
    page.get_by_role("button", name="Clear all ticks").click()
    assert page.locator("input[data-item]:checked").count() == 0
    assert page.get_by_role("status").inner_text() == "All ticks cleared."
    assert page.evaluate(f"Object.keys(localStorage).filter((k) => k.startsWith('{KEY}'))") == []
    page.reload()
    assert page.locator("input[data-item]:checked").count() == 0
    assert page.foreign_requests == []  # type: ignore[attr-defined]


def test_tick_is_keyed_by_item_id_not_text(page, site_url: str) -> None:
    # A tick saved under an id (as before an edit to the item's wording) shows on the item with that id.
    s = DATA.ordered("stages")[1]
    item = s["checklist"][-1]["id"]
    page.goto(site_url)
    page.evaluate(f"localStorage.setItem('{KEY}{item}', '1')")
    page.goto(page_url(site_url, render.checklist_page(s["id"])))
    assert page.evaluate("[...document.querySelectorAll('input[data-item]:checked')].map((b) => b.dataset.item)") == [item]


def serve_sitemap_locally(page, site_url: str) -> None:
    """Material navigates instantly only to URLs in sitemap.xml, which names the deployed site_url
    (taking only its scheme and host from the page, not the port). Rewrite the sitemap to this
    server's URL so the test sees what a reader of the deployed site sees."""

    def rewrite(route) -> None:
        body = route.fetch().text()
        root = min(re.findall(r"<loc>([^<]+)</loc>", body), key=len)
        route.fulfill(body=body.replace(root, site_url), content_type="application/xml")

    page.route(site_url + "sitemap.xml", rewrite)


def test_ticks_work_after_instant_navigation(page, site_url: str) -> None:
    s = DATA.ordered("stages")[2]
    first = s["checklist"][0]["id"]
    serve_sitemap_locally(page, site_url)
    page.goto(page_url(site_url, render.PAGE["checklists"]), wait_until="networkidle")
    page.evaluate(f"localStorage.setItem('{KEY}{first}', '1'); window.__noReload = true")
    page.locator(".md-content").get_by_role("link", name="Checklist").nth(2).click()
    page.wait_for_url(page_url(site_url, render.checklist_page(s["id"])))
    page.wait_for_selector(f'input[data-item="{first}"]:checked', timeout=5000)
    assert page.evaluate("window.__noReload") is True  # Material swapped the page in; nothing reloaded
    other = s["checklist"][1]["id"]
    page.locator(f'input[data-item="{other}"]').check()
    assert page.evaluate(f"localStorage.getItem('{KEY}{other}')") == "1"


def _tab_until(page, focused_js: str, presses: int, what: str) -> None:
    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate(focused_js):
            return
    pytest.fail(f"Tab never reached {what}")


def test_keyboard_only(page, site_url: str) -> None:
    s = DATA.ordered("stages")[3]
    page.goto(page_url(site_url, render.checklist_page(s["id"])))
    _tab_until(page, "document.activeElement.matches('input[data-item]')", 150, "a checkbox")
    item = page.evaluate("document.activeElement.dataset.item")
    page.keyboard.press("Space")
    assert page.evaluate(f"localStorage.getItem('{KEY}{item}')") == "1"
    _tab_until(page, "document.activeElement.dataset.action === 'reset-checklist'", 60, "the reset button")
    page.keyboard.press("Enter")
    assert page.locator(f'input[data-item="{item}"]').is_checked() is False


def test_pdf_link_shows_only_when_the_pdf_exists(page, site_url: str, built_site: Path) -> None:
    s = DATA.ordered("stages")[4]
    url = page_url(site_url, render.checklist_page(s["id"]))
    link = page.locator("a.sheet-pdf")
    page.goto(url, wait_until="networkidle")
    assert link.is_hidden()
    assert link.get_attribute("href") is None
    pdf = built_site / checklists.checklist_pdf(s["id"])
    pdf.parent.mkdir(exist_ok=True)
    pdf.write_bytes(b"%PDF-1.4\n%%EOF\n")
    try:
        page.goto(url)
        link.wait_for(state="visible", timeout=5000)
        assert link.get_attribute("href") == site_url + checklists.checklist_pdf(s["id"])
    finally:
        pdf.unlink()
        pdf.parent.rmdir()
