"""The bad-input corpus: each folder under tests/bad_inputs/ breaks the valid fixture one way.

A case holds the files it replaces or adds (paths relative to data/), an optional _delete.txt of
files to remove, and expected.txt: the exact problem lines the validator must print.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from macros import model

CASES_DIR = Path(__file__).parent / "bad_inputs"
CASES = sorted(p.name for p in CASES_DIR.iterdir() if p.is_dir())


def apply_case(case: Path, data: Path) -> None:
    for f in case.rglob("*"):
        if f.is_file() and f.name not in ("expected.txt", "_delete.txt"):
            target = data / f.relative_to(case)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(f, target)
    if (case / "_delete.txt").exists():
        for rel in (case / "_delete.txt").read_text().split():
            (data / rel).unlink()


def test_corpus_is_large_enough() -> None:
    assert len(CASES) >= 25


def test_fixture_is_valid(data_copy: Path) -> None:
    checked, problems = model.check(data_copy)
    assert problems == []
    assert checked is not None


@pytest.mark.parametrize("name", CASES)
def test_bad_input_is_reported_exactly(name: str, data_copy: Path) -> None:
    case = CASES_DIR / name
    apply_case(case, data_copy)
    checked, problems = model.check(data_copy, display_root=data_copy.parent)
    expected = (case / "expected.txt").read_text(encoding="utf-8").strip().splitlines()
    assert checked is None
    assert [p.format() for p in problems] == expected


@pytest.mark.parametrize("name", ["yaml-syntax-error", "not-utf8", "empty-file", "list-where-mapping"])
def test_cli_reports_without_traceback(name: str, data_copy: Path) -> None:
    apply_case(CASES_DIR / name, data_copy)
    result = subprocess.run(
        [sys.executable, str(model.ROOT / "scripts" / "validate.py"), "--data", "data"],
        cwd=data_copy.parent,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    expected = (CASES_DIR / name / "expected.txt").read_text(encoding="utf-8")
    assert result.stdout == expected


def test_cli_usage_errors_exit_2(tmp_path: Path) -> None:
    script = str(model.ROOT / "scripts" / "validate.py")
    missing = subprocess.run([sys.executable, script, "--data", str(tmp_path / "nope")], capture_output=True, text=True)
    assert missing.returncode == 2
    assert "not found" in missing.stderr
    bad_flag = subprocess.run([sys.executable, script, "--frobnicate"], capture_output=True, text=True)
    assert bad_flag.returncode == 2


def test_all_problems_in_one_run(data_copy: Path) -> None:
    # Three independent breakages in three files: all three are reported together.
    for name in ("unknown-key", "wrong-type", "metric-risk-same-as-value"):
        apply_case(CASES_DIR / name, data_copy)
    _, problems = model.check(data_copy, display_root=data_copy.parent)
    files = {p.file for p in problems}
    assert files == {"data/questions/main.yml", "data/stages.yml", "data/metric_pairs.yml"}


def _schema_verdicts(data_dir: Path) -> list[tuple[str, bool, bool]]:
    """(file, fast check says valid, jsonschema finds no error) for every data file that parses."""
    schema_dir = model.schema_dir_for(data_dir)
    claimed, _ = model.data_files(data_dir)
    out = []
    for kind, path in claimed:
        f, data = model._read(kind, path, path.name, [], path.read_bytes())
        if f is None:
            continue  # a YAML error: no schema check happens
        slow_ok = next(iter(model._validator(schema_dir, kind.schema).iter_errors(data)), None) is None
        out.append((path.name, model._fast_validator(schema_dir, kind.schema).is_valid(data), slow_ok))
    return out


@pytest.mark.parametrize("case", CASES)
def test_the_fast_schema_check_agrees_with_jsonschema(case: str, data_copy: Path) -> None:
    # The pass path trusts jsonschema-rs; a file it accepted that jsonschema rejects would go unreported.
    apply_case(CASES_DIR / case, data_copy)
    verdicts = _schema_verdicts(data_copy)
    assert [v for v in verdicts if v[1] != v[2]] == []


def test_the_fast_schema_check_passes_the_real_data() -> None:
    assert all(fast and slow for _, fast, slow in _schema_verdicts(model.DATA_DIR))
