"""Coverage and honesty rules for the real content, so a later pull request cannot quietly break them."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from macros import model

SHARED = model.ROOT.parent / "shared"
ARTICLE = SHARED / "reference" / "seed-article.txt"
OVERLAP_TOOL = SHARED / "tools" / "seed_overlap.py"


@pytest.fixture(scope="module")
def m() -> model.Model:
    return model.load_or_raise(model.DATA_DIR)


def _shared_available(path: Path) -> None:
    # CI always has shared/ beside the clone; a contributor's fork may not. Never skip in CI.
    if not path.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{path} is missing in CI")
        pytest.skip(f"{path} is not beside this checkout (it is in CI)")


def _norm(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def test_at_least_eighty_five_distinct_questions(m: model.Model) -> None:
    prompts = [_norm(q["prompt"]) for q in m.questions]
    assert len(set(prompts)) == len(prompts), "two questions share a prompt"
    assert len(prompts) >= 85


def test_every_stage_dimension_cell_has_three_questions(m: model.Model) -> None:
    thin = {
        (s["id"], d["id"]): n
        for s in m.stages
        for d in m.dimensions
        if (n := len(m.questions_for(stage=s["id"], dimension=d["id"]))) < 3
    }
    assert thin == {}


def test_reported_questions_are_the_articles_verbatim(m: model.Model) -> None:
    _shared_available(ARTICLE)
    quoted = re.findall(r"^\s*•\s*“(.+)”\s*$", ARTICLE.read_text(encoding="utf-8"), flags=re.M)
    assert len(quoted) == 5
    reported = [q for q in m.questions if q["provenance"] == "reported"]
    assert sorted(_norm(q["prompt"]) for q in reported) == sorted(_norm(t) for t in quoted)
    for q in reported:
        assert m.get("sources", q["source"])["kind"] == "prep-material"


def test_questions_are_complete(m: model.Model) -> None:
    for q in m.questions:
        assert len(q["strong"]["outline"]) >= 3, q["id"]
        assert len(q["weak"]["outline"]) >= 2, q["id"]
        assert len(q["probes"]) >= 2, q["id"]


def test_toolkit_sizes_and_spread(m: model.Model) -> None:
    assert len(m.metric_pairs) >= 20
    surfaces = {p["surface"] for p in m.metric_pairs}
    assert {
        "enterprise-legal",
        "enterprise-health",
        "enterprise-finance",
        "agentic-coding",
        "computer-use",
        "consumer-chat",
        "api",
    } <= surfaces
    assert len(m.translations) >= 8
    assert len(m.launch_bars) >= 10
    assert len(m.rsp_tensions) >= 6
    assert {b["id"] for b in m.briefings} >= {"why-anthropic", "commercial-thesis", "role-differences"}


def test_translations_start_from_papers_or_official_documents(m: model.Model) -> None:
    for t in m.translations:
        kinds = {m.get("sources", s)["kind"] for s in t["finding"]["sources"]}
        assert kinds & {"paper", "official"}, t["id"]


def test_rsp_tensions_cite_the_policy(m: model.Model) -> None:
    for t in m.rsp_tensions:
        assert any(m.get("sources", s)["kind"] == "official" for s in t["sources"]), t["id"]


def test_loop_facts_cite_the_prep_material(m: model.Model) -> None:
    for s in m.stages:
        assert any(m.get("sources", x)["kind"] == "prep-material" for x in s["sources"]), s["id"]


def test_every_source_is_used(m: model.Model) -> None:
    text = "\n".join(p.read_text(encoding="utf-8") for p in (model.ROOT / "data").rglob("*.yml") if p.name != "sources.yml")
    unused = [s["id"] for s in m.sources if not re.search(rf"\b{re.escape(s['id'])}\b", text)]
    assert unused == []


def test_no_sentence_copied_from_the_article() -> None:
    _shared_available(OVERLAP_TOOL)
    paths = [str(model.ROOT / p) for p in ("data", "content", "overrides", "macros", "README.md") if (model.ROOT / p).exists()]
    result = subprocess.run([sys.executable, str(OVERLAP_TOOL), *paths], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


# ---------------------------------------------------------------- issue 16: near misses, autonomy, statistics

HIGH_STAKES = {"enterprise-legal", "enterprise-health", "enterprise-finance", "agentic-coding", "computer-use"}
AUTONOMY_BAR = "no-review-retired-without-evidence"


def test_near_misses_on_every_reported_question_and_thirty_more(m: model.Model) -> None:
    reported = [q["id"] for q in m.questions if q["provenance"] == "reported" and not q.get("near_miss")]
    assert reported == []
    others = [q for q in m.questions if q["provenance"] != "reported" and q.get("near_miss")]
    assert len(others) >= 30


def test_every_question_says_what_to_make_your_own(m: model.Model) -> None:
    assert [q["id"] for q in m.questions if not q.get("make_it_yours")] == []


def test_every_threshold_states_its_sample_and_confidence(m: model.Model) -> None:
    missing = [p["id"] for p in m.metric_pairs if not p["risk"].get("sampling") or not p["value"].get("target")]
    missing += [t["id"] for t in m.translations if not t["eval"].get("sampling")]
    missing += [b["id"] for b in m.launch_bars if not b.get("sampling")]
    assert missing == []


def test_high_stakes_pairs_say_how_review_is_retired(m: model.Model) -> None:
    assert [p["id"] for p in m.metric_pairs if p["surface"] in HIGH_STAKES and not p.get("retire_review")] == []


def test_retiring_review_has_a_launch_bar_and_four_questions(m: model.Model) -> None:
    assert AUTONOMY_BAR in m.by_id["launch_bars"]
    using = [q["id"] for q in m.questions if AUTONOMY_BAR in q["strong"].get("launch_bars", [])]
    assert len(using) >= 4, using


def test_the_guide_writes_one_spelling_per_term(m: model.Model) -> None:
    """The validator holds data/ to the spelling rules; the hand-written pages are held here."""
    rules = [r for r in m.style_rules if r["kind"] == "spelling"]
    assert rules, "no spelling rules"
    found = []
    for page in (model.ROOT / "content").rglob("*.md"):
        text = page.read_text(encoding="utf-8")
        for r in rules:
            if model._phrase_pattern(r["avoid"]).search(text):
                found.append((page.name, r["id"]))
    assert found == []


def test_every_template_answer_has_a_finished_example(m: model.Model) -> None:
    """A strong answer written as a template ("Template, filled with your own…") shows one finished story."""
    templates = [q for q in m.questions if re.match(r"\s*template\b", q["strong"]["outline"][0], re.I)]
    assert [q["id"] for q in templates if not q["strong"].get("worked_example")] == []
