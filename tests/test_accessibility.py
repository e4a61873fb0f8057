"""Accessibility in real Chromium: axe-core (bundled with axe-playwright-python, so it runs offline) on
every page type in the light and the dark palette, and a keyboard walk showing that focus is visible.

Pages other checks cover everywhere (headings in order, no sideways scrolling at 375 px) are in
test_site_crawl.py, which visits every page once.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.site_pages import one_page_per_type

SCHEMES = {"light": "default", "dark": "slate"}  # emulated preference -> Material palette it must select
BLOCKING = {"serious", "critical"}


@pytest.fixture(scope="module")
def page_types(built_site: Path) -> dict[str, str]:
    return one_page_per_type(built_site)


@pytest.mark.parametrize("scheme", sorted(SCHEMES))
def test_axe_finds_no_serious_violation_on_any_page_type(browser, site_url: str, page_types: dict[str, str], scheme: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    context = browser.new_context(color_scheme=scheme)  # type: ignore[arg-type]
    try:
        page = context.new_page()
        report = []
        for kind, path in page_types.items():
            page.goto(site_url + path)
            page.wait_for_load_state("networkidle")
            assert page.evaluate("document.body.dataset.mdColorScheme") == SCHEMES[scheme]
            violations = axe.run(page).response["violations"]
            for v in violations:
                if v["impact"] in BLOCKING:
                    targets = [n["target"] for n in v["nodes"][:3]]
                    report.append(f"{kind} ({path or 'home'}): {v['id']} [{v['impact']}] {v['help']} at {targets}")
        assert report == [], "\n".join(report)
    finally:
        context.close()


# ---------------------------------------------------------------- keyboard focus

NO_MOTION = "*, *::before, *::after { transition: none !important; animation: none !important; }"

# The element the reader sees focused: a visually hidden control (Material's palette toggle, content tabs)
# shows its focus on its label. Returns the box to photograph, in viewport pixels.
FOCUS_BOX_JS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  window.__focused = el;
  let target = el;
  const r = el.getBoundingClientRect();
  if (r.width < 2 || r.height < 2 || getComputedStyle(el).opacity === '0') {
    // Its label, or the label right after it (Material's palette toggle shows the next scheme's label).
    const next = el.nextElementSibling && el.nextElementSibling.tagName === 'LABEL' ? [el.nextElementSibling] : [];
    target = [...(el.labels || []), ...next].find(l => l.getBoundingClientRect().width > 0) || target;
  }
  const b = target.getBoundingClientRect();
  const pad = 6;
  const x = Math.max(0, b.left - pad), y = Math.max(0, b.top - pad);
  const w = Math.min(innerWidth, b.right + pad) - x, h = Math.min(innerHeight, b.bottom + pad) - y;
  return {x, y, width: w, height: h, what: el.tagName + '.' + (el.className || '') + ' ' + (el.textContent || el.value || '').trim().slice(0, 40)};
}"""
TAB_STOPS = 20  # from the top (header, navigation) and again from the start of the page's content


@pytest.mark.parametrize("kind", ["home", "question bank", "stage", "practice"])
def test_keyboard_focus_is_visible(browser, site_url: str, page_types: dict[str, str], kind: str) -> None:
    """Tab through a page: each focused control must look different from unfocused (the pixels around
    it change when focus leaves it)."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        page = context.new_page()
        page.goto(site_url + page_types[kind])
        page.add_style_tag(content=NO_MOTION)  # so a half-finished colour transition is not taken for a ring
        invisible: list[str] = []
        seen = 0

        def walk() -> None:
            nonlocal seen
            for _ in range(TAB_STOPS):
                page.keyboard.press("Tab")
                box = page.evaluate(FOCUS_BOX_JS)
                if not box:
                    continue
                seen += 1
                clip = {k: box[k] for k in ("x", "y", "width", "height")}
                focused = page.screenshot(clip=clip)
                page.evaluate("() => window.__focused.blur()")
                unfocused = page.screenshot(clip=clip)
                page.evaluate("() => window.__focused.focus({preventScroll: true})")
                if focused == unfocused:
                    invisible.append(box["what"])

        walk()
        # Start again just before the content, so its links, tabs and buttons are walked too.
        page.evaluate("() => { const c = document.querySelector('.md-content'); c.tabIndex = -1; c.focus(); }")
        walk()
        assert seen >= TAB_STOPS, "the walk met too few focusable controls"
        assert invisible == [], f"focus not visible on: {invisible}"
    finally:
        context.close()
