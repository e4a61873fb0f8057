#!/usr/bin/env python3
"""Check the guide's data: every file against its JSON Schema, then references between files.

Usage: scripts/validate.py [--data DIR] [--format text|github] [--stale-after DAYS]

One line per problem, FILE:LINE:COL: path.to.field: message (hint: ...), all problems in one run.
Exit status: 0 clean, 1 problems found, 2 usage or I/O error.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from macros import model  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=model.DATA_DIR, help="the data folder (default: data/)")
    ap.add_argument("--format", choices=("text", "github"), default="text", help="github prints ::error annotations")
    args = ap.parse_args(argv)
    try:
        checked, problems = model.check(args.data, display_root=Path.cwd())
    except (FileNotFoundError, NotADirectoryError, PermissionError) as exc:
        print(f"validate: {exc}", file=sys.stderr)
        return 2
    for p in problems:
        print(p.github() if args.format == "github" else p.format())
    if problems:
        print(f"{len(problems)} problem(s) in {args.data}; nothing was published.", file=sys.stderr)
        return 1
    assert checked is not None
    counts = ", ".join(f"{len(checked.items[k.key])} {k.key.replace('_', ' ')}" for k in model.KINDS)
    print(f"data OK: {counts}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
