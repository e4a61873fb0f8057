"""The practice drill in real headless Chromium: drawing, revealing, scoring, saving, export/import,
the timer (on Playwright's fake clock, so no assertion depends on real time), keyboard use, a phone
width, both palettes and Material's instant navigation."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

FORMAT = {"format": "anthropic-pm-guide-practice", "version": 1}


def _q(data: dict[str, Any], qid: str) -> dict[str, Any]:
    return next(q for q in data["questions"] if q["id"] == qid)


def _stage(data: dict[str, Any], sid: str) -> dict[str, Any]:
    return next(s for s in data["stages"] if s["id"] == sid)


def _open(page: Page, site_url: str, qid: str = "") -> None:
    page.goto(f"{site_url}practice/" + (f"#{qid}" if qid else ""))
    page.wait_for_selector(".practice.is-ready", state="attached")
    if qid:
        expect(page.locator("[data-role=card]")).to_have_attribute("data-question", qid)


def _shown(page: Page) -> str:
    return page.locator("[data-role=card]").get_attribute("data-question") or ""


def _score(page: Page, scores: dict[str, int]) -> None:
    if page.locator("[data-role=answer]").is_hidden():
        page.click("[data-action=reveal]")
    for dim, n in scores.items():
        page.check(f"input[name='practice-score-{dim}'][value='{n}']")
    page.click("[data-action=save-scores]")
    expect(page.locator("[data-role=save-status]")).to_contain_text("Saved")


def _storage(page: Page) -> dict[str, str]:
    return page.evaluate("() => Object.fromEntries(Object.entries(localStorage))")


def _progress_text(page: Page) -> str:
    return page.locator("[data-role=progress]").inner_text()


def _import(page: Page, name: str, payload: bytes) -> None:
    with page.expect_file_chooser() as chooser:
        page.click("[data-action=import]")
    chooser.value.set_files({"name": name, "mimeType": "application/json", "buffer": payload})


def _progress_file(attempts: dict[str, list[dict[str, Any]]]) -> bytes:
    return json.dumps({**FORMAT, "questions": {qid: {"attempts": a} for qid, a in attempts.items()}}).encode()


def _narrow_combo(data: dict[str, Any]) -> tuple[str, str, str, list[str]]:
    """Stage, dimension and provenance filters that leave a small pool (at least two questions)."""
    combos = []
    for s in data["stages"]:
        for d in data["dimensions"]:
            for p in data["provenance"]:
                ids = [
                    q["id"]
                    for q in data["questions"]
                    if s["id"] in q["stages"] and d["id"] in q["dimensions"] and q["provenance"] == p
                ]
                if len(ids) >= 2:
                    combos.append((len(ids), s["id"], d["id"], p, ids))
    _, s, d, p, ids = min(combos)
    return s, d, p, ids


# ---------------------------------------------------------------- drawing and revealing


def test_filters_restrict_draws(page: Page, site_url: str, data: dict[str, Any]) -> None:
    stage, dim, prov, expected = _narrow_combo(data)
    _open(page, site_url)
    page.select_option("[data-filter=stage]", stage)
    page.select_option("[data-filter=dimension]", dim)
    page.select_option("[data-filter=provenance]", prov)
    expect(page.locator("[data-role=pool]")).to_contain_text(f"{len(expected)} questions match")
    seen = []
    for _ in range(3 * len(expected)):
        page.click("[data-action=draw]")
        qid = _shown(page)
        assert qid in expected
        expect(page.locator("[data-role=prompt]")).to_have_text(_q(data, qid)["prompt"])
        seen.append(qid)
    # A draw never repeats the question on screen when the pool has another.
    assert all(a != b for a, b in zip(seen, seen[1:], strict=False))
    assert page.url.endswith("#" + seen[-1])
    assert page.foreign_requests == []  # type: ignore[attr-defined]


def test_draw_prefers_unpractised_then_least_recent(page: Page, site_url: str, data: dict[str, Any]) -> None:
    stage, dim, prov, pool = _narrow_combo(data)
    scores = {dim: 3}
    # Two days after the imported attempts: none is due for review yet (a 3 comes back after three days).
    page.clock.install(time="2026-01-03T12:00:00")
    _open(page, site_url)
    # Every question in the pool practised for this round but the last one.
    times = {qid: f"2026-01-0{i + 1}T10:00:00.000Z" for i, qid in enumerate(pool)}
    _import(page, "p.json", _progress_file({qid: [{"at": times[qid], "stage": stage, "scores": scores}] for qid in pool[:-1]}))
    expect(page.locator("[data-role=io-status]")).to_contain_text("Imported")
    for name, value in (("stage", stage), ("dimension", dim), ("provenance", prov)):
        page.select_option(f"[data-filter={name}]", value)
    expect(page.locator("[data-role=pool]")).to_contain_text("1 not practised yet")
    page.click("[data-action=draw]")
    assert _shown(page) == pool[-1]
    # Now all practised: the next draw is the one practised longest ago (the first).
    _import(page, "p.json", _progress_file({pool[-1]: [{"at": "2026-02-01T10:00:00.000Z", "stage": stage, "scores": scores}]}))
    page.click("[data-action=draw]")
    assert _shown(page) == pool[0]


def test_reveal_shows_the_drawn_questions_exemplars(page: Page, site_url: str, data: dict[str, Any]) -> None:
    _open(page, site_url)
    page.click("[data-action=draw]")
    q = _q(data, _shown(page))
    answer = page.locator("[data-role=answer]")
    expect(answer).to_be_hidden()
    page.click("[data-action=reveal]")
    expect(answer).to_be_visible()
    expect(page.locator("[data-action=reveal]")).to_have_attribute("aria-expanded", "true")
    assert page.locator("[data-role=strong-outline] li").all_inner_texts() == q["strong"]["outline"]
    assert page.locator("[data-role=strong-why] li").all_inner_texts() == q["strong"]["why"]
    assert page.locator("[data-role=weak-outline] li").all_inner_texts() == q["weak"]["outline"]
    assert page.locator("[data-role=weak-why] li").all_inner_texts() == q["weak"]["why"]
    assert page.locator("[data-role=probes] li").all_inner_texts() == q["probes"]
    expect(page.locator("[data-role=tests]")).to_have_text(q["tests"])
    # One 1/3/5 choice per scored dimension, each with its anchor text.
    legends = page.locator(".practice-score legend").all_inner_texts()
    names = {d["id"]: d for d in data["dimensions"]}
    assert legends == [names[d]["name"] for d in q["dimensions"]]
    first = names[q["dimensions"][0]]
    options = page.locator(".practice-score").first.locator(".practice-score__anchor").all_inner_texts()
    assert options == [first["anchors"][f"score_{n}"] for n in data["scores"]]


def test_a_question_opens_from_its_address(page: Page, site_url: str, data: dict[str, Any]) -> None:
    q = data["questions"][-1]
    _open(page, site_url, q["id"])
    expect(page.locator("[data-role=prompt]")).to_have_text(q["prompt"])
    page.evaluate("id => { location.hash = id }", data["questions"][0]["id"])
    expect(page.locator("[data-role=card]")).to_have_attribute("data-question", data["questions"][0]["id"])
    page.evaluate("() => { location.hash = 'no-such-question' }")
    expect(page.locator("[data-role=status]")).to_contain_text("no-such-question")


# ---------------------------------------------------------------- saving, export, import


def test_a_score_survives_a_reload(page: Page, site_url: str, data: dict[str, Any]) -> None:
    q = next(q for q in data["questions"] if len(q["dimensions"]) >= 2)
    stage = q["stages"][0]
    _open(page, site_url, q["id"])
    scores = {d: n for d, n in zip(q["dimensions"], [1, 5, 3, 1], strict=False)}
    _score(page, scores)
    page.reload()
    page.wait_for_selector(".practice.is-ready", state="attached")
    history = page.locator("[data-role=history]")
    expect(history).to_contain_text("Practised 1 time")
    names = {d["id"]: d["name"] for d in data["dimensions"]}
    for d, n in scores.items():
        expect(history).to_contain_text(f"{names[d]} {n}")
    in_cell = [x for x in data["questions"] if stage in x["stages"] and q["dimensions"][0] in x["dimensions"]]
    cell = page.locator(f"td[data-stage='{stage}'][data-dimension='{q['dimensions'][0]}']")
    expect(cell).to_contain_text(f"1/{len(in_cell)}")
    expect(cell).to_contain_text("1.0")
    expect(cell).to_have_class("is-weak")


def test_export_then_import_into_a_fresh_profile_restores_progress(
    page: Page, browser, site_url: str, data: dict[str, Any], tmp_path: Path
) -> None:
    a, b = data["questions"][0], data["questions"][5]
    _open(page, site_url, a["id"])
    _score(page, {d: 5 for d in a["dimensions"]})
    page.evaluate("id => { location.hash = id }", b["id"])
    expect(page.locator("[data-role=card]")).to_have_attribute("data-question", b["id"])
    _score(page, {d: 3 for d in b["dimensions"]})
    before = _progress_text(page)
    with page.expect_download() as download:
        page.click("[data-action=export]")
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    exported = json.loads(saved.read_text(encoding="utf-8"))
    assert exported["format"] == FORMAT["format"] and set(exported["questions"]) == {a["id"], b["id"]}

    fresh = browser.new_context()
    try:
        other = fresh.new_page()
        _open(other, site_url)
        assert "1/" not in _progress_text(other)
        _import(other, saved.name, saved.read_bytes())
        expect(other.locator("[data-role=io-status]")).to_contain_text("Imported 2 new attempts")
        assert _progress_text(other) == before
        assert _storage(other) == _storage(page)
        # Importing the same file again merges: nothing is counted twice.
        _import(other, saved.name, saved.read_bytes())
        expect(other.locator("[data-role=io-status]")).to_contain_text("Imported 0 new attempts; you now have 2 attempts")
        assert _progress_text(other) == before
    finally:
        fresh.close()


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        (b"{not json", "not valid JSON"),
        (json.dumps({"format": "something-else", "version": 1, "questions": {}}).encode(), "not a practice progress file"),
        (b"", "not valid JSON"),
    ],
)
def test_a_malformed_import_shows_an_error_and_changes_nothing(
    page: Page, site_url: str, data: dict[str, Any], payload: bytes, message: str
) -> None:
    q = data["questions"][0]
    _open(page, site_url, q["id"])
    _score(page, {d: 3 for d in q["dimensions"]})
    stored, shown = _storage(page), _progress_text(page)
    _import(page, "bad.json", payload)
    status = page.locator("[data-role=io-status]")
    expect(status).to_contain_text("Nothing was imported")
    expect(status).to_contain_text(message)
    expect(status).to_have_class("practice-status is-error")
    assert _storage(page) == stored and _progress_text(page) == shown


def test_an_import_with_one_bad_score_is_rejected_whole(page: Page, site_url: str, data: dict[str, Any]) -> None:
    q1, q2 = data["questions"][0], data["questions"][1]
    d1, d2 = q1["dimensions"][0], q2["dimensions"][0]
    good = {"at": "2026-01-01T10:00:00.000Z", "stage": q1["stages"][0], "scores": {d1: 5}}
    bad = {"at": "2026-01-02T10:00:00.000Z", "stage": q2["stages"][0], "scores": {d2: 4}}
    _open(page, site_url)
    stored, shown = _storage(page), _progress_text(page)
    _import(page, "bad.json", _progress_file({q1["id"]: [good], q2["id"]: [bad]}))
    expect(page.locator("[data-role=io-status]")).to_contain_text(
        f'questions["{q2["id"]}"].attempts[0].scores["{d2}"]: 4 is not one of 1, 3, 5'
    )
    assert _storage(page) == stored and _progress_text(page) == shown


def test_clear_all_asks_first(page: Page, site_url: str, data: dict[str, Any]) -> None:
    q = data["questions"][0]
    _open(page, site_url, q["id"])
    _score(page, {d: 5 for d in q["dimensions"]})
    stored = _storage(page)
    page.click("[data-action=clear]")
    confirm = page.locator("[data-role=confirm-clear]")
    expect(confirm).to_be_visible()
    expect(confirm).to_contain_text("Delete all 1 saved attempt")
    page.click("[data-action=cancel-clear]")
    expect(confirm).to_be_hidden()
    assert _storage(page) == stored
    page.click("[data-action=clear]")
    page.click("[data-action=confirm-clear]")
    expect(page.locator("[data-role=io-status]")).to_contain_text("deleted")
    assert not any(k.endswith(".practice") for k in _storage(page))
    expect(page.locator("[data-role=history]")).to_have_text("You have not practised this question yet.")


# ---------------------------------------------------------------- timer


def test_timer_counts_down_the_rounds_minutes_and_never_blocks(page: Page, site_url: str, data: dict[str, Any]) -> None:
    q = data["questions"][0]
    minutes = _stage(data, q["stages"][0])["answer_minutes"]
    page.clock.install()
    _open(page, site_url, q["id"])
    page.clock.pause_at(1_900_000_000_000)
    clock = page.locator("[data-role=clock]")
    expect(clock).to_have_text(f"{minutes}:00")
    page.click("[data-action=start-timer]")
    expect(page.locator("[data-action=pause-timer]")).to_be_enabled()
    page.clock.run_for(61_000)
    expect(clock).to_have_text(f"{minutes - 2}:59")
    page.click("[data-action=pause-timer]")
    page.clock.run_for(30_000)
    expect(clock).to_have_text(f"{minutes - 2}:59")
    expect(page.locator("[data-action=start-timer]")).to_have_text("Resume")
    page.click("[data-action=reset-timer]")
    expect(clock).to_have_text(f"{minutes}:00")
    page.click("[data-action=start-timer]")
    page.clock.run_for(minutes * 60_000 + 5_000)
    expect(clock).to_have_text("+0:05 over")
    expect(page.locator("[data-role=timer-alert]")).to_contain_text("Time is up")
    # Running past zero blocks nothing: the rubric opens and scores save while it counts.
    _score(page, {d: 3 for d in q["dimensions"]})


# ---------------------------------------------------------------- keyboard, phone, palettes, navigation


def test_keyboard_only(page: Page, site_url: str, data: dict[str, Any]) -> None:
    _open(page, site_url)
    page.focus("[data-filter=stage]")  # where Tab from the page's intro lands
    page.keyboard.press("ArrowDown")  # choose the first round
    first_stage = data["stages"][0]["id"]
    assert page.locator("[data-filter=stage]").input_value() == first_stage
    for _ in range(3):
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.dataset.action") == "draw"
    page.keyboard.press("Enter")
    q = _q(data, _shown(page))
    assert first_stage in q["stages"]
    assert page.evaluate("document.activeElement.dataset.role") == "prompt"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.dataset.action") == "start-timer"
    page.keyboard.press("Enter")
    # Start disables itself; focus moves to Pause instead of being lost.
    assert page.evaluate("document.activeElement.dataset.action") == "pause-timer"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.dataset.action") == "start-timer"
    page.keyboard.press("Tab")  # reset
    page.keyboard.press("Tab")  # the answer
    assert page.evaluate("document.activeElement.dataset.role") == "answer-input"
    page.keyboard.type("Scope to one user first. I love Claude.")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.dataset.action") == "check-answer"
    page.keyboard.press("Enter")
    expect(page.locator("[data-check=generic-line]")).to_have_attribute("data-state", "flag")
    # The results come next in the tab order: each flagged check's link to the page that teaches it.
    links = page.locator("[data-role=answer-checks] a").count()
    assert links >= 1
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('[data-check]').dataset.check") == "generic-line"
    for _ in range(links):
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.dataset.action") == "reveal"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.dataset.role") == "answer-title"
    # Each scored dimension is a radio group: Tab enters it, arrows pick 1, 3 or 5.
    for _ in q["dimensions"]:
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.type") == "radio"
        page.keyboard.press("ArrowRight")
        page.keyboard.press("ArrowRight")  # 5
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.dataset.action") == "save-scores"
    page.keyboard.press("Enter")
    expect(page.locator("[data-role=save-status]")).to_contain_text("Saved")
    expect(page.locator("[data-role=history]")).to_contain_text(" 5")


def test_fits_a_375_pixel_screen(browser, site_url: str, data: dict[str, Any]) -> None:
    ctx = browser.new_context(viewport={"width": 375, "height": 740})
    try:
        page = ctx.new_page()
        q = max(data["questions"], key=lambda q: len(q["dimensions"]))
        _open(page, site_url, q["id"])
        _score(page, {d: 1 for d in q["dimensions"]})
        page.fill("[data-role=answer-input]", "Situation: x. Task: y. Action: z. Result: engagement went up. " + "w" * 80)
        page.click("[data-action=check-answer]")
        expect(page.locator("[data-role=answer-checks] li").first).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        wide = page.evaluate(
            """() => [...document.querySelectorAll(
                    '.practice button, .practice select, .practice textarea, .practice input[type=radio], .practice table')]
                .filter(e => e.offsetParent !== null && e.getBoundingClientRect().right > 375)
                .map(e => e.outerHTML.slice(0, 80))"""
        )
        assert wide == []
    finally:
        ctx.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_readable_in_both_palettes(browser, site_url: str, data: dict[str, Any], scheme: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    ctx = browser.new_context(color_scheme=scheme)
    try:
        page = ctx.new_page()
        q = next(q for q in data["questions"] if len(q["dimensions"]) >= 3)
        _open(page, site_url, q["id"])
        assert page.locator("body").get_attribute("data-md-color-scheme") == ("slate" if scheme == "dark" else "default")
        # One weak, one fair and one strong cell in the progress view, and the rubric open.
        stage = q["stages"][0]
        attempts: dict[str, list[dict[str, Any]]] = {}
        for i, (d, n) in enumerate(zip(q["dimensions"], [1, 3, 5], strict=False)):
            attempts.setdefault(q["id"], []).append({"at": f"2026-01-0{i + 1}T10:00:00.000Z", "stage": stage, "scores": {d: n}})
        _import(page, "p.json", _progress_file(attempts))
        page.click("[data-action=reveal]")
        # Results of the answer check on screen too, one flagged and one passing at least.
        page.fill("[data-role=answer-input]", "I really care about safe AI. Retention goes up 10%.")
        page.click("[data-action=check-answer]")
        expect(page.locator("[data-role=answer-checks] [data-state=flag]").first).to_be_visible()
        page.locator("h1").click()  # no hover or focus styles in the way
        for level in ("is-weak", "is-mid", "is-strong"):
            assert page.locator(f"td.{level}").count() > 0, level
        result = Axe().run(page, context=".practice")
        violations = [(v["id"], [n["target"] for n in v["nodes"]]) for v in result.response["violations"]]
        assert violations == []
    finally:
        ctx.close()


def test_works_with_instant_navigation(page: Page, built_site: Path, site_url: str, data: dict[str, Any]) -> None:
    # Material navigates instantly only to pages its sitemap.xml lists at this host and path; the
    # sitemap names the real site_url, so point it at the test server as a deployed site would be.
    sitemap = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    site_root = min(re.findall(r"<loc>(.*?)</loc>", sitemap), key=len)
    page.route(
        "**/sitemap.xml", lambda route: route.fulfill(body=sitemap.replace(site_root, site_url), content_type="application/xml")
    )
    page.goto(site_url + "sources/")
    page.evaluate("() => { window.__noReload = true }")
    page.locator("a.md-nav__link:visible", has_text="Practice drill").first.click()
    page.wait_for_selector(".practice.is-ready", state="attached")
    assert page.evaluate("() => window.__noReload") is True  # the page was swapped in, not loaded
    page.click("[data-action=draw]")
    assert _shown(page)
    # Away and back again: a fresh drill starts on the new page and the old one is gone.
    page.locator("a.md-nav__link:visible", has_text="Sources").first.click()
    page.wait_for_url("**/sources/")
    page.locator("a.md-nav__link:visible", has_text="Practice drill").first.click()
    page.wait_for_selector(".practice.is-ready", state="attached")
    assert page.evaluate("() => window.__noReload") is True
    page.click("[data-action=draw]")
    page.click("[data-action=reveal]")
    expect(page.locator("[data-role=answer]")).to_be_visible()
    assert page.foreign_requests == []  # type: ignore[attr-defined]


def test_works_opened_from_disk(page: Page, built_site: Path, data: dict[str, Any]) -> None:
    # From file:// fetch() is blocked and Material's document$ never fires: the drill still starts,
    # reads its data from the script file and saves scores.
    q = data["questions"][1]
    page.goto((built_site / "practice" / "index.html").as_uri() + "#" + q["id"])
    page.wait_for_selector(".practice.is-ready", state="attached")
    expect(page.locator("[data-role=prompt]")).to_have_text(q["prompt"])
    _score(page, {d: 5 for d in q["dimensions"]})
    page.reload()
    page.wait_for_selector(".practice.is-ready", state="attached")
    expect(page.locator("[data-role=history]")).to_contain_text("Practised 1 time")
