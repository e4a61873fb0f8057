"""Load the guide's YAML data, check it, and hand back one read-only model.

The JSON Schemas under data/schema/ are the only definition of each file's shape; this module
compiles them once, checks every file against its schema, then checks what a schema cannot see
(references between files, unique ids, paired metric talk). Every problem carries the file, line
and column it comes from, and all problems are collected before anything is returned.
"""

from __future__ import annotations

import datetime
import gc
import hashlib
import itertools
import json
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import yaml

from . import answer_checks, compact_json, strict_yaml

if TYPE_CHECKING:
    # Imported where used: a build whose data files all come from the cache never needs them.
    import jsonschema
    import referencing

ROOT = Path(__file__).resolve().parent.parent
# GUIDE_DATA_DIR lets tests and the benchmark build the real pipeline over other content.
DATA_DIR = Path(os.environ.get("GUIDE_DATA_DIR") or ROOT / "data")
SCHEMA_DIR_NAME = "schema"
SCHEMA_DIR = ROOT / "data" / SCHEMA_DIR_NAME


# CSafeLoader is about fifteen times faster than the pure-Python loader (TOOLING-NOTES). Used only to
# compose the node tree of a file that already passed the strict reader, to find lines for problems.
class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """YAML's safe loader, except that 2026-11-27 stays the text it is: the schemas describe JSON, where
    a date is a string, and the editor's YAML 1.2 reads it as a string too."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _Loader.yaml_implicit_resolvers.items()
}


def read_yaml(text: str) -> Any:
    """A data file's content, read the way the validator reads it (macros/strict_yaml.py). Raises
    ValueError for what the strict reader refuses, yaml.YAMLError for a syntax error."""
    try:
        data, found = strict_yaml.load(text)
    except strict_yaml.StrictYamlError as exc:
        found = [exc]
    if found:
        first = found[0]
        raise ValueError(f"line {first.line}, column {first.col}: {first.message}")
    return data


@dataclass(frozen=True)
class Kind:
    """One kind of data file: its key in the model, where its files live, and its schema."""

    key: str
    pattern: str
    schema: str
    label: str  # singular noun used in messages


# The registry of data files. A data file that matches no pattern here is an error (see `load`).
KINDS: tuple[Kind, ...] = (
    Kind("sources", "sources.yml", "sources.schema.json", "source"),
    Kind("dimensions", "dimensions.yml", "dimensions.schema.json", "dimension"),
    Kind("stages", "stages.yml", "stages.schema.json", "stage"),
    Kind("questions", "questions/*.yml", "questions.schema.json", "question"),
    Kind("metric_pairs", "metric_pairs.yml", "metric_pairs.schema.json", "metric pair"),
    Kind("translations", "translations.yml", "translations.schema.json", "translation"),
    Kind("launch_bars", "launch_bars.yml", "launch_bars.schema.json", "launch bar"),
    Kind("rsp_tensions", "rsp_tensions.yml", "rsp_tensions.schema.json", "RSP tension"),
    Kind("briefings", "briefings.yml", "briefings.schema.json", "briefing"),
    Kind("vocabularies", "vocabularies.yml", "vocabularies.schema.json", "vocabulary"),
    Kind("answer_checks", "answer_checks.yml", "answer_checks.schema.json", "answer check"),
    Kind("style_rules", "style_rules.yml", "style_rules.schema.json", "style rule"),
)
KIND_BY_KEY = {k.key: k for k in KINDS}


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    col: int
    path: str
    message: str
    hint: str = ""
    level: str = "error"  # or "warning": reported, but does not fail the check (stale content)

    def format(self) -> str:
        # Messages quote data (keys, ids, references, sentences): nothing in them may end the line, move
        # the cursor or reorder the text, so one problem is always exactly one honest line.
        where = f"{_visible(self.path)}: " if self.path else ""
        hint = f" (hint: {_visible(self.hint)})" if self.hint else ""
        level = "warning: " if self.level == "warning" else ""
        return f"{_visible(self.file)}:{self.line}:{self.col}: {level}{where}{_visible(self.message)}{hint}"

    def github(self) -> str:
        """A GitHub workflow command, so the problem shows on the pull request's diff."""
        text = f"{self.path}: {self.message}" if self.path else self.message
        if self.hint:
            text += f" (hint: {self.hint})"
        # The same escaping as `format`, so both say the same; _gh_data then encodes what the workflow
        # command format reserves.
        file = _gh_property(_visible(self.file))
        message = _gh_data(_visible(text))
        return f"::{self.level} file={file},line={self.line},col={self.col}::{message}"


def _visible(text: str) -> str:
    """Every character that is not printable (line breaks, controls, bidi and zero-width characters)
    written as an escape; everything else as it is."""
    return text if text.isprintable() else "".join(c if c.isprintable() else _escape_char(c) for c in text)


def _gh_data(text: str) -> str:
    # The message of a workflow command: %, CR and LF would end or corrupt it.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_property(text: str) -> str:
    # A property value (file=...) also ends at ',' and '::'.
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


class SetupError(Exception):
    """Not a problem in the data but in what checks it: a schema file that is missing, not JSON or not a
    valid schema, or a data folder that cannot be read. One line; the validator exits 2."""


class ValidationFailed(Exception):
    """Raised by `load_or_raise`; `str()` is every problem, one per line."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(p.format() for p in problems))


@dataclass(frozen=True)
class Model:
    """Everything in data/, read-only. Items keep the shape their schema gives them."""

    data_dir: Path
    items: Mapping[str, tuple[Mapping[str, Any], ...]]
    by_id: Mapping[str, Mapping[str, Mapping[str, Any]]]
    files: Mapping[str, Mapping[str, str]] = field(default_factory=dict)  # kind -> id -> data file
    # A freshness.Freshness, set by the build (macros glue) so pages can flag stale entries; None: no
    # staleness shown. Not typed by name: freshness imports this module, and the model layer imports nothing above it.
    freshness: Any = None
    # The answer checks as the validator compiled them from these items (the practice drill reuses them);
    # a model given other items by hand has to drop them.
    rules: answer_checks.Rules | None = None

    def __getattr__(self, name: str) -> tuple[Mapping[str, Any], ...]:
        # model.questions, model.stages, ... read the lists in file order.
        if name in KIND_BY_KEY:
            return self.items[name]
        raise AttributeError(name)

    def get(self, kind: str, item_id: str) -> Mapping[str, Any]:
        return self.by_id[kind][item_id]

    def ordered(self, kind: str) -> list[Mapping[str, Any]]:
        """Stages and dimensions by their `order`; other kinds as written."""
        items = list(self.items[kind])
        if items and "order" in items[0]:
            items.sort(key=lambda i: i["order"])
        return items

    def questions_for(self, *, stage: str | None = None, dimension: str | None = None) -> list[Mapping[str, Any]]:
        return [
            q
            for q in self.items["questions"]
            if (stage is None or stage in q["stages"]) and (dimension is None or dimension in q["dimensions"])
        ]


# ---------------------------------------------------------------- schemas


@cache
def _fast_validator(schema_dir: Path, name: str) -> Any:
    """A yes/no check of a data file against the same schema file, compiled once (jsonschema-rs, in
    Rust): about a hundred times faster than jsonschema on valid data, which is nearly every file.
    Only a file it rejects goes through `_validator`, whose errors carry what the messages need.
    tests/test_bad_inputs.py checks that the two agree on every bad input and on the real data."""
    import jsonschema_rs

    try:
        registry = jsonschema_rs.Registry([(_SCHEMA_URI + n, _read_schema(schema_dir, n)) for n in _schema_names(schema_dir)])
    except ValueError as exc:
        raise SetupError(f"the schema files in {_printable(str(schema_dir))} do not load together: {_short(exc, 160)}") from None
    schema = _read_schema(schema_dir, name)
    # Formats stay unchecked, as in jsonschema's default: the schemas state their rules as patterns.
    try:
        return jsonschema_rs.validator_for(schema, registry=registry, base_uri=_SCHEMA_URI + name, validate_formats=False)
    except (ValueError, jsonschema_rs.ValidationError) as exc:
        raise SetupError(f"{_printable(str(schema_dir / name))}: the schema cannot be compiled: {_short(exc, 160)}") from None


# Where jsonschema-rs places the schema files, so "common.schema.json#/$defs/id" resolves among them.
_SCHEMA_URI = "json-schema:///"


@cache
def _schema_names(schema_dir: Path) -> tuple[str, ...]:
    return tuple(p.name for p in sorted(schema_dir.glob("*.json")))


@cache
def _validator(schema_dir: Path, name: str) -> jsonschema.protocols.Validator:
    """One compiled validator per schema file, reused for every data file of that kind."""
    import jsonschema

    schema = _read_schema(schema_dir, name)
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema, registry=_registry(schema_dir))


@cache
def _registry(schema_dir: Path) -> referencing.Registry:
    """Every schema file, registered and crawled once. A registry that only `retrieve`s a schema
    on demand keeps nothing it retrieved and crawls it again on every $ref: that made checking
    5,000 questions take 25 s instead of 10."""
    import referencing

    resources = [(n, referencing.Resource.from_contents(_read_schema(schema_dir, n))) for n in _schema_names(schema_dir)]
    return referencing.Registry().with_resources(resources).crawl()


@cache
def _parse_schema(schema_dir: Path, name: str) -> dict[str, Any]:
    """A schema file, parsed once: a file that cannot be read as a JSON object is a SetupError."""
    path = schema_dir / name
    try:
        schema = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise SetupError(f"cannot read the schema file {_printable(str(path))}: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise SetupError(f"the schema file {_printable(str(path))} is not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise SetupError(
            f"{_printable(str(path))}:{exc.lineno}:{exc.colno}: the schema file is not valid JSON: {exc.msg}"
        ) from None
    if not isinstance(schema, dict):
        raise SetupError(f"{_printable(str(path))}: the schema file must hold a JSON object")
    return schema


@cache
def _read_schema(schema_dir: Path, name: str) -> dict[str, Any]:
    """A schema file as the validator uses it, parsed and checked against its metaschema once: a broken
    schema is a SetupError, never a traceback or a check that silently passes everything."""
    schema = _parse_schema(schema_dir, name)
    import jsonschema

    path = schema_dir / name
    try:
        jsonschema.validators.validator_for(schema).check_schema(schema)
    except jsonschema.SchemaError as exc:
        where = "/".join(map(str, exc.absolute_path)) or "(top)"
        raise SetupError(f"{_printable(str(path))}: not a valid JSON Schema at {where}: {_short(exc.message, 120)}") from None
    return schema


def read_schema(data_dir: Path, name: str) -> dict[str, Any]:
    """A schema file of this data folder, parsed once and shared: read it, never change it. For the pages,
    which read a value or two from it once the data has passed: the metaschema check is the validator's.
    Data read from the checked-file cache passed under these exact schema bytes (they are in its key), so
    the build does not import jsonschema to check them again (0.1 s of every build)."""
    return _parse_schema(schema_dir_for(data_dir), name)


def schema_dir_for(data_dir: Path) -> Path:
    """A data folder may bring its own schemas (tests do); otherwise the project's."""
    own = data_dir / SCHEMA_DIR_NAME
    return own if own.is_dir() else SCHEMA_DIR


# ---------------------------------------------------------------- YAML reading


def _line_col_of_offset(raw: bytes, offset: int) -> tuple[int, int]:
    before = raw[:offset]
    line = before.count(b"\n") + 1
    col = offset - (before.rfind(b"\n") + 1) + 1
    return line, col


@dataclass
class _File:
    kind: Kind
    path: Path
    shown: str
    text: str
    _nodes: yaml.Node | None = None

    def node(self) -> yaml.Node | None:
        # Composing the node tree costs a second parse, so only files with problems pay for it.
        if self._nodes is None:
            self._nodes = yaml.compose(self.text, Loader=_Loader)
        return self._nodes

    def locate(self, path: Iterable[Any], *, key: bool = False) -> tuple[int, int]:
        """Line and column of the value at `path` (or of its key, for unknown-key problems)."""
        node = self.node()
        if node is None:
            return 1, 1
        mark = node.start_mark
        for step in path:
            if isinstance(node, yaml.MappingNode):
                for k, v in node.value:
                    if k.value == step or (isinstance(step, str) and str(k.value) == step):
                        mark = k.start_mark if key and step == list(path)[-1] else v.start_mark
                        node = v
                        break
                else:
                    break
            elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
                node = node.value[step]
                mark = node.start_mark
            else:
                break
        return mark.line + 1, mark.column + 1


def _path_text(path: Iterable[Any]) -> str:
    out = ""
    for step in path:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else str(step))
    return out


def _read(kind: Kind, path: Path, shown: str, problems: list[Problem], raw: bytes | None = None) -> tuple[_File | None, Any]:
    if raw is None:
        try:
            raw = path.read_bytes()
        except OSError as exc:
            problems.append(Problem(shown, 1, 1, "", f"cannot read the file: {exc.strerror}"))
            return None, None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _line_col_of_offset(raw, exc.start)
        problems.append(Problem(shown, line, col, "", "the file is not UTF-8 text", "save the file as UTF-8"))
        return None, None
    f = _File(kind, path, shown, text)
    try:
        data, found = strict_yaml.load(text)
    except strict_yaml.StrictYamlError as exc:
        problems.append(Problem(shown, exc.line, exc.col, "", exc.message, exc.hint))
        return None, None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = f"YAML syntax error: {exc.problem or exc}"
        if exc.context:
            started = (
                f" that starts at line {exc.context_mark.line + 1}"
                if exc.context_mark and exc.problem_mark and exc.context_mark.line != exc.problem_mark.line
                else ""
            )
            message += f" ({exc.context}{started})"
        lines = text.splitlines()
        bad = lines[line - 1] if 0 < line <= len(lines) else ""
        if "\t" in bad or "\\t" in message:
            hint = "indent with spaces, never tabs"
        else:
            hint = "check indentation, colons and quotes on this line and the one before"
        problems.append(Problem(shown, line, col, "", message, hint))
        return None, None
    except yaml.reader.ReaderError as exc:
        # A character YAML does not accept (a control character): its place, and the character escaped.
        pos = exc.position
        line, col = text.count("\n", 0, pos) + 1, pos - (text.rfind("\n", 0, pos) + 1) + 1
        char = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "\0")
        problems.append(
            Problem(
                shown,
                line,
                col,
                "",
                f"the file contains the control character U+{char:04X}, which YAML does not allow",
                "delete it; data files hold printable text only",
            )
        )
        return None, None
    except yaml.YAMLError as exc:
        problems.append(Problem(shown, 1, 1, "", f"YAML error: {_printable(str(exc))}"))
        return None, None
    if found:
        problems.extend(Problem(shown, e.line, e.col, "", e.message, e.hint) for e in found)
        return None, None
    if data is None:
        problems.append(
            Problem(
                shown, 1, 1, "", "the file is empty", f"start it with '{kind.key}:' followed by a list of {kind.label} entries"
            )
        )
        return None, None
    return f, data


# ---------------------------------------------------------------- checked-file cache

# A data file whose exact bytes already passed the per-file checks (YAML, schema) under the same schemas
# and the same code is not parsed and checked again: its parsed content comes from .cache/ (issue 8:
# parsing and schema-checking 5,000 questions takes about 10 s of CPU; the cache takes well under one).
# The checks that read one file's text against the rules data keep their verdict there too (local_checks);
# the checks across files always run. GUIDE_CACHE_DIR moves the cache; GUIDE_CACHE_DIR=off turns it off.
CACHE_ENV = "GUIDE_CACHE_DIR"


def _cache_dir() -> Path | None:
    where = os.environ.get(CACHE_ENV)
    if where == "off":
        return None
    return Path(where) if where else ROOT / ".cache" / "checked"


@cache
def _fingerprint(schema_dir: Path) -> bytes:
    """What a file's check depends on besides its bytes: the schemas, this module, the libraries."""
    from importlib.metadata import version

    h = hashlib.sha256(Path(__file__).read_bytes() + Path(strict_yaml.__file__).read_bytes())
    for name in _schema_names(schema_dir):
        h.update(name.encode() + b"\0" + (schema_dir / name).read_bytes())
    h.update(f"{version('jsonschema')} {version('jsonschema-rs')} {version('referencing')} {yaml.__version__}".encode())
    return h.digest()


def _cache_entry(schema_dir: Path, kind: Kind, raw: bytes) -> Path | None:
    folder = _cache_dir()
    if folder is None:
        return None
    key = hashlib.sha256(_fingerprint(schema_dir) + kind.key.encode() + b"\0" + raw).hexdigest()
    return folder / key[:2] / f"{key}.json"


def _store(entry: Path, data: Any) -> None:
    # Written to a temporary name and renamed: a concurrent reader never sees half a file. A cache
    # that cannot be written (read-only checkout) only costs time.
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        tmp = entry.with_name(f"{entry.name}.{os.getpid()}.tmp")
        tmp.write_bytes(compact_json.dumps(data))
        tmp.replace(entry)
    except OSError:
        pass


def _read_checked(kind: Kind, path: Path, shown: str, schema_dir: Path, problems: list[Problem]) -> tuple[_File | None, Any]:
    """One data file read, parsed and checked against its schema (problems appended), or its
    parsed content from the cache when these exact bytes passed before."""
    try:
        with path.open("rb") as fh:
            raw = fh.read(strict_yaml.MAX_FILE_BYTES + 1)
    except OSError as exc:
        problems.append(Problem(shown, 1, 1, "", f"cannot read the file: {exc.strerror}"))
        return None, None
    if len(raw) > strict_yaml.MAX_FILE_BYTES:
        # Never parsed whole: the first part is enough to say which value makes it too large.
        head = raw[: strict_yaml.MAX_FILE_BYTES].decode("utf-8", "ignore")
        line, col = strict_yaml.truncated_at(head)
        limit = strict_yaml.MAX_FILE_BYTES // 1_000_000
        problems.append(
            Problem(
                shown,
                line,
                col,
                "",
                f"the file is larger than {limit} MB, the limit for a data file; the value here is where it crosses the limit",
                "split the entries over several files, or shorten this value",
            )
        )
        return None, None
    entry = _cache_entry(schema_dir, kind, raw)
    if entry is not None and entry.is_file():
        try:
            return _File(kind, path, shown, raw.decode("utf-8")), compact_json.loads(entry.read_bytes())
        except (OSError, ValueError):
            pass  # unreadable entry: check the file as if it were not cached
    f, data = _read(kind, path, shown, problems, raw)
    if f is None:
        return None, None
    errors: list[jsonschema.ValidationError] = []
    if not _fast_validator(schema_dir, kind.schema).is_valid(data):
        try:
            # Errors are found lazily: a file with a million of them costs no more than its first few.
            found = list(
                itertools.islice(_leaf_errors(_validator(schema_dir, kind.schema).iter_errors(data)), MAX_PROBLEMS_PER_FILE + 1)
            )
        except Exception as exc:  # an unresolvable $ref, a bad pattern: the schema's fault, not the data's
            raise SetupError(
                f"{_printable(str(schema_dir / kind.schema))}: the schema cannot be applied: {_short(exc, 160)}"
            ) from None
        errors = sorted(found, key=lambda e: list(map(str, e.absolute_path)))
    problems.extend(_schema_problem(f, e) for e in errors[:MAX_PROBLEMS_PER_FILE])
    if len(errors) > MAX_PROBLEMS_PER_FILE:
        problems.append(_too_many(f.shown))
    if not errors and entry is not None:
        _store(entry, data)
    return f, data


# ---------------------------------------------------------------- schema problems

# Beyond this many problems in one file the rest are summarised in one line: a generated file with a
# million broken entries would otherwise take minutes to report and bury the first, useful lines.
MAX_PROBLEMS_PER_FILE = 100


def _too_many(shown: str) -> Problem:
    return Problem(
        shown, 1, 1, "", f"more than {MAX_PROBLEMS_PER_FILE} problems in this file; the rest are not listed", "fix these first"
    )


_TYPE_NAMES = {
    "object": "a mapping (key: value)",
    "array": "a list",
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
}


def _found(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return f"{str(value).lower()} (a boolean)"
    if value is None:
        return "nothing (null)"
    if isinstance(value, (int, float)):
        return f"{value!r} (a number)"
    return repr(value)  # repr escapes every character that is not printable (controls, bidi)


def _hint_of(schema: Mapping[str, Any], keyword: str) -> str:
    hint = schema.get("x-hint", "")
    if isinstance(hint, dict):
        return hint.get(keyword, "")
    return hint


def _short(value: Any, limit: int = 60) -> str:
    text = str(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _schema_problem(f: _File, err: jsonschema.ValidationError) -> Problem:
    path = list(err.absolute_path)
    kw = err.validator
    key_pos = False
    hint = _hint_of(err.schema, kw) if isinstance(err.schema, dict) else ""
    if kw == "additionalProperties":
        allowed = sorted(err.schema.get("properties", {}))
        extra = sorted(set(err.instance) - set(allowed))
        path = path + [extra[0]]
        key_pos = True
        message = f"unknown key '{extra[0]}'"
        hint = "allowed keys here: " + ", ".join(allowed)
    elif kw == "required":
        missing = str(err.message).split("'")[1]
        message = f"missing required key '{missing}'"
        desc = err.schema.get("properties", {}).get(missing, {}).get("description", "")
        hint = hint or (f"add '{missing}': {desc[0].lower()}{desc[1:]}" if desc else f"add '{missing}'")
    elif kw == "type":
        want = err.validator_value if isinstance(err.validator_value, str) else err.validator_value[0]
        message = f"expected {_TYPE_NAMES.get(want, want)}, found {_found(err.instance)}"
        if want == "string" and isinstance(err.instance, (int, float)) and not isinstance(err.instance, bool):
            hint = f"put the value in quotes: '{err.instance}'"
        elif want == "object" and isinstance(err.instance, list):
            hint = hint or "remove the leading '- ': this belongs as keys, not a list"
        elif want == "array" and not isinstance(err.instance, list):
            hint = hint or "write a list: one '- ' item per line"
    elif kw == "enum":
        message = f"{_found(err.instance)} is not allowed"
        hint = "use one of: " + ", ".join(map(str, err.validator_value))
    elif kw == "const":
        message = f"{_found(err.instance)} is not allowed here"
    elif kw == "not":
        own = err.schema.get("x-message") if isinstance(err.schema, dict) else None
        if own and isinstance(err.instance, str):
            # Say what was found and where in the text: a reviewer may not see an invisible character.
            message = f"{_found(err.instance) if len(err.instance) <= 60 else repr(_short(err.instance))} {own}"
            found = _first_match(err.validator_value, err.instance)
            if found:
                message += f": {found}"
        elif own:
            message = own
        elif isinstance(err.instance, str):
            message = f"contains raw HTML or a Jinja delimiter: {_short(err.instance)!r}"
        else:
            # A `not: {required: [...]}` rule: a key that must not be here.
            banned = err.validator_value.get("required", [])
            message = f"'{banned[0]}' is not allowed here" if banned else "value not allowed here"
            if banned:
                path = path + [banned[0]]
                key_pos = True
        hint = hint or _hint_of(err.schema, "not")
    elif kw == "pattern":
        message = f"{_found(err.instance)} does not have the expected form"
    elif kw in ("minLength", "minItems"):
        message = (
            "must not be empty"
            if err.validator_value == 1
            else f"needs at least {err.validator_value} {'items' if kw == 'minItems' else 'characters'}"
        )
    elif kw == "maxLength":
        message = f"is {len(err.instance)} characters long; the limit is {err.validator_value}"
        hint = hint or "shorten it"
    elif kw == "maxItems":
        message = f"has {len(err.instance)} items; the limit is {err.validator_value}"
        hint = hint or _hint_of(err.schema, kw) or "split or shorten the list"
    elif kw == "uniqueItems":
        message = "lists the same entry twice"
        hint = "remove the repeated entry"
    elif kw in ("minimum", "maximum"):
        message = f"{err.instance} is {'below the minimum' if kw == 'minimum' else 'above the maximum'} of {err.validator_value}"
    else:
        message = err.message
    line, col = f.locate(path, key=key_pos)
    return Problem(f.shown, line, col, _path_text(path), message, hint)


def _first_match(rule: Any, text: str) -> str:
    """'U+202E at character 12' or "'<img' at character 5": the first place a refusing pattern matches."""
    import re

    pattern = rule.get("pattern") if isinstance(rule, dict) else None
    if not isinstance(pattern, str):
        return ""
    m = re.search(pattern, text)
    if m is None:
        return ""
    where = f"at character {m.start() + 1}"
    piece = m.group()
    if not m.group().isprintable():
        return f"U+{ord(m.group()[0]):04X} {where}"
    return f"{piece!r} {where}"


def _leaf_errors(errors: Iterable[jsonschema.ValidationError]) -> Iterator[jsonschema.ValidationError]:
    """if/then and $ref wrap the errors that matter; report those, not the wrapper."""
    for err in errors:
        if err.context:
            yield from _leaf_errors(err.context)
        else:
            yield err


# ---------------------------------------------------------------- cross-file checks


@dataclass
class _Checker:
    files: dict[str, list[tuple[_File, int, dict[str, Any]]]]  # kind -> (file, index, item)
    problems: list[Problem]
    ids: dict[str, dict[str, tuple[_File, int]]] = field(default_factory=dict)
    # Kinds whose file could not be read as a list: references into them are not checked, so one
    # broken file gives one problem rather than one per reference.
    broken: set[str] = field(default_factory=set)
    counts: dict[str, int] = field(default_factory=dict)  # problems added per file
    rules: answer_checks.Rules | None = None  # the answer checks, compiled by build_rules
    folded: dict[str, str] = field(default_factory=dict)  # file -> its raw text as _fold gives it

    def add(self, f: _File, path: list[Any], message: str, hint: str = "") -> None:
        count = self.counts[f.shown] = self.counts.get(f.shown, 0) + 1
        if count > MAX_PROBLEMS_PER_FILE:
            if count == MAX_PROBLEMS_PER_FILE + 1:
                self.problems.append(_too_many(f.shown))
            return
        line, col = f.locate(path)
        self.problems.append(Problem(f.shown, line, col, _path_text(path), message, hint))

    def collect_ids(self) -> None:
        for kind in KINDS:
            seen: dict[str, tuple[_File, int]] = {}
            for f, i, item in self.files.get(kind.key, []):
                item_id = item.get("id")
                if not isinstance(item_id, str):
                    continue
                if item_id in seen:
                    first, j = seen[item_id]
                    line, _ = first.locate([kind.key, j, "id"])
                    self.add(
                        f,
                        [kind.key, i, "id"],
                        f"duplicate {kind.label} id '{item_id}' (first used at {first.shown}:{line})",
                        "give this entry a new id; ids never change once published",
                    )
                else:
                    seen[item_id] = (f, i)
            self.ids[kind.key] = seen
        # Checklist items share one namespace: their ids key the ticks saved in readers' browsers.
        seen_items: dict[str, tuple[_File, list[Any]]] = {}
        for f, i, stage in self.files.get("stages", []):
            for j, entry in enumerate(_list(stage.get("checklist"))):
                cid = entry.get("id") if isinstance(entry, dict) else None
                if not isinstance(cid, str):
                    continue
                path = ["stages", i, "checklist", j, "id"]
                if cid in seen_items:
                    first, fpath = seen_items[cid]
                    line, _ = first.locate(fpath)
                    self.add(
                        f,
                        path,
                        f"duplicate checklist item id '{cid}' (first used at {first.shown}:{line})",
                        "give this item a new id",
                    )
                else:
                    seen_items[cid] = (f, path)

    def ref(self, f: _File, path: list[Any], value: Any, kind: str) -> None:
        if kind in self.broken:
            return
        if isinstance(value, str) and value not in self.ids.get(kind, {}):
            known = sorted(self.ids.get(kind, {}))
            label = KIND_BY_KEY[kind].label
            hint = (
                f"known {label} ids: {', '.join(known)}"
                if 0 < len(known) <= 12
                else f"add it to {KIND_BY_KEY[kind].pattern} or use an existing {label} id"
            )
            self.add(f, path, f"unknown {label} '{value}'", hint)

    def refs(self, f: _File, path: list[Any], values: Any, kind: str) -> None:
        for j, value in enumerate(_list(values)):
            self.ref(f, path + [j], value, kind)

    def exemplar(self, f: _File, path: list[Any], ex: Any) -> None:
        if not isinstance(ex, dict):
            return
        # An exemplar lists the ids it uses under the kind's own key.
        for kind in ("metric_pairs", "launch_bars", "translations", "rsp_tensions", "sources"):
            self.refs(f, path + [kind], ex.get(kind), kind)

    def sourced(self, f: _File, path: list[Any], item: dict[str, Any]) -> None:
        """A claim about Anthropic's documents, models or papers needs a cited source."""
        if item.get("sources") or self.rules is None:
            return
        named = answer_checks.first_match(self.rules, NAMES_VOCABULARY, _texts(item))
        if named:
            self.add(
                f, path, f"names '{named}' but cites no source", "list the source id(s) under 'sources' (see data/sources.yml)"
            )

    def calendar_and_addresses(self, f: _File, base: list[Any], item: dict[str, Any], flagged: set[str]) -> None:
        """What a pattern cannot say: that a date exists on the calendar, and that an address parses
        (urllib, not a pattern) as https with a host and no credentials. A value its schema already
        refused (its path in `flagged`) is not reported twice."""
        for path, value in _leaves(item, base):
            key = path[-1]
            if not isinstance(value, str) or (flagged and _path_text(path) in flagged):
                continue
            if key in _DATE_KEYS and len(value) == 10 and value[4:5] == "-":
                try:
                    datetime.date.fromisoformat(value)
                except ValueError:
                    self.add(f, path, f"{value!r} is not a date on the calendar", "check the day and the month")
            elif key == "url":
                why = _url_problem(value)
                if why:
                    self.add(f, path, f"{_found(value)} {why}", "give the page's https:// address as a browser shows it")

    def build_rules(self) -> None:
        """The answer checks, compiled, once their own data is sound (terms, includes, references)."""
        self.rules = None
        if {"vocabularies", "answer_checks", "stages"} & self.broken:
            return
        vocabs = self.files.get("vocabularies", [])
        own_files = {f.shown for kind in ("vocabularies", "answer_checks") for f, _, _ in self.files.get(kind, [])}
        # Entries that failed their schema are not compiled: the schema problems say what to fix.
        schema_broken = any(p.file in own_files for p in self.problems)
        before = len(self.problems)
        nested = {v.get("id") for _, _, v in vocabs if v.get("include")}
        for f, i, v in vocabs:
            for j, term in enumerate(_list(v.get("terms"))):
                problem = answer_checks.term_problem(term) if isinstance(term, str) else None
                if problem:
                    self.add(f, ["vocabularies", i, "terms", j], f"term '{term}': {problem}", TERM_HINT)
            for j, inc in enumerate(_list(v.get("include"))):
                self.ref(f, ["vocabularies", i, "include", j], inc, "vocabularies")
                if inc in nested or inc == v.get("id"):
                    self.add(
                        f,
                        ["vocabularies", i, "include", j],
                        f"'{inc}' includes other vocabularies itself",
                        "include only vocabularies without an 'include' of their own",
                    )
        if vocabs and NAMES_VOCABULARY not in self.ids.get("vocabularies", {}):
            self.add(
                vocabs[0][0],
                ["vocabularies"],
                f"no vocabulary '{NAMES_VOCABULARY}'",
                "the validator reads it to find claims about Anthropic that need a source",
            )
        for f, i, c in self.files.get("answer_checks", []):
            base = ["answer_checks", i]
            rule = c.get("rule") if isinstance(c.get("rule"), dict) else {}
            for key in ("vocabulary", "value", "risk", "reject_before", "reject_after"):
                if key in rule:
                    self.ref(f, base + ["rule", key], rule[key], "vocabularies")
            for j, part in enumerate(_list(rule.get("parts"))):
                if isinstance(part, dict):
                    self.refs(f, base + ["rule", "parts", j, "all_of"], part.get("all_of"), "vocabularies")
                else:
                    self.ref(f, base + ["rule", "parts", j], part, "vocabularies")
            if (
                rule.get("kind") == "shape"
                and isinstance(rule.get("min_parts"), int)
                and rule["min_parts"] > len(_list(rule.get("parts")))
            ):
                self.add(
                    f,
                    base + ["rule", "min_parts"],
                    "asks for more parts than the rule lists",
                    "lower min_parts or list more parts",
                )
            applies = c.get("applies") if isinstance(c.get("applies"), dict) else {}
            self.refs(f, base + ["applies", "stages"], applies.get("stages"), "stages")
        if len(self.problems) == before and not schema_broken:
            self.rules = answer_checks.rules_from(
                [v for _, _, v in vocabs], [c for _, _, c in self.files.get("answer_checks", [])]
            )

    def local_checks(self) -> dict[str, list[tuple[_File, list[Any]]]]:
        """The checks whose verdict depends only on one file's own bytes and on the rules data: calendar dates
        and addresses, claims that need a source, the answer checks on the guide's exemplars, the spelling
        rules, and where the strong answers mention a tracked fact (returned, by rule id, for `style` to count
        across files). Over 5,000 questions they cost a second or more, which every preview would pay again, so
        a file's verdict is kept in the checked-file cache like its schema check, keyed by its bytes, the rules'
        and the code's. A file with schema problems is checked afresh, never cached."""
        troubled = {p.file for p in self.problems}  # only schema and reading problems exist yet
        rules_texts = b"".join(
            f.text.encode() + b"\0" for kind in RULE_KINDS for f in {f.shown: f for f, _, _ in self.files.get(kind, [])}.values()
        )
        rules_key = hashlib.sha256(
            (Path(__file__).parent / "answer_checks.py").read_bytes()
            + _fingerprint(SCHEMA_DIR)
            + rules_texts
            + repr((self.rules is None, sorted(self.broken & set(RULE_KINDS)))).encode()
        ).digest()
        folder = _cache_dir()
        places: dict[str, list[tuple[_File, list[Any]]]] = {}
        by_file: dict[str, tuple[_File, str, list[tuple[int, dict[str, Any]]]]] = {}
        for kind, entries in self.files.items():
            for f, i, item in entries:
                by_file.setdefault(f.shown, (f, kind, []))[2].append((i, item))
        for f, kind, entries in by_file.values():
            entry = None
            if folder is not None and f.shown not in troubled:
                key = hashlib.sha256(rules_key + kind.encode() + b"\0" + f.text.encode()).hexdigest()
                entry = folder / "verdicts" / key[:2] / f"{key}.verdicts"
                try:
                    cached = compact_json.loads(entry.read_bytes())
                    self.problems.extend(Problem(f.shown, *p) for p in cached["problems"])
                    self.counts[f.shown] = self.counts.get(f.shown, 0) + len(cached["problems"])
                    for rule_id, path in cached["places"]:
                        places.setdefault(rule_id, []).append((f, path))
                    continue
                except (OSError, ValueError, TypeError, KeyError):
                    pass
            before = len(self.problems)
            found = self.file_checks(f, kind, entries, {p.path for p in self.problems if p.file == f.shown})
            for rule_id, path in found:
                places.setdefault(rule_id, []).append((f, path))
            if entry is not None:
                _store(
                    entry,
                    {
                        "problems": [[p.line, p.col, p.path, p.message, p.hint] for p in self.problems[before:]],
                        "places": found,
                    },
                )
        return places

    def file_checks(
        self, f: _File, kind: str, entries: list[tuple[int, dict[str, Any]]], flagged: set[str]
    ) -> list[tuple[str, list[Any]]]:
        """local_checks for one file: its problems are added; returns (tracked fact id, path) of each first mention
        of a tracked fact in a strong answer."""
        found: list[tuple[str, list[Any]]] = []
        for i, item in entries:
            base = [kind, i]
            self.calendar_and_addresses(f, base, item, flagged)
            if kind == "questions":
                if isinstance(item.get("strong"), dict):
                    self.sourced(f, base + ["strong"], item["strong"])
                self.checked_answers(f, base, item)
            elif kind in ("metric_pairs", "launch_bars"):
                self.sourced(f, base, item)
        if "style_rules" in self.broken:
            return found
        (spelling, spelling_pattern), (tracked, tracked_pattern) = self.style_phrases
        if kind not in RULE_KINDS:  # the rules list the spellings readers type, on purpose
            if spelling and self.mentions(f, spelling):
                for i, item in entries:
                    for path, text in _text_paths(item, [kind, i]):
                        hit = spelling_pattern.search(text)
                        if hit:
                            rule = spelling[_fold(hit.group(0))]
                            self.add(
                                f,
                                path,
                                f"writes '{hit.group(0)}'; the guide spells it '{rule['use']}'",
                                f"write '{rule['use']}' (style rule '{rule['id']}' in data/style_rules.yml)",
                            )
        if kind == "questions" and tracked and self.mentions(f, tracked):
            for i, q in entries:
                if not isinstance(q.get("strong"), dict):
                    continue
                seen: set[str] = set()  # a fact counts once per answer, at its first mention
                for path, text in _text_paths(q["strong"], ["questions", i, "strong"]):
                    for hit in tracked_pattern.finditer(text):
                        rule_id = tracked[_fold(hit.group(0))]["id"]
                        if rule_id not in seen:
                            seen.add(rule_id)
                            found.append((rule_id, path))
        return found

    def checked_answers(self, f: _File, base: list[Any], q: dict[str, Any]) -> None:
        """The guide's own exemplars meet the answer checks that apply to their question: the strong answer
        passes every one, the weak answer trips at least one (the drill runs the same checks)."""
        if self.rules is None:
            return
        strong, weak = q.get("strong"), q.get("weak")
        if not (isinstance(strong, dict) and isinstance(weak, dict)):
            return
        lines_of = {
            part: [x for x in _list(ex.get("outline")) if isinstance(x, str)] for part, ex in (("strong", strong), ("weak", weak))
        }
        ids = answer_checks.applicable(self.rules, q)
        for result in answer_checks.run(self.rules, ids, "\n".join(lines_of["strong"])):
            if result["state"] != "flag":
                continue
            check = next(c for c in self.rules.checks if c["id"] == result["id"])
            path = base + ["strong"]
            if result["quotes"]:
                first = result["quotes"][0]
                j = next((j for j, line in enumerate(lines_of["strong"]) if first in answer_checks.split_sentences(line)), None)
                if j is not None:
                    path = base + ["strong", "outline", j]
                detail = "; ".join(f'"{_short(x, 80)}"' for x in result["quotes"][:2])
            else:
                detail = ""
            labels = {p["id"]: p["label"] for p in check["rule"].get("parts", []) if isinstance(p, dict)}
            if result["missing"]:
                detail = "missing " + ", ".join(labels[m] for m in result["missing"]) + (f" ({detail})" if detail else "")
            self.add(f, path, f"answer check '{check['id']}' flags the strong answer: {detail}", " ".join(check["flag"].split()))
        results = answer_checks.run(self.rules, ids, "\n".join(lines_of["weak"]))
        if ids and all(r["state"] == "ok" for r in results):
            self.add(
                f,
                base + ["weak"],
                f"the weak answer trips none of the answer checks that apply to it ({', '.join(ids)})",
                "a weak answer shows a failure the checks can see (a stock line, a metric with no counter-metric, "
                "no launch bar...); see data/answer_checks.yml",
            )

    @cached_property
    def style_phrases(self) -> tuple[tuple[dict[str, dict[str, Any]], re.Pattern[str]], ...]:
        """(folded phrase -> its rule, one pattern for them all) for the spelling rules, then the tracked facts:
        worked out once per check, not once per file."""
        rules = [r for _, _, r in self.files.get("style_rules", [])]
        out = []
        for kind, key in (("spelling", "avoid"), ("tracked-fact", "match")):
            phrases = {_fold(p): r for r in rules if r.get("kind") == kind for p in _list(r.get(key))}
            out.append((phrases, _phrase_pattern(phrases)))
        return tuple(out)

    def mentions(self, f: _File, phrases: Iterable[str]) -> bool:
        """Whether any of `phrases` appears anywhere in the file's raw text, ignoring case and line breaks
        (comments and ids included, so it may say yes where no string matches, never no where one does)."""
        if f.shown not in self.folded:
            self.folded[f.shown] = _fold(f.text)
        return any(p in self.folded[f.shown] for p in phrases)

    def style(self, tracked: dict[str, list[tuple[_File, list[Any]]]]) -> None:
        """The style rules' limit (data/style_rules.yml): no tracked fact (`tracked`, its places from local_checks),
        paper or critique in more than MAX_STRONG_USES strong answers. The spelling rules are per file (file_checks)."""
        if "style_rules" in self.broken:
            return
        # Papers and critiques, not policies: every answer about a mechanic should name the policy version it
        # comes from, but the same finding or critic in every answer is what readers of an open guide repeat.
        counted = {s.get("id") for _, _, s in self.files.get("sources", []) if s.get("kind") in COUNTED_SOURCE_KINDS}
        uses: dict[str, list[tuple[_File, list[Any]]]] = {}
        for f, i, q in self.files.get("questions", []):
            if isinstance(q.get("strong"), dict):
                for j, sid in enumerate(_list(q["strong"].get("sources"))):
                    if isinstance(sid, str) and sid in counted:
                        uses.setdefault(f"source '{sid}'", []).append((f, ["questions", i, "strong", "sources", j]))
        for rule_id, places in tracked.items():
            uses[f"tracked fact '{rule_id}'"] = places
        for what, places in uses.items():
            if len(places) <= MAX_STRONG_USES:
                continue
            first = ", ".join(f"{pf.shown}:{pf.locate(pp)[0]}" for pf, pp in places[:MAX_STRONG_USES])
            for f, path in places[MAX_STRONG_USES:]:
                self.add(
                    f,
                    path,
                    f"{what} is already used by {MAX_STRONG_USES} strong answers ({first})",
                    "cite a different source or fact here, or drop it: an open guide whose answers all cite the same "
                    "few things makes every reader sound alike",
                )

    def run(self) -> None:
        self.collect_ids()
        self.build_rules()
        tracked = self.local_checks()
        dims = "dimensions"
        for f, i, d in self.files.get("dimensions", []):
            self.refs(f, ["dimensions", i, "sources"], d.get("sources"), "sources")
        for f, i, s in self.files.get("stages", []):
            base = ["stages", i]
            scored: set[str] = set()
            for j, entry in enumerate(_list(s.get("dimensions"))):
                if isinstance(entry, dict):
                    self.ref(f, base + ["dimensions", j, "dimension"], entry.get("dimension"), dims)
                    if entry.get("dimension") in scored:
                        self.add(
                            f,
                            base + ["dimensions", j, "dimension"],
                            f"dimension '{entry.get('dimension')}' is listed twice for this stage",
                            "keep one entry per dimension",
                        )
                    scored.add(entry.get("dimension"))
            for j, entry in enumerate(_list(s.get("checklist"))):
                if isinstance(entry, dict):
                    d = entry.get("dimension")
                    self.ref(f, base + ["checklist", j, "dimension"], d, dims)
                    if isinstance(d, str) and d in self.ids.get(dims, {}) and d not in scored:
                        self.add(
                            f,
                            base + ["checklist", j, "dimension"],
                            f"checklist item serves '{d}', which this stage does not score",
                            "add the dimension under this stage's 'dimensions' or pick one it scores",
                        )
            self.refs(f, base + ["pre_reading"], s.get("pre_reading"), "sources")
            self.refs(f, base + ["sources"], s.get("sources"), "sources")
        for f, i, q in self.files.get("questions", []):
            base = ["questions", i]
            self.refs(f, base + ["stages"], q.get("stages"), "stages")
            self.refs(f, base + ["dimensions"], q.get("dimensions"), dims)
            if "source" in q:
                self.ref(f, base + ["source"], q.get("source"), "sources")
            self.exemplar(f, base + ["strong"], q.get("strong"))
            self.exemplar(f, base + ["weak"], q.get("weak"))
            if "near_miss" in q:
                self.exemplar(f, base + ["near_miss"], q.get("near_miss"))
        for f, i, m in self.files.get("metric_pairs", []):
            base = ["metric_pairs", i]
            value, risk = m.get("value"), m.get("risk")
            if isinstance(value, dict) and isinstance(risk, dict):
                for part in ("name", "definition"):
                    a, b = value.get(part), risk.get(part)
                    if isinstance(a, str) and isinstance(b, str) and _norm(a) == _norm(b):
                        self.add(
                            f,
                            base + ["risk", part],
                            f"the risk counter-metric has the same {part} as the value metric",
                            "pair the value metric with a different metric that measures the harm it could hide",
                        )
            self.refs(f, base + ["sources"], m.get("sources"), "sources")
        for f, i, t in self.files.get("translations", []):
            finding = t.get("finding")
            if isinstance(finding, dict):
                self.refs(f, ["translations", i, "finding", "sources"], finding.get("sources"), "sources")
            self.refs(f, ["translations", i, "metric_pairs"], t.get("metric_pairs"), "metric_pairs")
        for f, i, b in self.files.get("launch_bars", []):
            self.refs(f, ["launch_bars", i, "metric_pairs"], b.get("metric_pairs"), "metric_pairs")
            self.refs(f, ["launch_bars", i, "sources"], b.get("sources"), "sources")
        for f, i, t in self.files.get("rsp_tensions", []):
            self.refs(f, ["rsp_tensions", i, "sources"], t.get("sources"), "sources")
        for f, i, b in self.files.get("briefings", []):
            for part in ("points", "weak", "strong"):
                for j, entry in enumerate(_list(b.get(part))):
                    if isinstance(entry, dict):
                        self.refs(f, ["briefings", i, part, j, "sources"], entry.get("sources"), "sources")
        self.style(tracked)


_DATE_KEYS = {"last_reviewed", "date", "reported_on"}


def _leaves(value: Any, path: list[Any]) -> Iterator[tuple[list[Any], Any]]:
    if isinstance(value, dict):
        for key, v in value.items():
            yield from _leaves(v, path + [key])
    elif isinstance(value, list):
        for j, v in enumerate(value):
            yield from _leaves(v, path + [j])
    else:
        yield path, value


def _url_problem(text: str) -> str:
    """Why an address is refused ('' when it is fine), read by urllib the way a browser would."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number in range
    except ValueError:
        return "is not an address that parses"
    if parts.scheme != "https":
        return "is not an https address"
    if parts.username is not None or parts.password is not None:
        return "carries a user name or password"
    if not parts.hostname:
        return "has no host"
    if any(not c.isprintable() or c.isspace() or c == "\\" for c in text):
        return "contains spaces, backslashes or invisible characters"
    return ""


# The vocabulary (data/vocabularies.yml) that names Anthropic's documents, models and papers: text that uses
# one of them cites a source.
NAMES_VOCABULARY = "anthropic-names"
TERM_HINT = "see the term language in data/schema/vocabularies.schema.json, e.g. 'not|never ~3 ship* ~6 until|unless'"

# A fact, figure or paper in more than this many strong answers becomes the line every reader of an open
# guide repeats (issue 16): the style rules' tracked facts and every source id are held to it.
MAX_STRONG_USES = 4
COUNTED_SOURCE_KINDS = ("paper", "critique")
# Data that holds rules about the text rather than the guide's text itself.
RULE_KINDS = ("vocabularies", "answer_checks", "style_rules")


def _fold(phrase: str) -> str:
    """A phrase as the style rules compare it: case and runs of white space do not count."""
    return " ".join(phrase.lower().split())


def _phrase_pattern(phrases: Iterable[str]) -> re.Pattern[str]:
    """Whole-word, case-blind match of any of `phrases` (a hyphen or letter on either side is part of a word).
    A space matches any run of white space, so a phrase that a folded YAML line breaks is still found."""
    alternatives = "|".join(r"\s+".join(map(re.escape, p.split())) for p in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.IGNORECASE)


def _text_paths(value: Any, path: list[Any]) -> Iterator[tuple[list[Any], str]]:
    """Every prose string inside an item with its path (not its ids or references)."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, v in value.items():
            if key not in _REF_KEYS:
                yield from _text_paths(v, path + [key])
    elif isinstance(value, list):
        for j, v in enumerate(value):
            yield from _text_paths(v, path + [j])


_REF_KEYS = {"id", "sources", "metric_pairs", "launch_bars", "translations", "rsp_tensions", "last_reviewed"}


def _texts(value: Any) -> Iterator[str]:
    """Every prose string inside an item (not its ids or references)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, v in value.items():
            if key not in _REF_KEYS:
                yield from _texts(v)
    elif isinstance(value, list):
        for v in value:
            yield from _texts(v)


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


# ---------------------------------------------------------------- entry points


def _display(path: Path, display_root: Path) -> str:
    """The path as problems print it: relative to display_root when inside it, and with every character
    that could end or forge an output line (control, bidirectional) written as an escape."""
    try:
        # The folder is resolved, not the file: a symlinked data file is named, never its target.
        shown = (path.parent.resolve() / path.name).relative_to(display_root.resolve()).as_posix()
    except ValueError:
        shown = path.as_posix()
    return _printable(shown)


def _printable(text: str) -> str:
    return "".join(c if c.isprintable() and c != "\\" else _escape_char(c) for c in text)


def _escape_char(c: str) -> str:
    if c == "\\":
        return "\\\\"
    n = ord(c)
    return f"\\x{n:02x}" if n < 0x100 else (f"\\u{n:04x}" if n < 0x10000 else f"\\U{n:08x}")


def _unsafe_entries(data_dir: Path) -> list[tuple[Path, str]]:
    """Symlinks and anything that is not a regular file or folder under data/: refused without being
    opened or followed (a FIFO would block the read; a link could point anywhere, and its target is
    never printed)."""
    found: list[tuple[Path, str]] = []

    def unreadable(exc: OSError) -> None:
        raise SetupError(f"cannot read the folder {_printable(str(exc.filename))}: {exc.strerror}")

    for folder, dirs, files in os.walk(data_dir, onerror=unreadable, followlinks=False):
        for name in sorted(dirs + files):
            p = Path(folder) / name
            try:
                mode = p.lstat().st_mode
            except OSError:
                found.append((p, "cannot be examined"))
                continue
            if stat.S_ISLNK(mode):
                found.append((p, "is a symbolic link"))
            elif not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
                found.append((p, "is not a regular file"))
        dirs[:] = [d for d in dirs if not (Path(folder) / d).is_symlink()]
    return found


def data_files(data_dir: Path) -> tuple[list[tuple[Kind, Path]], list[Path]]:
    """Every data file with its kind, and the YAML files no kind claims."""
    claimed: list[tuple[Kind, Path]] = []
    seen: set[Path] = set()
    for kind in KINDS:
        for p in sorted(data_dir.glob(kind.pattern)):
            claimed.append((kind, p))
            seen.add(p)
    strays = sorted(p for ext in ("*.yml", "*.yaml") for p in data_dir.rglob(ext) if p not in seen)
    return claimed, strays


def check(data_dir: Path = DATA_DIR, display_root: Path | None = None) -> tuple[Model | None, list[Problem]]:
    """Load and check everything; return the model (None if any problem) and all problems, sorted."""
    # Reading the data makes hundreds of thousands of dicts, lists and strings and no reference cycles,
    # yet each few hundred of them start a pass of the cycle collector over the growing heap: a third of
    # a cold check of 5,000 questions (BENCHMARKS.md). Reference counting still frees what is dropped.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _check(Path(data_dir), display_root)
    finally:
        if collecting:
            gc.enable()


def _check(data_dir: Path, display_root: Path | None) -> tuple[Model | None, list[Problem]]:
    display_root = display_root or data_dir.parent
    problems: list[Problem] = []
    if not data_dir.is_dir():
        raise SetupError(f"data folder not found: {_printable(str(data_dir))}")
    try:
        os.listdir(data_dir)
    except OSError as exc:
        raise SetupError(f"cannot read the data folder {_printable(str(data_dir))}: {exc.strerror}") from None
    schema_dir = schema_dir_for(data_dir)
    claimed, strays = data_files(data_dir)
    unsafe = _unsafe_entries(data_dir)
    for p, why in unsafe:
        problems.append(
            Problem(
                _display(p, display_root),
                1,
                1,
                "",
                f"{why}; data/ holds regular files only",
                "replace it with the file itself (copy the content in) or remove it",
            )
        )
    refused = {p for p, _ in unsafe}
    claimed = [(k, p) for k, p in claimed if not _inside(p, refused)]
    strays = [p for p in strays if not _inside(p, refused)]
    for p in strays:
        problems.append(
            Problem(
                _display(p, display_root),
                1,
                1,
                "",
                "no schema covers this file",
                "rename it to a known data file (see KINDS in macros/model.py) or move it out of data/",
            )
        )
    present = {k.key for k, _ in claimed}
    for kind in KINDS:
        if kind.key not in present:
            problems.append(
                Problem(
                    _display(data_dir / kind.pattern, display_root),
                    1,
                    1,
                    "",
                    f"no {kind.label} file found",
                    f"create {kind.pattern} with a '{kind.key}:' list",
                )
            )

    per_kind: dict[str, list[tuple[_File, int, dict[str, Any]]]] = {}
    broken: set[str] = set()
    for kind, path in claimed:
        f, data = _read_checked(kind, path, _display(path, display_root), schema_dir, problems)
        if f is None or not isinstance(data, dict) or not isinstance(data.get(kind.key), list):
            broken.add(kind.key)
        if f is None:
            continue
        entries = data.get(kind.key) if isinstance(data, dict) else None
        for i, item in enumerate(_list(entries)):
            if isinstance(item, dict):
                per_kind.setdefault(kind.key, []).append((f, i, item))

    checker = _Checker(per_kind, problems, broken=broken | {k.key for k in KINDS if k.key not in present})
    checker.run()
    problems = sorted(set(problems))
    if problems:
        return None, problems
    items = {k.key: tuple(MappingProxyType(item) for _, _, item in per_kind.get(k.key, [])) for k in KINDS}
    by_id = {key: MappingProxyType({item["id"]: item for item in items[key]}) for key in items}
    files = {k.key: MappingProxyType({item["id"]: f.shown for f, _, item in per_kind.get(k.key, [])}) for k in KINDS}
    model = Model(data_dir, MappingProxyType(items), MappingProxyType(by_id), MappingProxyType(files), rules=checker.rules)
    return model, []


def _inside(path: Path, refused: set[Path]) -> bool:
    return bool(refused) and (path in refused or any(parent in refused for parent in path.parents))


def load_or_raise(data_dir: Path = DATA_DIR) -> Model:
    model, problems = check(data_dir)
    if problems:
        raise ValidationFailed(problems)
    assert model is not None
    return model


_CACHE: dict[Path, tuple[tuple[tuple[str, int, int], ...], Model]] = {}


def load_cached(data_dir: Path = DATA_DIR) -> Model:
    """Load once per content state: the hooks and the macros of one build share the result, and
    `mkdocs serve` reloads only when a data file's size or mtime changed."""
    data_dir = Path(data_dir).resolve()
    # lstat, never following a link: a symlink is a problem `check` reports, not a file to look through.
    entries = sorted(Path(folder) / n for folder, _, names in os.walk(data_dir, followlinks=False) for n in names)
    stamp = tuple((str(p), st.st_mtime_ns, st.st_size, st.st_mode) for p in entries for st in [p.lstat()])
    hit = _CACHE.get(data_dir)
    if hit and hit[0] == stamp:
        return hit[1]
    model = load_or_raise(data_dir)
    _CACHE[data_dir] = (stamp, model)
    return model


# ---------------------------------------------------------------- for tools that report on or add to the data


def locator(kind_key: str, path: Path) -> Callable[[Iterable[Any]], tuple[int, int]]:
    """`locate(steps)` -> (line, col) of the value at `steps` in one data file, composed once."""
    f = _File(KIND_BY_KEY[kind_key], path, str(path), path.read_text(encoding="utf-8"))
    return f.locate


def check_entry(kind_key: str, entry: Mapping[str, Any], schema_dir: Path = SCHEMA_DIR) -> list[Problem]:
    """Schema problems of one entry on its own, as if it were its file's only entry (no cross-file
    checks): lets a tool that builds an entry say what is wrong before it writes anything."""
    kind = KIND_BY_KEY[kind_key]
    doc = {kind.key: [dict(entry)]}
    f = _File(kind, Path("<entry>"), "<entry>", yaml.safe_dump(doc, sort_keys=False, allow_unicode=True))
    errors = _leaf_errors(_validator(schema_dir, kind.schema).iter_errors(doc))
    return sorted({_schema_problem(f, e) for e in errors})
