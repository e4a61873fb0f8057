"""Accessibility in real Chromium: axe-core (bundled with axe-playwright-python, so it runs offline) on
every page type in the light and the dark palette, and a keyboard walk showing that focus is visible.

Pages other checks cover everywhere (headings in order, no sideways scrolling at 375 px) are in
test_site_crawl.py, which visits every page once.
"""

from __future__ import annotations

import re
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
            page.goto(site_url + path)  # waits for "load": the palette and Material's components are set up by then
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
  const what = el.tagName + '.' + (el.className || '') + ' ' + (el.textContent || el.value || '').trim().slice(0, 40);
  return {x, y, width: w, height: h, what};
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


# ---------------------------------------------------------------- the pictures (macros/diagrams.py)


def _rgb(css: str) -> tuple[float, float, float, float]:
    parts = [float(x) for x in re.findall(r"[\d.]+", css)]
    return (parts[0], parts[1], parts[2], parts[3] if len(parts) > 3 else 1.0)


def _over(top: tuple[float, float, float, float], bottom: tuple[float, float, float, float], opacity: float = 1.0):
    a = top[3] * opacity
    return tuple(top[i] * a + bottom[i] * (1 - a) for i in range(3)) + (1.0,)


def _contrast(a, b) -> float:
    def lum(c):
        ch = [x / 255 for x in c[:3]]
        ch = [x / 12.92 if x <= 0.03928 else ((x + 0.055) / 1.055) ** 2.4 for x in ch]
        return 0.2126 * ch[0] + 0.7152 * ch[1] + 0.0722 * ch[2]

    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


PICTURE_JS = """(sel) => {
  const el = document.querySelector(sel), s = getComputedStyle(el);
  return {display: getComputedStyle(el.closest('svg')).display, fill: s.fill, opacity: s.fillOpacity};
}"""


@pytest.mark.parametrize("scheme", sorted(SCHEMES))
def test_the_pictures_are_readable_in_both_palettes_and_print(browser, site_url: str, scheme: str) -> None:
    """Text in the loop picture and on the darkest heat-map cell keeps 4.5:1 contrast; phones get the
    stacked layout, wide screens and paper the wide one."""
    context = browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 800})  # type: ignore[arg-type]
    try:
        page = context.new_page()
        page.goto(site_url)
        bg = _rgb(page.evaluate("getComputedStyle(document.body).backgroundColor"))
        name = page.evaluate(PICTURE_JS, ".dg--wide .dg-name")
        card = page.evaluate(PICTURE_JS, ".dg--wide .dg-card")
        assert name["display"] != "none" and page.evaluate(PICTURE_JS, ".dg--narrow .dg-name")["display"] == "none"
        card_colour = _over(_rgb(card["fill"]), bg, float(card["opacity"]))
        assert _contrast(_over(_rgb(name["fill"]), card_colour), card_colour) >= 4.5
        muted = page.evaluate(PICTURE_JS, ".dg--wide .dg-muted")
        assert _contrast(_over(_rgb(muted["fill"]), card_colour), card_colour) >= 4.5

        page.emulate_media(media="print")
        assert page.evaluate(PICTURE_JS, ".dg--wide .dg-name")["display"] != "none"
        page.emulate_media(media="screen")
        page.set_viewport_size({"width": 375, "height": 740})
        assert page.evaluate(PICTURE_JS, ".dg--narrow .dg-name")["display"] != "none"
        assert page.evaluate(PICTURE_JS, ".dg--wide .dg-name")["display"] == "none"

        page.goto(site_url + "matrix/")
        bg = _rgb(page.evaluate("getComputedStyle(document.body).backgroundColor"))
        count = page.evaluate(PICTURE_JS, ".dg--heat .dg-count")
        darkest = page.evaluate(PICTURE_JS, ".dg--heat .dg-heat--4")
        cell = _over(_rgb(darkest["fill"]), bg, float(darkest["opacity"]))
        assert _contrast(_over(_rgb(count["fill"]), cell), cell) >= 4.5
    finally:
        context.close()
