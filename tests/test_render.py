"""Render functions: exact Markdown for the fixture data, and escaping of hostile text.

Page-sized outputs are compared with golden files in tests/golden/. After an intended change to the
output, regenerate them with `UPDATE_GOLDEN=1 pytest tests/test_render.py` and review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path
from types import MappingProxyType

import pytest

from macros import model, render
from tests.conftest import FIXTURE

GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture(scope="module")
def m() -> model.Model:
    return model.load_or_raise(FIXTURE)


def test_question_exact(m: model.Model) -> None:
    assert render.question(m, m.get("questions", "q-why"), "questions/screen.md") == (
        "## Why this company? {#q-why}\n\n"
        '<p class="q-meta" data-search-exclude="" markdown>'
        "Practice question written for this guide · Comes up in: [Screen](../stages/screen.md)"
        " · Scores: [Sense](../dimensions/sense.md)</p>\n\n"
        # The answers stay on the page but out of the search index (issue 8).
        '<section data-search-exclude="" markdown>\n\n'
        "**What it tests.** Motivation.\n\n"
        '=== "Strong answer"\n\n'
        "    1. Cite the paper.\n\n"
        "    **Why it works**\n\n"
        "    - Specific\n\n"
        "    *Sources: [A paper](../sources.md#paper)*\n\n"
        '=== "Weak answer"\n\n'
        "    1. I love Claude.\n\n"
        "    **Why it falls short**\n\n"
        "    - Generic\n\n"
        '??? question "Follow-up probes"\n\n'
        "    - Which part?\n\n"
        "</section>"
    )


def test_matrix_exact_and_flags_gaps(m: model.Model) -> None:
    out = render.matrix(m)
    assert "| [Screen](stages/screen.md) | [1](stages/screen.md#q-sense) | [0 (gap)](stages/screen.md#q-safety){ .gap } |" in out
    assert "| [Case](stages/case.md) | [0 (gap)](stages/case.md#q-sense){ .gap } | [1](stages/case.md#q-safety) |" in out
    assert out.endswith("2 cell(s) have no question yet: marked *gap*.\n")


def test_loop_overview_exact(m: model.Model) -> None:
    assert render.loop_overview(m) == (
        "| Stage | Length | [Sense](dimensions/sense.md) | [Safety](dimensions/safety.md) |\n"
        "|---|---|---|---|\n"
        "| 1. [Screen](stages/screen.md) | 30 min | High | Low |\n"
        "| 2. [Case](stages/case.md) | not reported | not scored | High |\n\n"
        "*Emphasis is this guide's reading of the reported material, not an official weighting.*\n"
    )


def test_links_are_relative_to_the_page() -> None:
    assert render.link("stages/a.md", "questions.md", "q1") == "../questions.md#q1"
    assert render.link("index.md", "stages/a.md") == "stages/a.md"
    assert render.link("checklists/a.md", "stages/a.md") == "../stages/a.md"


def test_escaping_neutralises_html_and_table_pipes() -> None:
    assert render.esc("<script>x</script> & co") == "&lt;script&gt;x&lt;/script&gt; &amp; co"
    assert render.cell("a | b") == "a \\| b"
    assert render.attr('say "hi"') == "say &quot;hi&quot;"


def test_hostile_text_never_reaches_the_page_raw(m: model.Model) -> None:
    # Bypass the validator on purpose: render must still escape (defence in depth).
    q = dict(m.get("questions", "q-why"))
    q["prompt"] = "<img src=x onerror=alert(1)>"
    q["tests"] = "<script>alert(1)</script>"
    out = render.question(m, MappingProxyType(q), "questions/screen.md")
    assert "<img" not in out and "<script" not in out
    assert "&lt;img src=x onerror=alert(1)&gt;" in out


def test_reviewed_line(m: model.Model) -> None:
    assert render.reviewed([m.get("sources", "prep")]) == '<p class="last-reviewed">Last reviewed 2026-11-01.</p>'
    assert "between 2026-11-01 and 2026-11-02" in render.reviewed(m.sources)


PAGES = {
    "stage-case": lambda m: render.stage(m, "case"),
    "dimension-safety": lambda m: render.dimension(m, "safety"),
    "question-bank": render.question_bank,
    "question-round-case": lambda m: render.question_round(m, "case"),
    "question-detail": lambda m: render.question_detail(m, "q-metrics"),
    "metric-pairs": render.metric_pairs,
    "translations": render.translations,
    "launch-bars": render.launch_bars,
    "rsp-tensions": render.rsp_tensions,
    "sources": render.sources,
    "briefings": render.briefings,
}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_matches_golden(name: str, m: model.Model) -> None:
    out = PAGES[name](m)
    path = GOLDEN / f"{name}.md"
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(out, encoding="utf-8")
    assert out == path.read_text(encoding="utf-8")


def test_every_macro_is_registered_and_callable(m: model.Model) -> None:
    # Registration is data: the macros glue registers exactly render.MACROS.
    assert {"stage", "dimension", "question_bank", "matrix"} <= set(render.MACROS)
