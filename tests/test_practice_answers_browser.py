"""The practice drill's written answer, its check and spaced review, in real headless Chromium: the answer
is saved and restored, each check flags and clears on a written example, review dates and due-first
drawing on Playwright's fake clock (local days), export and import carry answers and review dates, and
ids from the address or a file cannot break the page."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from macros import practice
from tests.test_practice_browser import FORMAT, _import, _open, _progress_file, _score, _shown, _storage

# For each check: an answer that trips it and a rewrite that clears it (both also in tests/fixtures/answers.yml).
EXAMPLES = {
    "generic-line": ("I really care about safe AI.", "I read the RSP v3.4 change log and disagree with one change."),
    "one-sided-metric": ("Retention goes up 10%.", "We track adoption against the rate of harmful outputs."),
    "threshold": (
        "Adoption against the refusal rate, both reported weekly.",
        "Adoption against the refusal rate, with over-refusal held under 5%.",
    ),
    "launch-bar": (
        "Launch fast, learn, and fix the issues later.",
        "We won't ship the purchase step until it confirms every payment.",
    ),
    "specific-source": (
        "Anthropic has thought a lot about safety, and I like their approach.",
        "ASL-3 was switched on because CBRN risk could not be ruled out.",
    ),
    "research-chain": (
        "Interpretability research is exciting and will make products safer.",
        "Sharma et al. found assistants consistently sycophantic.\nSo the product must hold a correct answer under pushback.\n"
        "The eval: capitulation at most 5% on a held-out pushback set.\nA failing model swap goes to the model-behaviour owner.",
    ),
    "star-shape": (
        "Situation: a feature wasn't ready.\nTask: stop it.\nAction: a meeting.\nResult: the VP agreed.",
        "My position: the bar holds, and I escalate in writing if I lose.",
    ),
}


def _errors(page: Page) -> list[str]:
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    return errors


def _check(page: Page, text: str) -> None:
    page.fill("[data-role=answer-input]", text)
    page.click("[data-action=check-answer]")
    expect(page.locator("[data-role=answer-checks-box]")).to_be_visible()


def test_the_answer_is_saved_as_typed_and_restored(page: Page, site_url: str, data: dict[str, Any]) -> None:
    a, b = data["questions"][0]["id"], data["questions"][1]["id"]
    _open(page, site_url, a)
    page.locator("[data-role=answer-input]").press_sequentially("Scope it to one user.")
    page.evaluate("id => { location.hash = id }", b)
    expect(page.locator("[data-role=card]")).to_have_attribute("data-question", b)
    expect(page.locator("[data-role=answer-input]")).to_have_value("")
    page.reload()
    page.wait_for_selector(".practice.is-ready", state="attached")
    page.evaluate("id => { location.hash = id }", a)
    expect(page.locator("[data-role=answer-input]")).to_have_value("Scope it to one user.")
    stored = json.loads(next(v for k, v in _storage(page).items() if k.endswith(".practice")))
    assert stored["questions"][a] == {"attempts": [], "answer": "Scope it to one user."}
    # Emptying the box removes the saved answer (and the entry, which has no attempts).
    page.fill("[data-role=answer-input]", "")
    stored = json.loads(next(v for k, v in _storage(page).items() if k.endswith(".practice")))
    assert a not in stored["questions"]


@pytest.mark.parametrize("check", sorted(EXAMPLES))
def test_each_check_flags_and_clears_on_a_written_example(page: Page, site_url: str, data: dict[str, Any], check: str) -> None:
    q = next(q for q in data["questions"] if check in q["checks"])
    _open(page, site_url, q["id"])
    bad, good = EXAMPLES[check]
    _check(page, bad)
    results = page.locator("[data-role=answer-checks] > li")
    assert results.evaluate_all("els => els.map(e => e.dataset.check)") == q["checks"]
    result = page.locator(f"[data-role=answer-checks] [data-check={check}]")
    expect(result).to_have_attribute("data-state", "flag")
    # Says what is missing and why, quotes what tripped it (when a sentence did), links the page that teaches it.
    rule = next(c for c in data["answer_checks"]["checks"] if c["id"] == check)
    expect(result).to_contain_text(rule["flag"].split(":")[0])
    link = result.locator("a")
    expect(link).to_have_attribute("href", page.locator(f"a[data-teaches={rule['teaches']}]").get_attribute("href") or "")
    if check in ("generic-line", "one-sided-metric", "star-shape"):
        expect(result.locator("q").first).to_have_text(bad.split("\n")[0])
    expect(page.locator("[data-role=answer-checks-box]")).to_contain_text("not a grade")
    _check(page, good)
    expect(result).to_have_attribute("data-state", "ok")


def test_review_dates_use_the_local_day(browser, site_url: str, data: dict[str, Any]) -> None:
    # 23:30 in Los Angeles is already the next day in UTC: the review date counts local days.
    ctx = browser.new_context(timezone_id="America/Los_Angeles")
    try:
        page = ctx.new_page()
        page.clock.install(time="2026-01-10T23:30:00-08:00")
        q = data["questions"][0]
        _open(page, site_url, q["id"])
        _score(page, {d: 1 for d in q["dimensions"]})
        history = page.locator("[data-role=history]")
        expect(history).to_have_attribute("data-due", "2026-01-11")
        scores = {d: 3 for d in q["dimensions"]}
        _score(page, scores)  # corrects the same attempt: now 3, three days on
        expect(history).to_have_attribute("data-due", "2026-01-13")
        # Repeated top scores: 7 days, then 14, then 28 (the schedule in data.review).
        top = {d: 5 for d in q["dimensions"]}
        attempts = [{"at": f"2026-01-0{i}T20:00:00.000Z", "stage": q["stages"][0], "scores": top} for i in (1, 2, 3)]
        _import(page, "p.json", _progress_file({data["questions"][1]["id"]: attempts}))
        page.evaluate("id => { location.hash = id }", data["questions"][1]["id"])
        expect(history).to_have_attribute("data-due", "2026-01-31")  # Jan 3 (local) + 28
        expect(page.locator("main")).to_contain_text(practice.review_schedule_text())
    finally:
        ctx.close()


def test_draw_prefers_due_questions_and_progress_counts_them(page: Page, site_url: str, data: dict[str, Any]) -> None:
    stage = data["stages"][0]["id"]
    pool = [q for q in data["questions"] if stage in q["stages"]]
    low, high = pool[0], pool[1]
    page.clock.install(time="2026-01-03T12:00:00")
    _open(page, site_url)
    at = "2026-01-01T10:00:00.000Z"
    _import(
        page,
        "p.json",
        _progress_file(
            {
                low["id"]: [{"at": at, "stage": stage, "scores": {d: 1 for d in low["dimensions"]}}],
                high["id"]: [{"at": at, "stage": stage, "scores": {d: 5 for d in high["dimensions"]}}],
            }
        ),
    )
    page.select_option("[data-filter=stage]", stage)
    expect(page.locator("[data-role=pool]")).to_contain_text("1 due for review")
    due = dict(json.loads(page.locator("[data-role=due]").get_attribute("data-due") or "[]"))
    assert due[stage] == 1
    for _ in range(3):  # the due question comes first, whatever the random draw would pick
        page.click("[data-action=draw]")
        assert _shown(page) == low["id"]
        page.evaluate("() => { location.hash = '' }")
        page.reload()
        page.wait_for_selector(".practice.is-ready", state="attached")
        page.select_option("[data-filter=stage]", stage)
    # A week later both are due; the longer overdue comes first, then the other.
    page.clock.set_fixed_time("2026-01-09T12:00:00")
    page.reload()
    page.wait_for_selector(".practice.is-ready", state="attached")
    page.select_option("[data-filter=stage]", stage)
    expect(page.locator("[data-role=pool]")).to_contain_text("2 due for review")
    page.click("[data-action=draw]")
    assert _shown(page) == low["id"]
    page.click("[data-action=draw]")
    assert _shown(page) == high["id"]


def test_export_and_import_carry_answers_and_review_dates(
    page: Page, browser, site_url: str, data: dict[str, Any], tmp_path: Path
) -> None:
    q = data["questions"][2]
    page.clock.install(time="2026-01-10T09:00:00")
    _open(page, site_url, q["id"])
    page.fill("[data-role=answer-input]", "We won't ship until the injection eval passes.")
    _score(page, {d: 3 for d in q["dimensions"]})
    due = page.locator("[data-role=history]").get_attribute("data-due")
    with page.expect_download() as download:
        page.click("[data-action=export]")
    saved = tmp_path / "p.json"
    download.value.save_as(saved)
    exported = json.loads(saved.read_text(encoding="utf-8"))
    assert exported["questions"][q["id"]]["answer"] == "We won't ship until the injection eval passes."
    fresh = browser.new_context()
    try:
        other = fresh.new_page()
        other.clock.install(time="2026-01-10T09:00:00")
        _open(other, site_url)
        _import(other, "p.json", saved.read_bytes())
        expect(other.locator("[data-role=io-status]")).to_contain_text("Imported 1 new attempt and 1 answer")
        other.evaluate("id => { location.hash = id }", q["id"])
        expect(other.locator("[data-role=answer-input]")).to_have_value("We won't ship until the injection eval passes.")
        expect(other.locator("[data-role=history]")).to_have_attribute("data-due", due or "")
    finally:
        fresh.close()


@pytest.mark.parametrize(
    "payload",
    [
        {**FORMAT, "questions": {"q": {"attempts": [], "answer": 5}}},
        {**FORMAT, "questions": {"q": {"attempts": [], "answer": "x" * 20001}}},
        {**FORMAT, "questions": {"__proto__": {"attempts": []}}},
        {**FORMAT, "questions": []},
    ],
)
def test_a_malformed_import_changes_nothing(page: Page, site_url: str, data: dict[str, Any], payload: Any) -> None:
    q = data["questions"][0]
    _open(page, site_url, q["id"])
    page.fill("[data-role=answer-input]", "Mine.")
    stored = _storage(page)
    _import(page, "bad.json", json.dumps(payload).encode())
    expect(page.locator("[data-role=io-status]")).to_contain_text("Nothing was imported")
    assert _storage(page) == stored
    expect(page.locator("[data-role=answer-input]")).to_have_value("Mine.")


@pytest.mark.parametrize("hostile", ["constructor", "__proto__", "toString", "hasOwnProperty", "%E0%A4%A", "valueOf"])
def test_ids_from_the_address_cannot_break_the_drill(page: Page, site_url: str, data: dict[str, Any], hostile: str) -> None:
    errors = _errors(page)
    page.goto(f"{site_url}practice/#{hostile}")
    page.wait_for_selector(".practice.is-ready", state="attached")
    expect(page.locator("[data-role=status]")).to_contain_text("No question has the id")
    expect(page.locator("[data-role=card]")).to_be_hidden()
    page.click("[data-action=draw]")
    expect(page.locator("[data-role=card]")).to_be_visible()
    assert errors == []


def test_prototype_names_in_an_imported_file_stay_plain_data(page: Page, site_url: str, data: dict[str, Any]) -> None:
    errors = _errors(page)
    q = data["questions"][0]
    _open(page, site_url, q["id"])
    stage = q["stages"][0]
    attempt = {"at": "2026-01-01T10:00:00.000Z", "stage": stage, "scores": {"constructor": 1, "tostring": 3}}
    _import(page, "p.json", _progress_file({"constructor": [attempt], "tostring": [attempt], q["id"]: [attempt]}))
    expect(page.locator("[data-role=io-status]")).to_contain_text("Imported 3 new attempts")
    assert page.evaluate("() => ({}).constructor === Object && typeof Object.prototype.tostring === 'undefined'")
    page.reload()
    page.wait_for_selector(".practice.is-ready", state="attached")
    page.click("[data-action=draw]")
    page.click("[data-action=reveal]")
    expect(page.locator("[data-role=answer]")).to_be_visible()
    expect(page.locator("[data-role=summary]")).to_contain_text("on 1 question")  # only real questions count
    assert errors == []


def test_near_miss_and_make_it_yours_show_when_the_question_has_them(page: Page, site_url: str, data: dict[str, Any]) -> None:
    # A fixture on top of the real data: the first question gets a near-miss answer and a make-it-yours note.
    with_near, without = data["questions"][0], data["questions"][1]

    def patch(route) -> None:
        body = route.fetch().text()
        prefix = "window.__guidePracticeAnswers = "
        pairs = json.loads(body.removeprefix(prefix).rstrip().rstrip(";"))
        first = dict(pairs)[with_near["id"]]
        first["near_miss"] = {"outline": ["A competent answer.", "It names a metric."], "why": ["No counter-metric."]}
        first["make_it_yours"] = "Swap in a launch you owned."
        second = dict(pairs)[without["id"]]
        second.pop("near_miss", None)
        route.fulfill(body=prefix + json.dumps(pairs) + ";\n", content_type="application/javascript")

    page.route("**/assets/practice-answers.js*", patch)
    _open(page, site_url, with_near["id"])
    page.click("[data-action=reveal]")
    expect(page.locator("[data-role=near-miss]")).to_be_visible()
    assert page.locator("[data-role=near-miss-outline] li").all_inner_texts() == ["A competent answer.", "It names a metric."]
    assert page.locator("[data-role=near-miss-why] li").all_inner_texts() == ["No counter-metric."]
    expect(page.locator("[data-role=make-it-yours]")).to_have_text("Swap in a launch you owned.")
    page.evaluate("id => { location.hash = id }", without["id"])
    expect(page.locator("[data-role=card]")).to_have_attribute("data-question", without["id"])
    page.click("[data-action=reveal]")
    expect(page.locator("[data-role=answer]")).to_be_visible()
    expect(page.locator("[data-role=near-miss]")).to_be_hidden()
