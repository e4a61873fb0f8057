"""Checklist and self-score pages: exact output for the fixture, escaping, pages and nav, and the
worst-case data the print-limit test builds."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pytest

from macros import checklists, model, pages, render
from scripts import pdf, print_limits
from tests.conftest import FIXTURE


@pytest.fixture(scope="module")
def m() -> model.Model:
    return model.load_or_raise(FIXTURE)


def with_stage(m: model.Model, stage: dict[str, Any]) -> model.Model:
    """The model with one stage replaced, bypassing the validator (to test escaping on its own)."""
    stages = tuple(MappingProxyType(stage) if s["id"] == stage["id"] else s for s in m.stages)
    items = MappingProxyType({**m.items, "stages": stages})
    by_id = MappingProxyType({**m.by_id, "stages": MappingProxyType({s["id"]: s for s in stages})})
    return dataclasses.replace(m, items=items, by_id=by_id)


def test_checklist_exact(m: model.Model) -> None:
    assert checklists.checklist(m, "screen") == (
        "# Checklist: Screen\n\n"
        '<p class="sheet-facts">Round 1 · <strong>Length:</strong> 30 min · <strong>In the room:</strong> Recruiter</p>\n\n'
        "[About this round](../stages/screen.md) · [Self-score sheet](../scoresheets/screen.md) · [All checklists](index.md)\n"
        "{: .sheet-links }\n\n"
        '<div class="print-sheet checklist" data-stage="screen" markdown="block">\n'
        '<h2 class="sheet-dimension">Product sense</h2>\n'
        '<ul class="checklist-items" markdown="block">\n'
        '<li markdown="span"><label><input type="checkbox" data-item="sc-one"> <span>Name one tradeoff.</span></label></li>\n'
        '<li markdown="span"><label><input type="checkbox" data-item="sc-three"> <span>Name one paper.</span></label></li>\n'
        "</ul>\n"
        '<h2 class="sheet-dimension">Safety judgment</h2>\n'
        '<ul class="checklist-items" markdown="block">\n'
        '<li markdown="span"><label><input type="checkbox" data-item="sc-two"> <span>Name one bar.</span></label></li>\n'
        "</ul>\n"
        "</div>\n\n"
        '<p class="sheet-controls">'
        '<button type="button" class="md-button" data-action="reset-checklist">Clear all ticks</button> '
        '<a class="md-button sheet-pdf" data-pdf="pdf/screen.pdf" hidden>Download PDF</a></p>\n\n'
        '<p class="sheet-note">Ticks are kept in this browser only. Printing gives one page, A4 or US Letter, with empty boxes.'
        ' <span class="checklist-status" role="status"></span></p>\n'
    )


def test_scoresheet_exact(m: model.Model) -> None:
    box = '<span class="score-box"><span class="box" aria-hidden="true"></span>{}</span>'
    boxes = "".join(box.format(n) for n in range(1, 6))
    assert checklists.scoresheet(m, "case") == (
        "# Self-score: Case\n\n"
        '<p class="sheet-facts">Round 2 · <strong>Length:</strong> not reported</p>\n\n'
        "[Checklist for this round](../checklists/case.md) · [About this round](../stages/case.md)"
        " · [All checklists](../checklists/index.md)\n"
        "{: .sheet-links }\n\n"
        '<div class="print-sheet scoresheet" data-stage="case">\n'
        '<p class="sheet-writein"><span>Question: </span><span>Date: </span></p>\n'
        '<p class="sheet-how">After a practice answer, mark one score per dimension: 1, 3 and 5 are described,'
        " 2 and 4 fall between.</p>\n"
        '<div class="score-head"><h2 class="sheet-dimension">Safety judgment'
        ' <span class="sheet-emphasis">High emphasis</span></h2>'
        f'<p class="score-boxes">Score: {boxes}</p></div>\n'
        '<table class="score-anchors"><tr><td><strong class="score-n">1</strong> No bar.</td>'
        '<td><strong class="score-n">3</strong> A vague bar.</td>'
        '<td><strong class="score-n">5</strong> A bar with evidence.</td></tr></table>\n'
        "</div>\n\n"
        '<p class="sheet-controls">'
        '<a class="md-button sheet-pdf" data-pdf="pdf/case-scoresheet.pdf" hidden>Download PDF</a></p>\n'
    )


def test_scoresheet_lists_scored_dimensions_in_dimension_order(m: model.Model) -> None:
    # The screen stage lists sense then safety; a stage listing them the other way round prints the same order.
    stage = dict(m.get("stages", "screen"))
    stage["dimensions"] = list(reversed(stage["dimensions"]))
    out = checklists.scoresheet(with_stage(m, stage), "screen")
    assert re.findall(r'<h2 class="sheet-dimension">([^<]+) <span class="sheet-emphasis">(\w+)', out) == [
        ("Product sense", "High"),
        ("Safety judgment", "Low"),
    ]


def test_checklist_index_exact(m: model.Model) -> None:
    assert checklists.checklist_index(m) == (
        "One checklist and one self-score sheet per round, each made to print on a single page (A4 or US Letter). "
        "Tick items on screen (ticks stay in your browser) or print the page and take it to a prep session.\n\n"
        "| Round | Prepare | Score a practice answer |\n"
        "|---|---|---|\n"
        "| 1. Screen | [Checklist](screen.md) (3 items) | [Self-score sheet](../scoresheets/screen.md) |\n"
        "| 2. Case | [Checklist](case.md) (3 items) | [Self-score sheet](../scoresheets/case.md) |\n\n"
        '<p class="sheet-controls">'
        '<a class="md-button sheet-pdf" data-pdf="pdf/all-rounds.pdf" hidden>Download all rounds (PDF)</a></p>\n'
    )


def test_every_real_item_is_one_labelled_checkbox_keyed_by_its_id() -> None:
    real = model.load_or_raise(model.DATA_DIR)
    for s in real.stages:
        out = checklists.checklist(real, s["id"])
        boxes = re.findall(r'<label><input type="checkbox" data-item="([^"]+)"> <span>([^<]+)</span></label>', out)
        assert sorted(boxes) == sorted((c["id"], render.esc(c["text"])) for c in s["checklist"])


def test_data_text_is_escaped(m: model.Model) -> None:
    stage = dict(m.get("stages", "screen"))
    stage["name"] = "<script>alert(1)</script>"
    stage["room"] = ["R&D <b>lead</b>"]
    stage["checklist"] = [{"id": "sc-one", "text": '<img src=x onerror=alert(1)> "quoted"', "dimension": "sense"}]
    hostile = with_stage(m, stage)
    for out in (checklists.checklist(hostile, "screen"), checklists.scoresheet(hostile, "screen")):
        assert "<script" not in out and "<img" not in out and "<b>" not in out
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert "R&amp;D &lt;b&gt;lead&lt;/b&gt;" in checklists.checklist(hostile, "screen")


def test_macros_are_registered_in_the_glue(m: model.Model) -> None:
    import macros

    for name in ("checklist", "scoresheet", "checklist_index"):
        assert macros.registry()[name] is getattr(checklists, name)


def test_scoresheets_are_generated_and_nested_in_the_nav(m: model.Model) -> None:
    # A generated page is its render function's Markdown, made directly (no template to compile).
    generated = {path: source for path, _, source in pages.generated_pages(m)}
    assert generated["scoresheets/screen.md"] == checklists.scoresheet(m, "screen")
    assert generated["checklists/case.md"] == checklists.checklist(m, "case")
    nav = pages.expand_nav([{"Checklists": ["checklists/index.md", {"Self-score sheets": []}]}], m)
    assert nav == [
        {
            "Checklists": [
                "checklists/index.md",
                {"Screen": "checklists/screen.md"},
                {"Case": "checklists/case.md"},
                {"Self-score sheets": [{"Screen": "scoresheets/screen.md"}, {"Case": "scoresheets/case.md"}]},
            ]
        }
    ]


def test_pdf_paths_and_page_urls() -> None:
    assert checklists.checklist_pdf("culture") == "pdf/culture.pdf"
    assert checklists.scoresheet_pdf("culture") == "pdf/culture-scoresheet.pdf"
    assert pdf.page_url("http://h/", "checklists/culture.md") == "http://h/checklists/culture/"
    assert pdf.page_url("http://h/", "checklists/index.md") == "http://h/checklists/"
    assert pdf.page_url("http://h/", "index.md") == "http://h/"


# ---------------------------------------------------------------- the worst case the schemas allow


def test_filler_is_exact_and_varies() -> None:
    assert len(print_limits.filler(160, 0)) == 160
    assert print_limits.filler(50, 0) != print_limits.filler(50, 5)
    assert print_limits.filler(40, 2, upper=True).isupper()
    assert not print_limits.filler(30, 1).endswith(" ")


def test_worst_case_data_is_valid_and_at_every_limit(tmp_path: Path) -> None:
    limits = print_limits.schema_limits()
    data = print_limits.worst_case_data(tmp_path / "data", limits)
    checked, problems = model.check(data)
    assert problems == []
    assert checked is not None
    s = checked.get("stages", print_limits.WORST_STAGE)
    assert len(s["checklist"]) == limits.items
    assert {len(c["text"]) for c in s["checklist"]} == {limits.item_chars}
    assert len({c["dimension"] for c in s["checklist"]}) == len(s["dimensions"]) == limits.dimensions
    assert (len(s["name"]), len(s["length"])) == (limits.stage_name, limits.length)
    assert [len(r) for r in s["room"]] == [limits.room_chars] * limits.room_items
    for e in s["dimensions"]:
        d = checked.get("dimensions", e["dimension"])
        assert len(d["name"]) == limits.dimension_name
        assert {len(a) for a in d["anchors"].values()} == {limits.anchor_chars}


def test_one_more_item_is_rejected(tmp_path: Path) -> None:
    # The validator stops a contributor at the limit, before anything is printed.
    limits = print_limits.schema_limits()
    data = print_limits.worst_case_data(tmp_path / "data", dataclasses.replace(limits, items=limits.items + 1))
    _, problems = model.check(data)
    assert [p.message for p in problems] == [f"has {limits.items + 1} items; the limit is {limits.items}"]
