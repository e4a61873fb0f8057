#!/usr/bin/env python3
"""Tie every data file to its JSON Schema for editors (yaml-language-server: VS Code, Neovim, ...).

Two ways, both derived from the registry `macros.model.KINDS`, the one source of truth:
- the first line of each data file, `# yaml-language-server: $schema=<relative path>`;
- the `yaml.schemas` mapping in .vscode/settings.json (other settings there are kept).

Usage: scripts/editor_schemas.py [--check | --write]
--check (default) exits 1 and names what is missing or wrong; --write fixes it in place.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from macros import model  # noqa: E402

PREFIX = "# yaml-language-server: $schema="
SETTINGS = ROOT / ".vscode" / "settings.json"


def schema_comment(kind: model.Kind, path: Path, data_dir: Path) -> str:
    """The first line a data file of `kind` at `path` should have (no newline)."""
    schema = model.schema_dir_for(data_dir) / kind.schema
    return PREFIX + Path(os.path.relpath(schema, path.parent)).as_posix()


def vscode_schemas(root: Path = ROOT) -> dict[str, list[str]]:
    """The `yaml.schemas` setting: schema path -> the globs of the data files it describes."""
    data = (root / "data").relative_to(root).as_posix()
    schemas = model.SCHEMA_DIR.relative_to(model.ROOT).as_posix()
    return {f"./{schemas}/{k.schema}": [f"{data}/{k.pattern}"] for k in model.KINDS}


def problems(root: Path = ROOT, data_dir: Path | None = None) -> list[str]:
    """What is missing or wrong, one line each; [] when editors get every schema."""
    data_dir = data_dir or root / "data"
    out = []
    claimed, strays = model.data_files(data_dir)
    for p in strays:
        out.append(f"{p.relative_to(root)}: no kind in macros/model.KINDS claims this file, so it has no schema")
    for kind, path in claimed:
        want = schema_comment(kind, path, data_dir)
        first = path.read_text(encoding="utf-8").split("\n", 1)[0]
        if first != want:
            out.append(f"{path.relative_to(root)}:1: expected first line {want!r}, found {first!r}")
    settings = _read_settings(root / SETTINGS.relative_to(ROOT))
    if settings.get("yaml.schemas") != vscode_schemas(root):
        out.append(f"{SETTINGS.relative_to(ROOT)}: yaml.schemas does not match macros/model.KINDS")
    return out


def write(root: Path = ROOT, data_dir: Path | None = None) -> list[Path]:
    """Fix every data file's first line and the VS Code mapping; returns the files changed."""
    data_dir = data_dir or root / "data"
    changed = []
    claimed, _ = model.data_files(data_dir)
    for kind, path in claimed:
        text = path.read_text(encoding="utf-8")
        first, _, rest = text.partition("\n")
        want = schema_comment(kind, path, data_dir)
        if first == want:
            continue
        # Replace a stale schema line; otherwise put the line above whatever the file starts with.
        path.write_text(want + "\n" + (rest if first.startswith(PREFIX) else text), encoding="utf-8")
        changed.append(path)
    settings_path = root / SETTINGS.relative_to(ROOT)
    settings = _read_settings(settings_path)
    if settings.get("yaml.schemas") != vscode_schemas(root):
        settings["yaml.schemas"] = vscode_schemas(root)
        settings_path.parent.mkdir(exist_ok=True)
        settings_path.write_text(json.dumps(settings, indent=2) + "\n", encoding="utf-8")
        changed.append(settings_path)
    return changed


def _read_settings(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    mode = ap.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true", help="report what is missing (the default)")
    mode.add_argument("--write", action="store_true", help="fix the data files' first lines and .vscode/settings.json")
    args = ap.parse_args(argv)
    if args.write:
        for p in write():
            print(f"updated {p.relative_to(ROOT)}")
        return 0
    found = problems()
    for line in found:
        print(line)
    if found:
        print("run scripts/editor_schemas.py --write to fix", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
