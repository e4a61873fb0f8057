#!/usr/bin/env python3
"""Validate, then build the site with `mkdocs build --strict` into a scratch folder and move it into
place only when everything passed. A failed build leaves an existing site/ exactly as it was.

Usage: scripts/build.py [--site-dir DIR] [--config mkdocs.yml]
Exit status: 0 built, 1 validation or build failed, 2 a setup problem (schema file, data folder, SOURCE_DATE_EPOCH).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from macros import freshness, model  # noqa: E402


def build(site_dir: Path, config: Path = ROOT / "mkdocs.yml", env: dict[str, str] | None = None) -> int:
    """0 built, 1 problems in the data or a failed build, 2 a setup problem (schema, folder, SOURCE_DATE_EPOCH)."""
    merged = {**os.environ, **(env or {})}
    data_dir = Path(merged.get("GUIDE_DATA_DIR") or model.DATA_DIR)
    try:
        freshness.today(merged)
        _, problems = model.check(data_dir, display_root=Path.cwd())
    except (model.SetupError, OSError, ValueError) as exc:
        print(f"build: {exc}; nothing was built and {site_dir} is unchanged.", file=sys.stderr)
        return 2
    if problems:
        for p in problems:
            print(p.format())
        print(f"{len(problems)} problem(s); nothing was built and {site_dir} is unchanged.", file=sys.stderr)
        return 1
    site_dir = site_dir.resolve()
    scratch = site_dir.with_name(f".{site_dir.name}.build")
    shutil.rmtree(scratch, ignore_errors=True)
    # Never -q with --strict: mkdocs then exits 0 on warnings (TOOLING-NOTES).
    run_env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(config), "--site-dir", str(scratch)]
    result = subprocess.run(cmd, env=run_env, cwd=ROOT)
    if result.returncode != 0:
        shutil.rmtree(scratch, ignore_errors=True)
        print(f"build failed; {site_dir} is unchanged.", file=sys.stderr)
        return 1
    # linkchecker drops to user 'nobody' when run as root: keep the site world-readable.
    for p in [scratch, *scratch.rglob("*")]:
        p.chmod(0o755 if p.is_dir() else 0o644)
    old = site_dir.with_name(f".{site_dir.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if site_dir.exists():
        site_dir.rename(old)
    scratch.rename(site_dir)
    shutil.rmtree(old, ignore_errors=True)
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--site-dir", type=Path, default=ROOT / "site")
    ap.add_argument("--config", type=Path, default=ROOT / "mkdocs.yml")
    args = ap.parse_args(argv)
    return build(args.site_dir, args.config)


if __name__ == "__main__":
    sys.exit(main())
