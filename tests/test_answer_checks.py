"""The answer checks in Python: the written-answer corpus reads as a person would, the term language
compiles or says what is wrong, applicability comes from the question's data, and the guide's own
exemplars meet the checks (the validator's rule)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from macros import answer_checks as ac
from macros import model, practice

CORPUS = yaml.safe_load((Path(__file__).parent / "fixtures" / "answers.yml").read_text(encoding="utf-8"))["answers"]


@pytest.fixture(scope="module")
def real() -> model.Model:
    return model.load_or_raise(model.DATA_DIR)


@pytest.fixture(scope="module")
def rules(real: model.Model) -> ac.Rules:
    return practice.rules(real)


@pytest.mark.parametrize("answer", CORPUS, ids=[a["text"][:40] for a in CORPUS])
def test_the_corpus_reads_as_expected(rules: ac.Rules, answer: dict[str, Any]) -> None:
    results = {r["id"]: r["state"] for r in ac.run(rules, [c["id"] for c in rules.checks], answer["text"])}
    assert {k: results[k] for k in answer["expect"]} == answer["expect"]


def test_every_check_is_exercised_both_ways_by_the_corpus(rules: ac.Rules) -> None:
    seen = {(k, v) for a in CORPUS for k, v in a["expect"].items()}
    assert seen == {(c["id"], s) for c in rules.checks for s in ("ok", "flag")}


def test_a_flag_quotes_the_sentences_and_names_missing_parts(rules: ac.Rules) -> None:
    text = "We ship in March. Engagement will double! The harmful output rate stays under 0.1%."
    one_sided, chain = ac.run(rules, ["one-sided-metric", "research-chain"], text)
    assert one_sided == {"id": "one-sided-metric", "state": "flag", "quotes": ["Engagement will double!"], "missing": []}
    assert chain["state"] == "flag" and chain["missing"] == ["finding", "requirement", "eval", "escalation"]


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("One. Two!  Three?\nFour", ["One.", "Two!", "Three?", "Four"]),
        ("Pair it, e.g. with complaints. Next.", ["Pair it, e.g. with complaints.", "Next."]),
        ("Version 2.5 ships.\n\n- a bullet", ["Version 2.5 ships.", "- a bullet"]),
        ("  \n ", []),
    ],
)
def test_sentences(text: str, sentences: list[str]) -> None:
    assert ac.split_sentences(text) == sentences


@pytest.mark.parametrize(
    ("term", "problem"),
    [
        ("rather  than", "doubled, leading or trailing space"),
        ("~2 ship", "a gap stands between two words"),
        ("ship ~2", "ends with a gap"),
        ("ship ~1 ~2 it", "two gaps in a row"),
        ("ship^", "^ may only start a term"),
        ("ha*rm", "not a word, a word* or a word#"),
        ("don*'t", "* and # may only end the word"),
        ("a||b", "empty word"),
    ],
)
def test_bad_terms_say_what_is_wrong(term: str, problem: str) -> None:
    assert problem in (ac.term_problem(term) or "")


def test_terms_match_whole_words_stems_digits_and_gaps() -> None:
    def hit(term: str, text: str) -> bool:
        import re

        return re.search(ac.compile_term(term), ac.lower(text)) is not None

    assert hit("harm*", "Harmful outputs") and not hit("harm*", "pharmacy")
    assert hit("rsp", "the RSP.") and not hit("rsp", "RSPCA")
    assert hit("asl #", "ASL-3") and hit("v#", "v2.2") and not hit("v#", "very")
    assert hit("not ~2 ship", "we will not ever ship") and not hit("not ~1 ship", "not going to ever ship")
    assert hit("don't", "don\u2019t") and hit("^ ~1 result", "- The result was") and not hit("^ ~1 result", "As a result")
    # A term never reaches across a sentence: the joined text separates sentences with a line break.
    assert not hit("ship until", "ship\nuntil")


def test_applicability_comes_from_the_question(rules: ac.Rules) -> None:
    q = {"stages": ["culture"], "strong": {"metric_pairs": ["x"]}}
    assert ac.applicable(rules, q) == ["generic-line", "one-sided-metric", "threshold", "specific-source", "star-shape"]
    assert ac.applicable(rules, {"stages": ["product-case"], "strong": {}}) == ["generic-line", "one-sided-metric"]


def test_every_strong_exemplar_passes_and_every_weak_one_trips(real: model.Model, rules: ac.Rules) -> None:
    for q in real.questions:
        ids = ac.applicable(rules, q)
        strong = ac.run(rules, ids, "\n".join(q["strong"]["outline"]))
        assert [r for r in strong if r["state"] == "flag"] == [], q["id"]
        weak = ac.run(rules, ids, "\n".join(q["weak"]["outline"]))
        assert any(r["state"] == "flag" for r in weak), q["id"]


def test_claims_need_a_source_with_the_names_from_the_vocabulary(rules: ac.Rules) -> None:
    assert ac.first_match(rules, model.NAMES_VOCABULARY, ["nothing here", "since ASL-3 came in"]) == "ASL-3"
    assert ac.first_match(rules, model.NAMES_VOCABULARY, ["a constitutional amendment"]) is None


def test_the_fast_scan_finds_what_finditer_finds(real: model.Model, rules: ac.Rules) -> None:
    # _Answer only tries each expression where a match can start; that must change nothing.
    texts = [a["text"] for a in CORPUS] + ["\n".join(q[p]["outline"]) for q in real.questions for p in ("strong", "weak")]
    for text in texts:
        answer = ac._Answer(rules, text)
        for vocabulary in rules.sources:
            slow = [(m.start(), m.end()) for m in rules.pattern(vocabulary).finditer(answer.joined)]
            assert list(answer._matches(vocabulary)) == slow, (vocabulary, text)
