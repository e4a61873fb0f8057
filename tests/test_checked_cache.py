"""The checked-file cache of macros/model.py: a data file whose exact bytes passed the per-file checks
is not parsed and schema-checked again, and anything else is checked as if there were no cache."""

from __future__ import annotations

from pathlib import Path

import pytest

from macros import model


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(model.CACHE_ENV, str(folder))
    return folder


def _no_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a cached file was parsed again")

    monkeypatch.setattr(model.yaml, "load", refuse)


def test_a_second_check_reads_the_cache_and_gives_the_same_model(data_copy: Path, cache_dir: Path, monkeypatch) -> None:
    first, problems = model.check(data_copy)
    assert problems == [] and first is not None
    assert len(list(cache_dir.rglob("*.json"))) == len(list(data_copy.rglob("*.yml")))
    _no_parsing(monkeypatch)
    second, problems = model.check(data_copy)
    assert problems == [] and second is not None
    assert {k: [dict(i) for i in v] for k, v in second.items.items()} == {k: [dict(i) for i in v] for k, v in first.items.items()}


def test_an_edited_file_is_checked_again(data_copy: Path, cache_dir: Path) -> None:
    assert model.check(data_copy)[1] == []
    q = data_copy / "questions" / "main.yml"
    q.write_text(q.read_text(encoding="utf-8").replace("provenance: practice", "provenance: rumour", 1), encoding="utf-8")
    _, problems = model.check(data_copy)
    assert any("'rumour' is not allowed" in p.message and p.file.endswith("questions/main.yml") for p in problems), problems


def test_cross_file_checks_run_on_cached_files(data_copy: Path, cache_dir: Path) -> None:
    assert model.check(data_copy)[1] == []
    # The question file is unchanged (cached); the stage it points at disappears from another file.
    stages = data_copy / "stages.yml"
    stages.write_text(stages.read_text(encoding="utf-8").replace("id: screen", "id: phone-screen", 1), encoding="utf-8")
    _, problems = model.check(data_copy)
    assert any("unknown stage 'screen'" in p.message for p in problems), problems


def test_a_file_with_problems_is_never_cached(data_copy: Path, cache_dir: Path) -> None:
    q = data_copy / "questions" / "main.yml"
    q.write_text(q.read_text(encoding="utf-8").replace("provenance: practice", "provenance: rumour", 1), encoding="utf-8")
    assert model.check(data_copy)[1]
    assert model.check(data_copy)[1], "the second check must report the problem again"
    assert len(list(cache_dir.rglob("*.json"))) == len(list(data_copy.rglob("*.yml"))) - 1


def test_an_unreadable_entry_counts_as_a_miss(data_copy: Path, cache_dir: Path) -> None:
    assert model.check(data_copy)[1] == []
    for entry in cache_dir.rglob("*.json"):
        entry.write_text("{not json", encoding="utf-8")
    checked, problems = model.check(data_copy)
    assert problems == [] and checked is not None and checked.questions


def test_off_neither_reads_nor_writes_a_cache(data_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(model.CACHE_ENV, "off")

    def refuse(*args: object) -> None:
        raise AssertionError("the cache was written although it is off")

    monkeypatch.setattr(model, "_store", refuse)
    checked, problems = model.check(data_copy)
    assert problems == [] and checked is not None


def _no_local_checks(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a cached file's own checks ran again")

    monkeypatch.setattr(model._Checker, "file_checks", refuse)


def test_a_files_own_verdict_is_cached_problems_included(data_copy: Path, cache_dir: Path, monkeypatch) -> None:
    """The checks that read one file's text (spelling, answer checks, dates, addresses) keep their verdict per
    file: a second check replays it, the same problems at the same lines, without running them."""
    main = data_copy / "questions" / "main.yml"
    main.write_text(main.read_text(encoding="utf-8").replace("      why: [Generic]", "      why: [Generic health care talk]"))
    _, first = model.check(data_copy)
    assert [p.message for p in first] == ["writes 'health care'; the guide spells it 'healthcare'"]
    _no_local_checks(monkeypatch)
    _, second = model.check(data_copy)
    assert second == first


def test_an_edited_rule_file_checks_every_file_again(data_copy: Path, cache_dir: Path) -> None:
    """A file's verdict depends on the rules data too: a new spelling rule applies to files already cached."""
    assert model.check(data_copy)[1] == []
    rules = data_copy / "style_rules.yml"
    text = rules.read_text(encoding="utf-8")
    main = (data_copy / "questions" / "main.yml").read_text(encoding="utf-8")
    word = next(w for w in ("Generic", "metric", "launch") if w in main)
    rules.write_text(
        text.replace(
            "style_rules:\n",
            f"style_rules:\n  - id: no-{word.lower()}\n    kind: spelling\n    use: standard\n    avoid: [{word}]\n"
            "    last_reviewed: 2026-12-01\n",
            1,
        ),
        encoding="utf-8",
    )
    _, problems = model.check(data_copy)
    assert any(f"writes '{word}'" in p.message and p.file.endswith("questions/main.yml") for p in problems), problems


def test_a_cached_verdict_still_counts_across_files(data_copy: Path, cache_dir: Path) -> None:
    """Where a file's strong answers mention a tracked fact comes from its cached verdict, and the limit is
    counted over all files on every check: a fifth mention in a new file is refused though four are cached."""
    import yaml

    checked, _ = model.check(data_copy)
    assert checked is not None
    first = dict(checked.questions[0])

    def add_copy(n: int) -> None:
        q = {
            **first,
            "id": f"copy-{n}",
            "strong": {**first["strong"], "outline": [*first["strong"]["outline"], "Cost 0.38% more."]},
        }
        (data_copy / "questions" / f"copy-{n}.yml").write_text(
            yaml.safe_dump({"questions": [q]}, sort_keys=False), encoding="utf-8"
        )

    for n in range(model.MAX_STRONG_USES):
        add_copy(n)
    assert model.check(data_copy)[1] == []
    add_copy(model.MAX_STRONG_USES)
    _, problems = model.check(data_copy)
    assert [(p.file, p.message.split(" (")[0]) for p in problems] == [
        (f"data/questions/copy-{model.MAX_STRONG_USES}.yml", "tracked fact 'prototype-cost' is already used by 4 strong answers")
    ]
