#!/usr/bin/env python3
"""Add one entry to the guide's data with a fresh id, keeping the file's comments and order.

Usage: scripts/new.py KIND [--id ID] [--set FIELD=VALUE ...] [--file PATH] [--data DIR]
                           [--no-input] [--dry-run]
KIND: question, metric-pair, translation, launch-bar, tension, source.

The fields come from the kind's JSON Schema (data/schema/), never from a list kept here. In a
terminal the script asks for each required field, then offers the optional ones. --set gives a
value up front: dotted names reach nested fields (--set strong.outline="..."), a list field takes
one --set per item, and an id list also takes "a, b". With --no-input, or without a terminal, a
missing required field is an error: nothing is ever filled in with a placeholder.

The entry is appended as text after the file's last entry, so every byte above it stays as it
was. The whole data folder is then checked on a scratch copy, and the file is written only when
the entry adds no problem. Questions go to data/questions/<first stage>.yml unless --file says
otherwise; the other kinds have one file each.
Exit status: 0 added (or shown, with --dry-run), 1 the entry would not validate (nothing written),
2 usage error or a duplicate id.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import fnmatch
import os
import re
import secrets
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
import referencing
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from macros import model  # noqa: E402
from macros.freshness import REVIEWED_KEY  # noqa: E402
from scripts.editor_schemas import schema_comment  # noqa: E402

# Command-line names for the kinds a contributor adds; the registry (model.KINDS) says the rest.
KIND_NAMES = {
    "question": "questions",
    "metric-pair": "metric_pairs",
    "translation": "translations",
    "launch-bar": "launch_bars",
    "tension": "rsp_tensions",
    "source": "sources",
}
ID_REF = "common.schema.json#/$defs/id"


class UsageError(Exception):
    """Bad input from the user: printed without a traceback, exit status 2."""


# ---------------------------------------------------------------- fields, read from the schema


@dataclass(frozen=True)
class Field:
    path: tuple[str, ...]
    shape: str  # "text", "integer" or "list"
    required: bool  # always required (conditional requirements: see `required_now`)
    description: str
    choices: tuple[str, ...] = ()
    ids: bool = False  # a list of ids, which may be typed "a, b"
    # Required once its top-level key is there: a conditionally required object (a reported question's
    # near_miss) needs its own required parts, not every optional one.
    inner: bool = True

    @property
    def name(self) -> str:
        return ".".join(self.path)


class Schemas:
    """Reads the kind's schema and follows $refs, so the fields are whatever the schema says."""

    def __init__(self, schema_dir: Path):
        self.dir = schema_dir

    def doc(self, name: str) -> dict[str, Any]:
        return model._read_schema(self.dir, name)  # parsed once per process

    def resolve(self, node: Mapping[str, Any], doc: str) -> tuple[dict[str, Any], str]:
        """The node with its $ref chain merged in (the referring node's own keywords win)."""
        node = dict(node)
        while "$ref" in node:
            file, _, pointer = node.pop("$ref").partition("#")
            doc = file or doc
            target: Any = self.doc(doc)
            for step in [s for s in pointer.split("/") if s]:
                target = target[step]
            node = {**target, **node}
        return node, doc

    def item(self, kind: model.Kind) -> tuple[dict[str, Any], str]:
        return self.resolve(self.doc(kind.schema)["properties"][kind.key]["items"], kind.schema)

    def fields(self, kind: model.Kind) -> list[Field]:
        item, doc = self.item(kind)
        id_schema, _ = self.resolve({"$ref": ID_REF}, kind.schema)
        return list(self._walk(item, doc, (), True, id_schema))

    def _walk(
        self, obj: dict[str, Any], doc: str, prefix: tuple[str, ...], present: bool, id_schema: dict, inner: bool = True
    ) -> Iterator[Field]:
        required = set(obj.get("required", []))
        for key, sub in obj.get("properties", {}).items():
            node, sdoc = self.resolve(sub, doc)
            path = prefix + (key,)
            req = present and key in required
            within = inner and (not prefix or key in required)
            desc = str(node.get("description", ""))
            if node.get("type") == "object" or "properties" in node:
                yield from self._walk(node, sdoc, path, req, id_schema, within)
            elif node.get("type") == "array":
                items, _ = self.resolve(node.get("items", {}), sdoc)
                if items.get("type") == "object" or "properties" in items:
                    raise UsageError(
                        f"{'.'.join(path)} is a list of mappings, which this script cannot ask for; edit the file by hand"
                    )
                yield Field(path, "list", req, desc, ids=items == id_schema, inner=within)
            else:
                shape = "integer" if node.get("type") == "integer" else "text"
                yield Field(path, shape, req, desc, tuple(map(str, node.get("enum", ()))), inner=within)


def conditional(schemas: Schemas, kind: model.Kind, entry: Mapping[str, Any]) -> tuple[set[str], set[str]]:
    """The schema's if/then for this entry as it stands: (top-level keys it makes required, keys
    not to offer). A reported question needs a source and a date; a practice question, which has
    an `else`, is not offered them. An official source needs a url; other sources may have one."""
    item, _ = schemas.item(kind)
    if "if" not in item or "then" not in item:
        return set(), set()
    governed = set(item["then"].get("required", []))
    registry = referencing.Registry(retrieve=lambda uri: referencing.Resource.from_contents(schemas.doc(uri)))
    if jsonschema.Draft202012Validator(item["if"], registry=registry).is_valid(dict(entry)):
        return governed, set()
    return set(), governed if "else" in item else set()


# ---------------------------------------------------------------- building the entry


def get(entry: Mapping[str, Any], path: tuple[str, ...]) -> Any:
    node: Any = entry
    for step in path:
        if not isinstance(node, Mapping) or step not in node:
            return None
        node = node[step]
    return node


def put(entry: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    node = entry
    for step in path[:-1]:
        node = node.setdefault(step, {})
    node[path[-1]] = value


def parse_value(field: Field, text: str) -> Any:
    text = text.strip()
    if field.shape == "integer":
        try:
            return int(text)
        except ValueError:
            raise UsageError(f"{field.name} takes a whole number, got {text!r}") from None
    return text


def apply_sets(fields: list[Field], sets: list[str]) -> dict[str, Any]:
    """--set FIELD=VALUE pairs as a nested entry. Lists collect one item per --set."""
    by_name = {f.name: f for f in fields}
    entry: dict[str, Any] = {}
    for pair in sets:
        name, eq, text = pair.partition("=")
        name = name.strip()
        if not eq:
            raise UsageError(f"--set needs FIELD=VALUE, got {pair!r}")
        if name not in by_name:
            raise UsageError(f"unknown field {name!r}; fields: {', '.join(by_name)}")
        field = by_name[name]
        if field.shape == "list":
            items = [t for t in re.split(r"[,\s]+", text) if t] if field.ids else [text.strip()]
            current = get(entry, field.path) or []
            put(entry, field.path, current + [t for t in items if t])
        elif get(entry, field.path) is not None:
            raise UsageError(f"{name} was given twice")
        elif text.strip():
            put(entry, field.path, parse_value(field, text))
    return entry


def ordered(entry: Mapping[str, Any], fields: list[Field]) -> dict[str, Any]:
    """The entry with its keys in the schema's order, as the data files write them."""
    out: dict[str, Any] = {}
    for f in fields:
        value = get(entry, f.path)
        if value not in (None, "", []):
            put(out, f.path, value)
    return out


def entry_problems(kind: model.Kind, entry: Mapping[str, Any], schema_dir: Path, only: str | None = None) -> list[model.Problem]:
    """Schema problems of the entry on its own; with `only`, just those inside that field."""
    problems = model.check_entry(kind.key, entry, schema_dir)
    if only is None:
        return problems
    prefix = f"{kind.key}[0].{only}"
    return [p for p in problems if p.path == prefix or p.path.startswith((prefix + ".", prefix + "["))]


def describe(p: model.Problem, kind: model.Kind) -> str:
    where = p.path.removeprefix(f"{kind.key}[0]").lstrip(".") or "entry"
    hint = f" (hint: {p.hint})" if p.hint else ""
    return f"{where}: {p.message}{hint}"


# ---------------------------------------------------------------- ids and files


def existing_ids(kind: model.Kind, data_dir: Path) -> dict[str, Path]:
    out: dict[str, Path] = {}
    for path in sorted(data_dir.glob(kind.pattern)):
        try:
            data = model.read_yaml(path.read_text(encoding="utf-8"))
        except (yaml.YAMLError, ValueError):  # ValueError: not UTF-8, or refused by the strict reader
            continue  # a broken file is reported by the check below
        entries = data.get(kind.key) if isinstance(data, dict) else None
        for item in entries if isinstance(entries, list) else []:
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                out.setdefault(item["id"], path)
    return out


def fresh_id(name: str, taken: Mapping[str, Any]) -> str:
    """The kind's name and a random token: never derived from the text, which may change."""
    while True:
        candidate = f"{name}-{secrets.token_hex(3)}"
        if candidate not in taken:
            return candidate


def target_file(kind: model.Kind, entry: Mapping[str, Any], data_dir: Path, explicit: Path | None = None) -> Path:
    if explicit is not None:
        path = explicit if explicit.is_absolute() else Path.cwd() / explicit
        try:
            rel = path.resolve().relative_to(data_dir.resolve()).as_posix()
        except ValueError:
            raise UsageError(f"{explicit} is not inside the data folder {data_dir}") from None
        if not fnmatch.fnmatch(rel, kind.pattern):
            raise UsageError(f"a {kind.label} belongs in {kind.pattern} (under {data_dir}), not {rel}")
        return data_dir / rel
    if "*" not in kind.pattern:
        return data_dir / kind.pattern
    # Question files are named after the round a question belongs to first (its first stage).
    stages = entry.get("stages") or []
    if not stages:
        raise UsageError("give the question's stages first, or --file")
    return data_dir / kind.pattern.replace("*", stages[0])


class _Flow(list):
    """A list of ids, written inline like the data files do: [a, b]."""


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        # Indent list items under their key, as the data files do (and yamllint expects).
        return super().increase_indent(flow, False)


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    # Keys, ids and enum words stay bare; prose, and anything YAML would read as another type
    # (a date, a number, yes/no), go in double quotes.
    bare = re.fullmatch(r"[A-Za-z0-9_]+([-_][A-Za-z0-9_]+)*", value) is not None and yaml.safe_load(value) == value
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=None if bare else '"')


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(_Flow, lambda d, v: d.represent_sequence("tag:yaml.org,2002:seq", v, flow_style=True))


def entry_yaml(entry: Mapping[str, Any], fields: list[Field], indent: str) -> str:
    """The entry as one list item of YAML text, indented like the file's other items."""
    styled = dict(entry)
    for f in fields:
        if f.ids and get(styled, f.path):
            styled = _replace(styled, f.path, _Flow(get(styled, f.path)))
    text = yaml.dump([styled], Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=10**9, default_flow_style=False)
    return "".join(indent + line if line.strip() else line for line in text.splitlines(keepends=True))


def _replace(entry: Mapping[str, Any], path: tuple[str, ...], value: Any) -> dict[str, Any]:
    out = dict(entry)
    if len(path) == 1:
        out[path[0]] = value
    else:
        out[path[0]] = _replace(entry[path[0]], path[1:], value)
    return out


def appended(text: str, kind: model.Kind, block_of: Callable[[str], str]) -> str:
    """`text` with one more list item after its last one. `block_of(indent)` gives the item."""
    found = re.search(rf"^{re.escape(kind.key)}:[ \t]*(?:#.*)?\n(?:[ \t]*(?:#.*)?\n)*( *)- ", text, re.M)
    if not found:
        raise UsageError(f"cannot find the block list under '{kind.key}:' to append to")
    indent = found.group(1)
    blank = "\n" if re.search(rf"\n[ \t]*\n{indent}- ", text) else ""
    return text + ("" if text.endswith("\n") else "\n") + blank + block_of(indent)


def new_file_text(kind: model.Kind, path: Path, data_dir: Path, block: str) -> str:
    return f"{schema_comment(kind, path, data_dir)}\n{kind.key}:\n{block}"


# ---------------------------------------------------------------- check and write


def added_problems(data_dir: Path, path: Path, new_text: str) -> list[model.Problem]:
    """Problems the new text would add, found on a scratch copy of the whole data folder."""
    _, before = model.check(data_dir, display_root=data_dir.parent)
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / data_dir.name
        shutil.copytree(data_dir, copy)
        target = copy / path.relative_to(data_dir)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(new_text, encoding="utf-8")
        _, after = model.check(copy, display_root=copy.parent)
    return sorted(set(after) - set(before))


def write_atomically(path: Path, text: str, expected_old: str | None) -> None:
    current = path.read_text(encoding="utf-8") if path.exists() else None
    if current != expected_old:
        raise UsageError(f"{path} changed while this script ran; nothing was written, run it again")
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(text)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)


# ---------------------------------------------------------------- asking


Ask = Callable[[str], str]


def ask_field(
    field: Field, kind: model.Kind, entry: dict[str, Any], ask: Ask, say: Callable[[str], None], schema_dir: Path, required: bool
) -> None:
    """Ask for one field until its value validates (or, when optional, is left empty)."""
    need = "required" if required else "optional, Enter to skip"
    choices = f" One of: {', '.join(field.choices)}." if field.choices else ""
    say(f"\n{field.name} ({need}). {field.description}{choices}".rstrip())
    while True:
        if field.shape == "list":
            say("  One item per line; an empty line ends the list." + (" Ids may be given as 'a, b'." if field.ids else ""))
            items: list[str] = []
            while True:
                line = ask(f"  {field.name}[{len(items)}]> ").strip()
                if not line:
                    break
                if field.ids:
                    items.extend(t for t in re.split(r"[,\s]+", line) if t)
                else:
                    items.append(line)
            value: Any = items
        else:
            value = ask(f"  {field.name}> ").strip()
            if value and field.shape == "integer":
                try:
                    value = int(value)
                except ValueError:
                    say("  A whole number, please.")
                    continue
        if value in ("", []):
            if required:
                say("  This field is required.")
                continue
            return
        put(entry, field.path, value)
        problems = entry_problems(kind, entry, schema_dir, only=field.name)
        if not problems:
            return
        for p in problems:
            say(f"  {describe(p, kind)}")


def gather(
    kind: model.Kind,
    fields: list[Field],
    schemas: Schemas,
    entry: dict[str, Any],
    ask: Ask | None,
    say: Callable[[str], None],
) -> dict[str, Any]:
    """Fill in what the flags did not give: ask when `ask` is set, else fail naming what is missing."""
    missing: list[Field] = []

    def need(required_fields: list[Field], required: bool) -> None:
        for f in required_fields:
            if get(entry, f.path) in (None, "", []):
                if ask is None:
                    if required:
                        missing.append(f)
                else:
                    ask_field(f, kind, entry, ask, say, schemas.dir, required)

    need([f for f in fields if f.required], True)
    # Only now are the values an if/then depends on known (a question's provenance, a source's kind).
    required, skip = conditional(schemas, kind, entry)
    need([f for f in fields if not f.required and f.path[0] in required and f.inner], True)
    if ask is not None:
        need([f for f in fields if not f.required and f.path[0] not in required | skip and get(entry, f.path) is None], False)
    if missing:
        lines = "\n".join(f"  --set {f.name}=...   {f.description}".rstrip() for f in missing)
        raise UsageError(
            f"missing required field(s) for a {kind.label}; give them with --set (or run in a terminal to be asked):\n{lines}"
        )
    return entry


# ---------------------------------------------------------------- main


def add(
    name: str,
    data_dir: Path,
    *,
    entry_id: str | None = None,
    sets: list[str] | None = None,
    file: Path | None = None,
    ask: Ask | None = None,
    say: Callable[[str], None] = print,
    dry_run: bool = False,
    today: _dt.date | None = None,
) -> tuple[Path, dict[str, Any], list[model.Problem]]:
    """Build the entry, check it, and append it. Returns (file, entry, problems); the file is
    written only when problems is empty and dry_run is false. When asking, a field with a
    problem is asked again rather than failing the whole entry."""
    if name not in KIND_NAMES:
        raise UsageError(f"unknown kind {name!r}; use one of: {', '.join(KIND_NAMES)}")
    kind = model.KIND_BY_KEY[KIND_NAMES[name]]
    schemas = Schemas(model.schema_dir_for(data_dir))
    fields = [f for f in schemas.fields(kind) if f.path != ("id",)]
    entry = apply_sets(fields, sets or [])
    taken = existing_ids(kind, data_dir)
    if entry_id is None and ask is not None:
        suggestion = fresh_id(name, taken)
        say(f"id: a stable id, never derived from the text (lowercase letters, digits, hyphens). Enter keeps {suggestion}.")
        while True:
            entry_id = ask("  id> ").strip() or suggestion
            wrong = [describe(p, kind) for p in entry_problems(kind, {"id": entry_id}, schemas.dir, only="id")]
            if entry_id in taken:
                wrong.append(f"id: '{entry_id}' is already used in {taken[entry_id]}")
            if not wrong:
                break
            for line in wrong:
                say(f"  {line}")
    entry_id = entry_id or fresh_id(name, taken)
    if entry_id in taken:
        raise UsageError(
            f"the {kind.label} id '{entry_id}' is already used in {taken[entry_id]}; ids are never reused, pick another"
        )
    if REVIEWED_KEY not in entry and any(f.path == (REVIEWED_KEY,) for f in fields):
        entry[REVIEWED_KEY] = (today or _dt.date.today()).isoformat()
    gather(kind, fields, schemas, entry, ask, say)
    while True:
        entry = {"id": entry_id, **ordered(entry, fields)}
        path = target_file(kind, entry, data_dir, file)
        problems = entry_problems(kind, entry, schemas.dir)
        index = 0
        if not problems:
            old = path.read_text(encoding="utf-8") if path.exists() else None
            if old is None:
                new = new_file_text(kind, path, data_dir, entry_yaml(entry, fields, "  "))
            else:
                new = appended(old, kind, lambda indent, e=entry: entry_yaml(e, fields, indent))
                index = _check_append(old, new, kind, entry)
            problems = added_problems(data_dir, path, new)
            if not problems:
                if not dry_run:
                    write_atomically(path, new, old)
                return path, entry, problems
        redo = _fields_with_problems(problems, kind, index, fields)
        if ask is None or not redo:
            return path, entry, problems
        for p in problems:
            say(describe(p, kind) if p.file == "<entry>" else p.format())
        for f in redo:
            _drop(entry, f.path)
            required_now = f.required or (f.inner and f.path[0] in conditional(schemas, kind, entry)[0])
            ask_field(f, kind, entry, ask, say, schemas.dir, required_now)


def _check_append(old: str, new: str, kind: model.Kind, entry: Mapping[str, Any]) -> int:
    """The file must read as its old list plus exactly this entry; returns the entry's index."""
    before = model.read_yaml(old)[kind.key]
    after = model.read_yaml(new)[kind.key]
    if after[:-1] != before or after[-1] != entry:
        raise RuntimeError("appending the entry would change more than the entry itself; nothing was written")
    return len(before)


def _fields_with_problems(problems: list[model.Problem], kind: model.Kind, index: int, fields: list[Field]) -> list[Field]:
    """The fields of the new entry that the problems point at (entry checks use index 0)."""
    names = set()
    for p in problems:
        found = re.match(rf"{re.escape(kind.key)}\[(\d+)\]\.?(.*)$", p.path)
        if found and int(found.group(1)) == (0 if p.file == "<entry>" else index):
            names.add(re.sub(r"\[\d+\]", "", found.group(2)))
    return [f for f in fields if f.name in names]


def _drop(entry: dict[str, Any], path: tuple[str, ...]) -> None:
    node = get(entry, path[:-1]) if len(path) > 1 else entry
    if isinstance(node, dict):
        node.pop(path[-1], None)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("kind", nargs="?", help=f"one of: {', '.join(KIND_NAMES)}")
    ap.add_argument("--id", dest="entry_id", help="the new entry's id (default: a fresh random one)")
    ap.add_argument(
        "--set", dest="sets", action="append", default=[], metavar="FIELD=VALUE", help="a field's value; repeat for list items"
    )
    ap.add_argument("--file", type=Path, help="the data file to add to (questions only; default: questions/<first stage>.yml)")
    ap.add_argument("--data", type=Path, default=model.DATA_DIR, help="the data folder (default: data/)")
    ap.add_argument("--no-input", action="store_true", help="never ask; fail when a required field is missing")
    ap.add_argument("--dry-run", action="store_true", help="show the entry and where it would go; write nothing")
    args = ap.parse_args(argv)
    if not args.kind:
        ap.print_usage(sys.stderr)
        print(f"new: name a kind: {', '.join(KIND_NAMES)} (make new KIND=question)", file=sys.stderr)
        return 2
    interactive = not args.no_input and sys.stdin.isatty()
    try:
        path, entry, problems = add(
            args.kind,
            args.data,
            entry_id=args.entry_id,
            sets=args.sets,
            file=args.file,
            ask=input if interactive else None,
            dry_run=args.dry_run,
        )
    except UsageError as exc:
        print(f"new: {exc}", file=sys.stderr)
        return 2
    except (EOFError, KeyboardInterrupt):
        print("\nnew: stopped; nothing was written", file=sys.stderr)
        return 2
    kind = model.KIND_BY_KEY[KIND_NAMES[args.kind]]
    shown = _shown(path)
    if problems:
        for p in problems:
            print(p.format() if p.file != "<entry>" else describe(p, kind))
        print(
            f"new: the {kind.label} would not validate; {shown} was not changed (line numbers are where it would have gone).",
            file=sys.stderr,
        )
        return 1
    verb = "would add" if args.dry_run else "added"
    print(f"{verb} {kind.label} '{entry['id']}' to {shown}")
    if args.dry_run:
        print(entry_yaml(entry, Schemas(model.schema_dir_for(args.data)).fields(kind), "  "), end="")
    else:
        print("next: read it in the file, preview with `make serve`, then `make check` and `make test`")
    return 0


def _shown(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


if __name__ == "__main__":
    sys.exit(main())
