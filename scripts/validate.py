#!/usr/bin/env python3
"""Check the guide's data: every file against its JSON Schema, then references between files.

Usage: scripts/validate.py [--data DIR] [--format text|github] [--stale-after [DAYS]]

One line per problem, FILE:LINE:COL: path.to.field: message (hint: ...), all problems in one run.
--format github prints them as ::error workflow commands, so they show on a pull request's diff.
--stale-after adds a warning for each entry whose last_reviewed is older than DAYS (default: the
site's threshold in macros/freshness.py); warnings never change the exit status.
Exit status: 0 clean, 1 problems found, 2 usage or I/O error.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from macros import freshness, model  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=model.DATA_DIR, help="the data folder (default: data/)")
    ap.add_argument("--format", choices=("text", "github"), default="text", help="github prints ::error annotations")
    ap.add_argument(
        "--stale-after",
        type=_days,
        nargs="?",
        const=freshness.STALE_AFTER_DAYS,
        metavar="DAYS",
        help=f"also warn (exit status unchanged) about entries last reviewed more than DAYS days ago "
        f"(default {freshness.STALE_AFTER_DAYS}, the site's threshold); today is SOURCE_DATE_EPOCH's date when set",
    )
    args = ap.parse_args(argv)
    try:
        checked, problems = model.check(args.data, display_root=Path.cwd())
    except (model.SetupError, OSError) as exc:
        print(f"validate: {exc}", file=sys.stderr)
        return 2
    if args.stale_after is None:
        # MkDocs reads SOURCE_DATE_EPOCH too (`make serve` runs this first): refuse a malformed one here.
        try:
            freshness.today()
        except ValueError as exc:
            print(f"validate: {exc}", file=sys.stderr)
            return 2
    for p in problems:
        print(p.github() if args.format == "github" else p.format())
    if problems:
        print(f"{len(problems)} problem(s) in {args.data}; nothing was published.", file=sys.stderr)
        return 1
    assert checked is not None
    if args.stale_after is not None:
        try:
            fresh = freshness.Freshness(freshness.today(), args.stale_after)
        except ValueError as exc:
            print(f"validate: {exc}", file=sys.stderr)
            return 2
        warnings = freshness.stale_warnings(checked, fresh, Path.cwd())
        for w in warnings:
            print(w.github() if args.format == "github" else w.format())
        if warnings:
            print(
                f"{len(warnings)} entr{'y' if len(warnings) == 1 else 'ies'} not reviewed for more than {args.stale_after} days.",
                file=sys.stderr,
            )
    counts = ", ".join(f"{len(checked.items[k.key])} {k.key.replace('_', ' ')}" for k in model.KINDS)
    print(f"data OK: {counts}")
    return 0


def _days(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"expected a whole number of days, got {text!r}")
    return int(text)


if __name__ == "__main__":
    sys.exit(main())
