"""The pictures drawn from data (macros/diagrams.py), the search ranking table and the last-reviewed macro:
pure functions checked on the fixture data."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from macros import diagrams, model, render, search_tuning
from tests.conftest import FIXTURE

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def m() -> model.Model:
    return model.load_or_raise(FIXTURE)


def svgs(html: str) -> list[ET.Element]:
    """Each <svg> in the markup, parsed as XML (so it must be well formed)."""
    return [ET.fromstring(s) for s in re.findall(r"<svg\b.*?</svg>", html, flags=re.S)]


def texts(svg: ET.Element) -> str:
    return " ".join("".join(t.itertext()) for t in svg.iter(f"{SVG}text"))


def test_emphasis_levels_come_from_the_schema_order(m: model.Model) -> None:
    assert diagrams.emphasis_levels(m) == {"high": 3, "medium": 2, "low": 1}


def test_wrap_keeps_lines_inside_the_box() -> None:
    lines = diagrams.wrap("Hiring manager conversation", 120, 15)
    assert lines == ["Hiring manager", "conversation"]
    assert diagrams.wrap("Cross-functional", 60, 15) == ["Cross-functional"]  # a long word is never cut


def test_text_is_escaped() -> None:
    out = diagrams._text(0, 0, ['<script>alert("x")</script> & co'], "dg-dim", 12)
    assert "<script>" not in out and "&lt;script&gt;" in out and "&amp; co" in out


def test_loop_diagram_draws_every_stage_with_its_emphasis(m: model.Model) -> None:
    html = diagrams.loop_diagram(m)
    assert html.startswith('<figure class="dg-figure dg-figure--loop" data-search-exclude>')
    wide, narrow = svgs(html)
    for svg in (wide, narrow):
        # A labelled image: role img, named by its own <title> and <desc>.
        assert svg.get("role") == "img"
        title_id, desc_id = svg.get("aria-labelledby").split()
        assert svg.find(f"{SVG}title").get("id") == title_id and svg.find(f"{SVG}desc").get("id") == desc_id
        stages = svg.findall(f".//{SVG}g[@class='dg-stage']")
        assert len(stages) == len(m.stages)
        # Bars filled per stage = the emphasis levels of the dimensions it scores.
        levels = diagrams.emphasis_levels(m)
        for g, s in zip(stages, m.ordered("stages"), strict=True):
            on = len(g.findall(f".//{SVG}rect[@class='dg-bar dg-bar--on']"))
            assert on == sum(levels[e["emphasis"]] for e in s["dimensions"])
            assert s["name"] in texts(g)
    assert wide.get("aria-labelledby") != narrow.get("aria-labelledby")  # ids stay unique on the page
    desc = wide.find(f"{SVG}desc").text or ""
    assert "1. Screen (30 min): Sense high; Safety low." in desc
    assert "not scored: Sense" in desc  # the Case round does not score Sense


def test_heat_level_scales_with_the_fullest_cell() -> None:
    assert [diagrams.heat_level(n, 8) for n in (0, 1, 2, 3, 4, 7, 8)] == [0, 1, 1, 2, 2, 4, 4]
    assert diagrams.heat_level(5, 0) == 0


def test_matrix_heatmap_prints_every_count_and_marks_gaps(m: model.Model) -> None:
    html = diagrams.matrix_heatmap(m)
    (svg,) = svgs(html)
    cells = svg.findall(f".//{SVG}rect")
    shaded = [c for c in cells if re.search(r"dg-heat--\d", c.get("class", ""))]
    counts = diagrams.matrix_counts(m)
    expected = [n for _, row in counts for _, n in row]
    assert len(shaded) == len(expected) + 5  # every cell, plus the legend's four shades and its gap swatch
    gaps = sum(1 for n in expected if n == 0)
    assert gaps > 0 and texts(svg).count("gap") == gaps + 1  # each empty cell, and the legend
    assert f"{gaps} cell(s) have no question yet." in (svg.find(f"{SVG}desc").text or "")


def test_search_meta_exact_entry_then_longest_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search_tuning, "SEARCH_META", {"a/": {"boost": 2}, "a/b/": {"boost": 3}, "a/b/c.md": {"exclude": True}})
    assert search_tuning.search_meta("a/x.md") == {"boost": 2}
    assert search_tuning.search_meta("a/b/y.md") == {"boost": 3}
    assert search_tuning.search_meta("a/b/c.md") == {"exclude": True}
    assert search_tuning.search_meta("z.md") is None
    meta = {"search": {"boost": 9}}
    search_tuning.apply(meta, "a/x.md")
    assert meta == {"search": {"boost": 9}}  # the page's own front matter wins


def test_last_reviewed_spans_the_kinds_a_page_shows(m: model.Model) -> None:
    dates = sorted({q["last_reviewed"] for q in m.questions})
    assert dates[0] in render.last_reviewed(m, "questions")
    everything = sorted({i["last_reviewed"] for k in m.items for i in m.items[k]})
    assert render.last_reviewed(m) == render.reviewed(i for k in m.items for i in m.items[k])
    assert everything[0] in render.last_reviewed(m)
