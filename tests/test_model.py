"""Loading and checking: the model's shape, the cache, the schema registry and one-sided metric talk."""

from __future__ import annotations

import gc
import json
import os
from pathlib import Path

import jsonschema
import pytest

from macros import answer_checks, model
from tests.conftest import FIXTURE


def test_loads_fixture_in_order() -> None:
    m = model.load_or_raise(FIXTURE)
    assert [s["id"] for s in m.ordered("stages")] == ["screen", "case"]
    assert len(m.questions) == 2
    assert m.get("metric_pairs", "pair-one")["risk"]["threshold"] == "Above 1% of sampled clauses"
    # Unquoted YAML dates arrive as strings, the type the schemas describe.
    assert m.get("questions", "q-why")["last_reviewed"] == "2026-11-01"
    assert [q["id"] for q in m.questions_for(stage="case", dimension="safety")] == ["q-metrics"]
    assert m.questions_for(stage="screen", dimension="safety") == []


def test_model_is_read_only() -> None:
    m = model.load_or_raise(FIXTURE)
    with pytest.raises(TypeError):
        m.get("questions", "q-why")["prompt"] = "changed"  # type: ignore[index]


def test_load_or_raise_lists_every_problem(data_copy: Path) -> None:
    (data_copy / "launch_bars.yml").write_text("launch_bars: []\n")
    (data_copy / "translations.yml").write_text("")
    with pytest.raises(model.ValidationFailed) as err:
        model.load_or_raise(data_copy)
    assert len(err.value.problems) == 2
    assert "launch_bars.yml:1:14: launch_bars: must not be empty" in str(err.value)


def test_cache_reloads_only_on_change(data_copy: Path) -> None:
    first = model.load_cached(data_copy)
    assert model.load_cached(data_copy) is first
    path = data_copy / "launch_bars.yml"
    path.write_text(path.read_text().replace("No unconfirmed purchases", "No unconfirmed bookings"))
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 10_000_000))
    second = model.load_cached(data_copy)
    assert second is not first
    assert second.get("launch_bars", "bar-one")["title"] == "No unconfirmed bookings"


def test_dates_are_read_as_written(data_copy: Path) -> None:
    # A date is text to the schemas and to the editor's YAML 1.2, so the validator must not tidy a
    # short date into a valid one that the editor flags.
    read = model.read_yaml("a: 2026-11-01\nb: '2026-11-01'\nc: 2026-1-5\n")
    assert read == {"a": "2026-11-01", "b": "2026-11-01", "c": "2026-1-5"}
    path = data_copy / "sources.yml"
    path.write_text(path.read_text().replace("last_reviewed: 2026-11-01", "last_reviewed: 2026-11-1", 1))
    _, problems = model.check(data_copy)
    assert [p.message for p in problems if p.file.endswith("sources.yml")], "a short date must be reported"
    assert any("YYYY-MM-DD" in p.hint for p in problems)


def test_check_leaves_the_cycle_collector_on(data_copy: Path) -> None:
    # check() pauses the collector while it reads; it must restore it on success and on failure.
    assert gc.isenabled()
    model.check(data_copy)
    assert gc.isenabled()
    (data_copy / "translations.yml").write_text("translations: [")
    _, problems = model.check(data_copy)
    assert problems and gc.isenabled()


def test_every_real_data_file_has_a_schema() -> None:
    claimed, strays = model.data_files(model.ROOT / "data")
    assert strays == []
    assert {k.key for k, _ in claimed} == {k.key for k in model.KINDS}


def test_schemas_are_valid_and_strict() -> None:
    for kind in model.KINDS:
        schema = json.loads((model.SCHEMA_DIR / kind.schema).read_text())
        jsonschema.Draft202012Validator.check_schema(schema)
        assert schema["additionalProperties"] is False
        item = schema["$defs"][next(iter(schema["$defs"]))] if "$defs" in schema else None
        assert item is None or item.get("additionalProperties") is False or "properties" not in item


def test_problem_formats() -> None:
    p = model.Problem("data/x.yml", 3, 5, "a.b[0]", "bad thing", "do this")
    assert p.format() == "data/x.yml:3:5: a.b[0]: bad thing (hint: do this)"
    assert p.github() == "::error file=data/x.yml,line=3,col=5::a.b[0]: bad thing (hint: do this)"
    # A line break is escaped as in the text format, so one problem stays one line everywhere.
    assert model.Problem("f", 1, 1, "", "100% wrong\nline").github() == "::error file=f,line=1,col=1::100%25 wrong\\x0aline"


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("Retention goes up 10%.", ["Retention goes up 10%."]),
        ("Retention goes up while the harmful-output rate stays under 0.1%.", []),
        ("Task completion rate, paired with escalation rate.", []),
        ("Ship it. Adoption doubles.", ["Adoption doubles."]),
        ("We cut latency in half.", []),
        ("Weekly active users, yes; but watch the refusal rate.", []),
    ],
)
def test_one_sided_metric_talk(text: str, flagged: list[str]) -> None:
    real = model.load_or_raise(model.DATA_DIR)
    rules = answer_checks.rules_from(real.vocabularies, real.answer_checks)
    assert answer_checks.run(rules, ["one-sided-metric"], text)[0]["quotes"] == flagged


def test_a_spelling_split_over_a_folded_line_is_still_found(data_copy: Path) -> None:
    """The style rules try each file's raw text first; a phrase that a folded YAML line breaks must not slip by."""
    main = data_copy / "questions" / "main.yml"
    text = main.read_text(encoding="utf-8")
    folded = "      why:\n        - >-\n          Generic health\n          care talk."
    main.write_text(text.replace("      why: [Generic]", folded))
    _, problems = model.check(data_copy)
    assert [p.message for p in problems] == ["writes 'health care'; the guide spells it 'healthcare'"]
