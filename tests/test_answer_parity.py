"""The answer checks run in Python (validator) and in JavaScript (the practice drill). This runs the
browser's implementation in Chromium, as the page loads it, and the Python one over every exemplar of the
guide and the fixture corpus of written answers, and requires identical results check by check: state,
quoted sentences and missing parts. The sentence splitting is compared on its own too."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from playwright.sync_api import Page

from macros import answer_checks, model, practice

CORPUS = Path(__file__).parent / "fixtures" / "answers.yml"


@pytest.fixture(scope="module")
def rules() -> answer_checks.Rules:
    return practice.rules(model.load_or_raise(model.DATA_DIR))


def texts() -> list[str]:
    real = model.load_or_raise(model.DATA_DIR)
    out = [a["text"] for a in yaml.safe_load(CORPUS.read_text(encoding="utf-8"))["answers"]]
    for q in real.questions:
        for part in ("strong", "weak", "near_miss"):
            if part in q:
                out.append("\n".join(q[part]["outline"]))
    # Edge cases of splitting and lowering the two languages could read differently.
    out += [
        "",
        "   ",
        "One.Two. Three!  Four?\n\nFive",
        "e.g. this. And i.e. that, vs. the other. etc. Next",
        "Astral 🎉🎉 emoji. İstanbul KELVIN \u212a sign. ß und ẞ.",
        "tabs\tand\r\nwindows\rlines.",
        "won\u2019t ship until",
        "x" * 300 + " engagement " + "y " * 50,
        "ASL-3, asl 3, ASL3 and Opus 4.5.",
    ]
    return out


def _browser_results(page: Page, ids: list[str], batch: list[str]) -> list[Any]:
    return page.evaluate(
        """([rules, ids, batch]) => {
            const ac = window.__guideAnswerChecks;
            const c = ac.compile(rules);
            return batch.map(t => ({results: ac.run(c, ids, t), sentences: ac.split(c, t)}));
        }""",
        [practice.practice_data(model.load_or_raise(model.DATA_DIR))["answer_checks"], ids, batch],
    )


def test_corpus_is_large_enough() -> None:
    assert len(yaml.safe_load(CORPUS.read_text(encoding="utf-8"))["answers"]) >= 40


def test_browser_and_python_agree_check_by_check(page: Page, site_url: str, rules: answer_checks.Rules) -> None:
    page.goto(site_url + "practice/")
    page.wait_for_selector(".practice.is-ready", state="attached")
    ids = [c["id"] for c in rules.checks]
    batch = texts()
    got = _browser_results(page, ids, batch)
    flagged = set()
    for text, browser in zip(batch, got, strict=True):
        assert browser["sentences"] == answer_checks.split_sentences(text), text
        python = answer_checks.run(rules, ids, text)
        for b, p in zip(browser["results"], python, strict=True):
            assert b == p, (text, b, p)
            if p["state"] == "flag":
                flagged.add(p["id"])
    # The comparison covered both outcomes of every check.
    assert flagged == set(ids)


def test_the_expressions_stay_in_the_shared_dialect(rules: answer_checks.Rules) -> None:
    # Only constructs that mean the same in Python's re and ECMAScript RegExp (no \s \w \b \d, no flags,
    # no named groups, lookbehind of one character class only).
    import re

    allowed = re.compile(
        r"^(?:[a-z0-9 ]|\[\^?[a-z0-9\\n-]+\]|\(\?:|\(\?<!\[\^?[a-z0-9\\n-]+\]\)|\(\?!\[a-z0-9\]\)|[|)*+]|\{0,[0-9]\})+$"
    )
    windows = [
        w
        for c in rules.checks
        if c["rule"]["kind"] == "one_sided"
        for w in answer_checks.window_sources(c["rule"], rules.sources)
    ]
    for source in [*rules.sources.values(), *(w.strip("^$") for w in windows)]:
        assert allowed.match(source.replace("\\-", "-").replace("\\'", "'")), source[:200]
