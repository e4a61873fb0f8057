"""Hostile inputs that the bad-input corpus cannot hold as plain files: a 50 MB value, symlinks, a FIFO,
file names with control characters, broken schema files and environment; and the promises around them
(no traceback from the validator, the build or the hooks; exit 2 for setup problems; nothing published;
the two schema validators agreeing on every id, date and address)."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from macros import model, strict_yaml
from tests.conftest import FIXTURE, ROOT
from tests.test_bad_inputs import CASES_DIR, apply_case

VALIDATE = [sys.executable, str(ROOT / "scripts" / "validate.py")]
BUILD = [sys.executable, str(ROOT / "scripts" / "build.py")]


def _messages(data: Path) -> list[str]:
    _, problems = model.check(data, display_root=data.parent)
    return [p.format() for p in problems]


def _run(cmd: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    full = {**os.environ, "GUIDE_CACHE_DIR": "off", "NO_MKDOCS_2_WARNING": "1", **env}
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, env=full, timeout=120)


# ---------------------------------------------------------------- size


def test_a_50_mb_value_is_refused_with_its_line_in_well_under_a_second(data_copy: Path) -> None:
    bars = data_copy / "launch_bars.yml"
    value_line = len(bars.read_text(encoding="utf-8").splitlines()) + 2
    with bars.open("a", encoding="utf-8") as fh:
        fh.write("  - id: bar-two\n    title: ")
        fh.write("A" * 50_000_000)
        fh.write("\n")
    start = time.perf_counter()
    messages = _messages(data_copy)
    elapsed = time.perf_counter() - start
    assert messages == [
        f"data/launch_bars.yml:{value_line}:12: the file is larger than 4 MB, the limit for a data file; the value here is where "
        "it crosses the limit (hint: split the entries over several files, or shorten this value)"
    ]
    assert elapsed < 0.5, f"took {elapsed:.2f} s"


def test_a_50_mb_file_of_many_small_values_is_refused_before_parsing(data_copy: Path) -> None:
    (data_copy / "questions" / "huge.yml").write_text("questions:\n" + "  - x\n" * 9_000_000, encoding="utf-8")
    start = time.perf_counter()
    messages = _messages(data_copy)
    assert time.perf_counter() - start < 1.0
    assert len(messages) == 1 and messages[0].startswith("data/questions/huge.yml:")
    assert "larger than 4 MB" in messages[0]


# ---------------------------------------------------------------- what data/ may hold


def test_a_symlinked_data_file_is_refused_without_reading_or_naming_its_target(data_copy: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret-target.yml"
    secret.write_text("launch_bars: []\n", encoding="utf-8")
    (data_copy / "questions" / "evil.yml").symlink_to(secret)
    (data_copy / "etc").symlink_to("/etc")
    messages = _messages(data_copy)
    assert messages == [
        "data/etc:1:1: is a symbolic link; data/ holds regular files only "
        "(hint: replace it with the file itself (copy the content in) or remove it)",
        "data/questions/evil.yml:1:1: is a symbolic link; data/ holds regular files only "
        "(hint: replace it with the file itself (copy the content in) or remove it)",
    ]
    assert "secret" not in "\n".join(messages)


def test_a_fifo_is_refused_without_blocking(data_copy: Path) -> None:
    os.mkfifo(data_copy / "questions" / "pipe.yml")
    result = _run([*VALIDATE, "--data", "data"], data_copy.parent)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "data/questions/pipe.yml:1:1: is not a regular file; data/ holds regular files only "
        "(hint: replace it with the file itself (copy the content in) or remove it)"
    ]


def test_file_names_with_control_characters_are_printed_escaped(data_copy: Path) -> None:
    name = "x\ny.yml:1:1: forged line\x1b[2K\u202e.yml"
    (data_copy / "questions" / name).write_text("", encoding="utf-8")
    result = _run([*VALIDATE, "--data", "data"], data_copy.parent)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "data/questions/x\\x0ay.yml:1:1: forged line\\x1b[2K\\u202e.yml:1:1: the file is empty "
        "(hint: start it with 'questions:' followed by a list of question entries)"
    ]


# ---------------------------------------------------------------- setup problems: one line, exit 2


def _schema_copy(data_copy: Path) -> Path:
    schema = data_copy / "schema"
    shutil.copytree(ROOT / "data" / "schema", schema)
    return schema


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("{not json", "the schema file is not valid JSON: Expecting property name enclosed in double quotes"),
        ('{"type": 12}', "not a valid JSON Schema at type: 12 is not valid under any of the given schemas"),
        ('{"properties": {"stages": {"pattern": "(("}}}', "not a valid JSON Schema at properties/stages/pattern"),
        ('{"$ref": "missing.json#/x"}', "do not load together"),
        ("[1, 2]", "the schema file must hold a JSON object"),
        (None, "cannot read the schema file"),
    ],
)
def test_a_broken_schema_file_is_one_line_and_exit_2(data_copy: Path, content: str | None, expected: str) -> None:
    target = _schema_copy(data_copy) / "stages.schema.json"
    if content is None:
        target.unlink()
    else:
        target.write_text(content, encoding="utf-8")
    for cmd in ([*VALIDATE, "--data", "data"], [*BUILD, "--site-dir", "site"]):
        result = _run(cmd, data_copy.parent, GUIDE_DATA_DIR=str(data_copy))
        assert result.returncode == 2, (cmd, result.stdout, result.stderr)
        assert "Traceback" not in result.stdout + result.stderr
        assert result.stdout == ""
        assert len(result.stderr.strip().splitlines()) == 1 and expected in result.stderr
    assert not (data_copy.parent / "site").exists()


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"GUIDE_DATA_DIR": "/nonexistent/data"}, "data folder not found: /nonexistent/data"),
        ({"GUIDE_DATA_DIR": "/etc/hostname"}, "data folder not found: /etc/hostname"),
        ({"SOURCE_DATE_EPOCH": "yesterday"}, "SOURCE_DATE_EPOCH must be a whole number of seconds, got 'yesterday'"),
        ({"SOURCE_DATE_EPOCH": "9" * 30}, "SOURCE_DATE_EPOCH must be a whole number of seconds"),
    ],
)
def test_bad_environment_is_one_line_and_exit_2(tmp_path: Path, env: dict[str, str], expected: str) -> None:
    for cmd in (VALIDATE, [*BUILD, "--site-dir", str(tmp_path / "site")]):
        result = _run(cmd, tmp_path, **env)
        assert result.returncode == 2, (cmd, result.stdout, result.stderr)
        assert "Traceback" not in result.stdout + result.stderr
        assert len(result.stderr.strip().splitlines()) == 1 and expected in result.stderr


def test_an_unreadable_data_folder_is_exit_2(tmp_path: Path) -> None:
    not_a_folder = tmp_path / "data"
    not_a_folder.write_text("", encoding="utf-8")
    result = _run([*VALIDATE, "--data", str(not_a_folder)], tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.strip() == f"validate: data folder not found: {not_a_folder}"


def test_a_folder_that_cannot_be_listed_is_a_setup_error(data_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # As root, chmod cannot make a folder unreadable; make listing it fail the way it would.
    real = os.listdir

    def listdir(path: object) -> list[str]:
        if Path(str(path)) == data_copy:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "listdir", listdir)
    with pytest.raises(model.SetupError, match="cannot read the data folder .*: Permission denied"):
        model.check(data_copy)


# ---------------------------------------------------------------- no traceback anywhere, nothing published

HOSTILE_CASES = [
    "yaml-alias-bomb",
    "yaml-deep-nesting",
    "yaml-explicit-tags",
    "yaml-boolean-and-null-keys",
    "date-not-on-calendar",
    "reserved-ids",
    "yaml-control-character",
    "url-bad-port",
]


def _digest(folder: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(folder.rglob("*")):
        h.update(p.relative_to(folder).as_posix().encode() + b"\0")
        if p.is_file():
            h.update(p.read_bytes())
    return h.hexdigest()


@pytest.fixture(scope="module")
def small_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("published")
    shutil.copytree(FIXTURE, root / "data")
    result = _run(
        [*BUILD, "--site-dir", str(root / "site")], root, GUIDE_DATA_DIR=str(root / "data"), SOURCE_DATE_EPOCH="1764547200"
    )
    assert result.returncode == 0, result.stderr
    return root


def test_rejected_builds_publish_nothing_and_never_show_a_traceback(small_site: Path) -> None:
    site = small_site / "site"
    before = _digest(site)
    for name in HOSTILE_CASES:
        data = small_site / f"data-{name}"
        shutil.copytree(FIXTURE, data)
        apply_case(CASES_DIR / name, data)
        expected = (CASES_DIR / name / "expected.txt").read_text(encoding="utf-8").splitlines()
        env = {"GUIDE_DATA_DIR": str(data), "SOURCE_DATE_EPOCH": "1764547200"}
        # The build script (make build)...
        result = _run([*BUILD, "--site-dir", str(site)], small_site, **env)
        assert result.returncode == 1, name
        assert "Traceback" not in result.stdout + result.stderr, name
        assert len(result.stdout.splitlines()) == len(expected), name
        # ...and MkDocs itself with the hooks (make serve builds this way), straight into site/.
        direct = _run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)], ROOT, **env)
        assert direct.returncode == 1, name
        assert "Traceback" not in direct.stdout + direct.stderr, name
        assert "nothing was published" in direct.stderr, name
        assert _digest(site) == before, f"{name} changed site/"


def test_mkdocs_with_a_broken_schema_or_epoch_stops_with_one_message(small_site: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    (_schema_copy(data) / "questions.schema.json").write_text("{", encoding="utf-8")
    site = small_site / "site"
    before = _digest(site)
    for env in (
        {"GUIDE_DATA_DIR": str(data), "SOURCE_DATE_EPOCH": "1764547200"},
        {"GUIDE_DATA_DIR": str(FIXTURE), "SOURCE_DATE_EPOCH": "soon"},
    ):
        direct = _run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)], ROOT, **env)
        assert direct.returncode == 1
        assert "Traceback" not in direct.stdout + direct.stderr
        assert "ERROR" in direct.stderr and "Aborted with a BuildError" in direct.stdout + direct.stderr
    assert _digest(site) == before


# ---------------------------------------------------------------- the two schema validators agree


def _verdicts(schema_name: str, pointer: str, value: object) -> tuple[bool, bool]:
    import jsonschema_rs

    schema_dir = ROOT / "data" / "schema"
    schema = {"$ref": f"{schema_name}#{pointer}"}
    registry = model._registry(schema_dir)
    slow = jsonschema_validator(schema, registry).is_valid(value)
    rs_registry = jsonschema_rs.Registry(
        [(model._SCHEMA_URI + n, model._read_schema(schema_dir, n)) for n in model._schema_names(schema_dir)]
    )
    fast = jsonschema_rs.validator_for(
        {"$ref": model._SCHEMA_URI + schema_name + "#" + pointer}, registry=rs_registry, validate_formats=False
    ).is_valid(value)
    return slow, fast


def jsonschema_validator(schema: dict[str, object], registry: object) -> object:
    import jsonschema

    return jsonschema.Draft202012Validator(schema, registry=registry)


TRICKY = [
    "index",
    "screen\n",
    "screen\r",
    "screen\n\n",
    "\nscreen",
    "scr een",
    "scr\u0435en",
    "2026-11-27\n",
    "2026-02-31",
    "https://example.org/\n",
    "https://example.org\\@evil.test/",
    "https://u:p@example.org/",
    "https://example.org/a b",
    "x" * 61,
    "a--b",
    "-a",
    "a-",
    "",
]
DEFS = ["id", "date", "partialDate", "url", "text", "name"]


@pytest.mark.parametrize("value", TRICKY)
def test_validators_agree_on_tricky_values(value: str) -> None:
    for d in DEFS:
        slow, fast = _verdicts("common.schema.json", f"/$defs/{d}", value)
        assert slow == fast, (d, value)


@settings(max_examples=150, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("az09-_. :/@\\\n\r\t<>{}#%?&=") + ["\u202e", "\u200b", "\u0435", "\x00"]),
        max_size=24,
    )
)
def test_validators_agree_on_generated_values(value: str) -> None:
    for d in DEFS:
        slow, fast = _verdicts("common.schema.json", f"/$defs/{d}", value)
        assert slow == fast, (d, value)


def test_strict_reader_limits_are_documented_in_security_md() -> None:
    text = (ROOT / "SECURITY.md").read_text(encoding="utf-8")
    assert f"{strict_yaml.MAX_FILE_BYTES // 1_000_000} MB" in text
    assert str(strict_yaml.MAX_DEPTH) in text
    json.loads((ROOT / "data" / "schema" / "common.schema.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("head", "where"),
    [
        ("launch_bars:\n  - id: x\n    title: " + "A" * 100, (3, 12)),
        ("launch_bars:\n  - id: x\n    title: |\n      one\n      two\n      thr", (3, 12)),
        ("launch_bars:\n  - id: x\n    title: 'one\n      two", (3, 12)),
        ("questions:\n" + "  - x\n" * 10 + "  - xx", (12, 5)),
    ],
)
def test_an_oversized_file_is_reported_at_the_value_that_crosses_the_limit(head: str, where: tuple[int, int]) -> None:
    assert strict_yaml.truncated_at(head) == where


# ---------------------------------------------------------------- the validator never crashes

_YAML_PIECES = [
    "launch_bars:\n",
    "  - ",
    "id: bar-one\n",
    "    title: ",
    "x",
    ": ",
    "\n",
    "  ",
    "- ",
    "[",
    "]",
    "{",
    "}",
    ",",
    "&a ",
    "*a",
    "<<: ",
    "!!str ",
    "!!binary ",
    "!<tag:x> ",
    "!e!x ",
    "%TAG !e! tag:e,2000:\n",
    "---\n",
    "...\n",
    "'",
    '"',
    "\\",
    "|\n",
    ">-\n",
    "? ",
    "~",
    "on",
    "2026",
    "2026-02-31",
    ".inf",
    "0x1F",
    "1_000",
    "1:30",
    "#",
    "\t",
    "\r\n",
    "\x00",
    "\x1b",
    "\u202e",
    "\ufeff",
    "\udcff",
    "é",
    "9" * 30,
    "=",
]


_SCRATCH: list[Path] = []


def _scratch_data() -> Path:
    """One throwaway copy of the fixture for every example (hypothesis cannot use pytest's tmp_path)."""
    if not _SCRATCH:
        _SCRATCH.append(Path(tempfile.mkdtemp(prefix="hostile-yaml-")) / "data")
        shutil.copytree(FIXTURE, _SCRATCH[0])
    return _SCRATCH[0]


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        st.lists(st.sampled_from(_YAML_PIECES), max_size=40).map(lambda parts: "".join(parts).encode("utf-8", "surrogatepass")),
        st.text(max_size=200).map(lambda t: t.encode("utf-8", "surrogatepass")),
        st.binary(max_size=200),
    )
)
def test_no_file_content_makes_the_validator_raise(raw: bytes) -> None:
    data = _scratch_data()
    (data / "launch_bars.yml").write_bytes(raw)
    checked, problems = model.check(data, display_root=data.parent)
    assert (checked is None) == bool(problems)
    for p in problems:
        line = p.format()
        assert line.isprintable(), line  # one problem, one line: no break, control or bidi character
