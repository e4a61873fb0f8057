"""Load the guide's YAML data, check it, and hand back one read-only model.

The JSON Schemas under data/schema/ are the only definition of each file's shape; this module
compiles them once, checks every file against its schema, then checks what a schema cannot see
(references between files, unique ids, paired metric talk). Every problem carries the file, line
and column it comes from, and all problems are collected before anything is returned.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import yaml

from . import claims, metric_talk

if TYPE_CHECKING:
    # Imported where used: a build whose data files all come from the cache never needs them.
    import jsonschema
    import referencing

    from .freshness import Freshness

ROOT = Path(__file__).resolve().parent.parent
# GUIDE_DATA_DIR lets tests and the benchmark build the real pipeline over other content.
DATA_DIR = Path(os.environ.get("GUIDE_DATA_DIR") or ROOT / "data")
SCHEMA_DIR_NAME = "schema"
SCHEMA_DIR = ROOT / "data" / SCHEMA_DIR_NAME


# CSafeLoader is about fifteen times faster than the pure-Python loader (TOOLING-NOTES).
class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """YAML's safe loader, except that 2026-11-27 stays the text it is: the schemas describe JSON, where
    a date is a string, and the editor's YAML 1.2 reads it as a string too."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _Loader.yaml_implicit_resolvers.items()
}


def read_yaml(text: str) -> Any:
    """A data file's content, read the way the validator reads it."""
    return yaml.load(text, Loader=_Loader)


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
        where = f"{self.path}: " if self.path else ""
        hint = f" (hint: {self.hint})" if self.hint else ""
        level = "warning: " if self.level == "warning" else ""
        return f"{self.file}:{self.line}:{self.col}: {level}{where}{self.message}{hint}"

    def github(self) -> str:
        """A GitHub workflow command, so the problem shows on the pull request's diff."""
        text = f"{self.path}: {self.message}" if self.path else self.message
        if self.hint:
            text += f" (hint: {self.hint})"
        return f"::{self.level} file={_gh_property(self.file)},line={self.line},col={self.col}::{_gh_data(text)}"


def _gh_data(text: str) -> str:
    # The message of a workflow command: %, CR and LF would end or corrupt it.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_property(text: str) -> str:
    # A property value (file=...) also ends at ',' and '::'.
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


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
    # Set by the build (macros glue) so pages can flag stale entries; None: no staleness shown.
    freshness: Freshness | None = None

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

    registry = jsonschema_rs.Registry([(_SCHEMA_URI + n, _read_schema(schema_dir, n)) for n in _schema_names(schema_dir)])
    schema = _read_schema(schema_dir, name)
    # Formats stay unchecked, as in jsonschema's default: the schemas state their rules as patterns.
    return jsonschema_rs.validator_for(schema, registry=registry, base_uri=_SCHEMA_URI + name, validate_formats=False)


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
def _read_schema(schema_dir: Path, name: str) -> dict[str, Any]:
    return json.loads((schema_dir / name).read_text(encoding="utf-8"))


def read_schema(data_dir: Path, name: str) -> dict[str, Any]:
    """A schema file of this data folder, parsed once and shared: read it, never change it."""
    return _read_schema(schema_dir_for(data_dir), name)


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
        data = read_yaml(text)
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
    except yaml.YAMLError as exc:
        problems.append(Problem(shown, 1, 1, "", f"YAML error: {exc}"))
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
# Cross-file checks always run. GUIDE_CACHE_DIR moves the cache; GUIDE_CACHE_DIR=off turns it off.
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

    h = hashlib.sha256(Path(__file__).read_bytes())
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
        tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        tmp.replace(entry)
    except OSError:
        pass


def _read_checked(kind: Kind, path: Path, shown: str, schema_dir: Path, problems: list[Problem]) -> tuple[_File | None, Any]:
    """One data file read, parsed and checked against its schema (problems appended), or its
    parsed content from the cache when these exact bytes passed before."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        problems.append(Problem(shown, 1, 1, "", f"cannot read the file: {exc.strerror}"))
        return None, None
    entry = _cache_entry(schema_dir, kind, raw)
    if entry is not None and entry.is_file():
        try:
            return _File(kind, path, shown, raw.decode("utf-8")), json.loads(entry.read_bytes())
        except (OSError, ValueError):
            pass  # unreadable entry: check the file as if it were not cached
    f, data = _read(kind, path, shown, problems, raw)
    if f is None:
        return None, None
    errors: list[jsonschema.ValidationError] = []
    if not _fast_validator(schema_dir, kind.schema).is_valid(data):
        found = _leaf_errors(_validator(schema_dir, kind.schema).iter_errors(data))
        errors = sorted(found, key=lambda e: list(map(str, e.absolute_path)))
    problems.extend(_schema_problem(f, e) for e in errors)
    if not errors and entry is not None:
        _store(entry, data)
    return f, data


# ---------------------------------------------------------------- schema problems

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
    return f"{value!r}"


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
        if isinstance(err.instance, str):
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

    def add(self, f: _File, path: list[Any], message: str, hint: str = "") -> None:
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

    def exemplar(self, f: _File, path: list[Any], ex: Any, *, strong: bool) -> None:
        if not isinstance(ex, dict):
            return
        # An exemplar lists the ids it uses under the kind's own key.
        for kind in ("metric_pairs", "launch_bars", "translations", "rsp_tensions", "sources"):
            self.refs(f, path + [kind], ex.get(kind), kind)
        if strong:
            self.sourced(f, path, ex)
        if strong and not ex.get("metric_pairs"):
            for j, line in enumerate(_list(ex.get("outline"))):
                if not isinstance(line, str):
                    continue
                for sentence in metric_talk.one_sided(line):
                    self.add(
                        f,
                        path + ["outline", j],
                        f'one-sided metric talk: "{sentence}" names a user-value metric with no risk counter-metric',
                        "name the counter-metric in the same sentence, or list the metric pair under 'metric_pairs'",
                    )

    def sourced(self, f: _File, path: list[Any], item: dict[str, Any]) -> None:
        """A claim about Anthropic's documents, models or papers needs a cited source."""
        if item.get("sources"):
            return
        named = claims.first_named(_texts(item))
        if named:
            self.add(
                f, path, f"names '{named}' but cites no source", "list the source id(s) under 'sources' (see data/sources.yml)"
            )

    def style(self) -> None:
        """The style rules (data/style_rules.yml): one spelling per term, and no tracked fact, paper or critique
        in more than MAX_STRONG_USES strong answers."""
        if "style_rules" in self.broken:
            return
        rules = [r for _, _, r in self.files.get("style_rules", [])]
        spellings = [(r, _phrase_pattern(r["avoid"])) for r in rules if r.get("kind") == "spelling" and r.get("avoid")]
        for key, entries in self.files.items():
            if key == "style_rules":
                continue
            for f, i, item in entries:
                for path, text in _text_paths(item, [key, i]):
                    for rule, pattern in spellings:
                        found = pattern.search(text)
                        if found:
                            self.add(
                                f,
                                path,
                                f"writes '{found.group(0)}'; the guide spells it '{rule['use']}'",
                                f"write '{rule['use']}' (style rule '{rule['id']}' in data/style_rules.yml)",
                            )
        strong = [
            (f, ["questions", i, "strong"], q["strong"])
            for f, i, q in self.files.get("questions", [])
            if isinstance(q.get("strong"), dict)
        ]
        # Papers and critiques, not policies: every answer about a mechanic should name the policy version it
        # comes from, but the same finding or critic in every answer is what readers of an open guide repeat.
        counted = {s.get("id") for _, _, s in self.files.get("sources", []) if s.get("kind") in COUNTED_SOURCE_KINDS}
        uses: dict[str, list[tuple[_File, list[Any]]]] = {}
        for f, path, ex in strong:
            for j, sid in enumerate(_list(ex.get("sources"))):
                if isinstance(sid, str) and sid in counted:
                    uses.setdefault(f"source '{sid}'", []).append((f, path + ["sources", j]))
        for rule in rules:
            if rule.get("kind") != "tracked-fact" or not rule.get("match"):
                continue
            pattern = _phrase_pattern(rule["match"])
            for f, path, ex in strong:
                hit = next((p for p, text in _text_paths(ex, path) if pattern.search(text)), None)
                if hit is not None:
                    uses.setdefault(f"tracked fact '{rule['id']}'", []).append((f, hit))
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
            self.exemplar(f, base + ["strong"], q.get("strong"), strong=True)
            self.exemplar(f, base + ["weak"], q.get("weak"), strong=False)
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
            self.sourced(f, base, m)
        for f, i, t in self.files.get("translations", []):
            finding = t.get("finding")
            if isinstance(finding, dict):
                self.refs(f, ["translations", i, "finding", "sources"], finding.get("sources"), "sources")
            self.refs(f, ["translations", i, "metric_pairs"], t.get("metric_pairs"), "metric_pairs")
        for f, i, b in self.files.get("launch_bars", []):
            self.refs(f, ["launch_bars", i, "metric_pairs"], b.get("metric_pairs"), "metric_pairs")
            self.refs(f, ["launch_bars", i, "sources"], b.get("sources"), "sources")
            self.sourced(f, ["launch_bars", i], b)
        for f, i, t in self.files.get("rsp_tensions", []):
            self.refs(f, ["rsp_tensions", i, "sources"], t.get("sources"), "sources")
        for f, i, b in self.files.get("briefings", []):
            for part in ("points", "weak", "strong"):
                for j, entry in enumerate(_list(b.get(part))):
                    if isinstance(entry, dict):
                        self.refs(f, ["briefings", i, part, j, "sources"], entry.get("sources"), "sources")
        self.style()


# A fact, figure or paper in more than this many strong answers becomes the line every reader of an open
# guide repeats (issue 16): the style rules' tracked facts and every source id are held to it.
MAX_STRONG_USES = 4
COUNTED_SOURCE_KINDS = ("paper", "critique")


def _phrase_pattern(phrases: Iterable[str]) -> re.Pattern[str]:
    """Whole-word, case-blind match of any of `phrases` (a hyphen or letter on either side is part of a word)."""
    alternatives = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
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
    try:
        return path.resolve().relative_to(display_root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


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
        raise FileNotFoundError(f"data folder not found: {data_dir}")
    schema_dir = schema_dir_for(data_dir)
    claimed, strays = data_files(data_dir)
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
    return Model(data_dir, MappingProxyType(items), MappingProxyType(by_id), MappingProxyType(files)), []


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
    stamp = tuple((str(p), st.st_mtime_ns, st.st_size) for p in sorted(data_dir.rglob("*")) if p.is_file() for st in [p.stat()])
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
