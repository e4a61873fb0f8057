"""The benchmark works end to end at a small size. Timing is never asserted: the figures belong in
BENCHMARKS.md, and they depend on the machine and its load."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from macros import answer_checks, model
from scripts import bench, synthetic

ROOT = Path(__file__).resolve().parent.parent
KEYS = {"questions", "validate_s", "build_s", "plain_build_s", "ratio", "peak_rss_mb", "search_index_kb"}


def test_bench_at_20_questions_prints_one_json_object_with_every_key() -> None:
    out = subprocess.run(
        [sys.executable, "scripts/bench.py", "--questions", "20", "--runs", "1", "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    lines = out.stdout.strip().splitlines()
    assert len(lines) == 1, lines
    result = json.loads(lines[0])
    assert KEYS <= result.keys()
    assert result["questions"] == 20
    assert result["counts"]["questions"] == 20
    for key in KEYS - {"questions"}:
        assert result[key] > 0, key
    # Both builds produced the same pages, and the first load includes the search index.
    assert result["pages"] > 10
    assert result["first_load_kb"] > result["search_index_gzip_kb"] > 0


@pytest.mark.parametrize("n", [20, 130])
def test_synthetic_data_validates_under_the_real_schemas_and_rules(tmp_path: Path, n: int) -> None:
    counts = synthetic.write(tmp_path / "data", n)  # raises if the real validator finds a problem
    checked, problems = model.check(tmp_path / "data")
    assert problems == []
    assert checked is not None
    real = model.load_or_raise(model.DATA_DIR)
    assert counts["questions"] == len(checked.questions) == n
    # 130 questions is two copies of the real ones: sources and metric pairs grow with them, the
    # loop's stages and dimensions do not.
    copies = -(-n // len(real.questions))
    for kind in synthetic.SCALED:
        assert counts[kind] == copies * len(real.items[kind])
    assert counts["stages"] == len(real.stages)
    files = sorted((tmp_path / "data" / "questions").glob("*.yml"))
    assert len(files) == -(-n // synthetic.QUESTIONS_PER_FILE)


def test_clones_point_at_their_own_copy(tmp_path: Path) -> None:
    real = model.load_or_raise(model.DATA_DIR)
    items = synthetic.build_items(real, len(real.questions) + 1)
    clone = items["questions"][-1]
    assert clone["id"] == synthetic.clone_id(real.questions[0]["id"], 1)
    pair_ids = {m["id"] for m in items["metric_pairs"]}
    for pair in clone["strong"].get("metric_pairs", []):
        assert pair.endswith("-c1") and pair in pair_ids
    assert len(synthetic.clone_id("x" * 60, 12)) <= 60


def test_disguise_keeps_short_words_and_metric_terms_and_varies_by_copy() -> None:
    text = "Retention of weekly active users alongside the complaint rate, per NPS and RSP."
    assert synthetic.disguise(text, 0) == text
    one, two = synthetic.disguise(text, 1), synthetic.disguise(text, 2)
    assert one != two and len(one) == len(text)
    words = re.findall(r"[A-Za-z]+", one)
    for kept in ("Retention", "weekly", "active", "users", "complaint", "rate", "per", "NPS", "RSP"):
        assert kept in words
    assert "alongside" not in words


def test_disguise_never_creates_a_term_the_content_rules_look_for() -> None:
    # Long words with neither a metric term nor a name the claims check knows, in many copies.
    text = "Quarterly onboarding quality reviews, partner feedback, strategic planning, hospital pilots."
    real = model.load_or_raise(model.DATA_DIR)
    rules = answer_checks.rules_from(real.vocabularies, real.answer_checks)

    def lists_matching(t: str) -> set[str]:
        return {v for v in rules.sources if rules.pattern(v).search(answer_checks.lower(t))}

    before = lists_matching(text)
    for copy in range(1, 200):
        disguised = synthetic.disguise(text, copy)
        assert lists_matching(disguised) <= before, disguised


def test_first_load_counts_the_page_its_assets_and_the_search_index(tmp_path: Path) -> None:
    (tmp_path / "assets").mkdir()
    (tmp_path / "search").mkdir()
    (tmp_path / "assets" / "a.css").write_text("body{}" * 100)
    (tmp_path / "assets" / "w.js").write_text("x" * 100)
    (tmp_path / "search" / "search_index.json").write_text('{"docs": []}')
    (tmp_path / "index.html").write_text(
        '<link rel="stylesheet" href="assets/a.css"><script src="https://cdn.invalid/x.js"></script>'
        '<script id="__config">{"search": "assets/w.js"}</script>'
    )
    assert set(bench.first_load(tmp_path)) == {"index.html", "assets/a.css", "assets/w.js", "search/search_index.json"}


def test_targets_report_met_and_missed() -> None:
    row = {"questions": 1000, "ratio": 1.2, "first_load_kb": 250.0}
    lines = bench.targets([row])
    assert any(line.startswith("MISSED") and "1000" in line for line in lines)
    assert any(line.startswith("met") and "first load of the home page" in line for line in lines)


def test_ratio_pairs_each_build_with_the_plain_build_beside_it() -> None:
    # A slow spell during the second pair slows both of its builds; paired, it cancels out, where a ratio
    # of the two medians (10.5 / 10) would report the third pair's 5% as the overhead.
    assert bench.paired_ratio([10.0, 20.0, 10.5], [10.0, 20.0, 10.0]) == 1.0
    assert bench.paired_ratio([11.0], [10.0]) == 1.1
    with pytest.raises(ValueError):
        bench.paired_ratio([1.0, 2.0], [1.0])


def test_the_floor_has_no_macros_plugin_and_the_plugin_build_has_it_without_a_module() -> None:
    raw = bench.raw_config()
    names = [bench._plugin_name(p) for p in raw["plugins"]]
    assert "macros" in names
    assert "macros" not in [bench._plugin_name(p) for p in bench.plain_plugins(raw)]
    with_plugin = bench.plugin_only(raw)
    assert with_plugin[:-1] == bench.plain_plugins(raw)
    options = with_plugin[-1]["macros"]
    assert "module_name" not in options  # the plugin's default, main, which does not exist: no module loaded
    assert options["render_by_default"] is False and options["on_undefined"] == "strict"


def test_targets_of_issue_14() -> None:
    results = [
        {"questions": 100, "ratio": 1.2, "plugin_cost_s": 0.05, "project_s": 0.08},
        {"questions": 500, "ratio": 1.05},
    ]
    lines = bench.targets(results, {"project_rebuild_s": 0.2, "rebuild_s": 1.2, "edit_to_preview_s": 1.7})
    # At 100 questions the plugin's fixed cost is judged, not the ratio.
    assert not any("macros/plain at 100" in line for line in lines)
    assert any(line.startswith("met") and "fixed cost at 100 questions: 0.050 s" in line for line in lines)
    assert any(line.startswith("met") and "macros/plain at 500: 1.050" in line for line in lines)
    assert any(line.startswith("MISSED") and "share of an edit-to-preview rebuild: 0.200 s" in line for line in lines)
