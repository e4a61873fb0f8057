#!/usr/bin/env python3
"""Build the offline copy of the guide and zip it into the hosted site's downloads/ folder.

A second strict build (scripts/build.py) with OFFLINE=true switches on Material's offline plugin:
no directory URLs, the search index inlined as a script, the vendored Web Worker shim. The result
is zipped with fixed timestamps and sorted entries, so the same commit gives the same zip.

Usage: scripts/offline.py [--site-dir site]   (run after the hosted build into the same --site-dir)
Exit status: 0 zip written, 1 the offline build failed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from macros import offline  # noqa: E402
from scripts.build import build  # noqa: E402


def bundle(site_dir: Path) -> Path | None:
    """Build the offline flavour in a scratch folder and write its zip into `site_dir`; None if the build failed."""
    scratch = Path(tempfile.mkdtemp(prefix="offline-build-"))
    try:
        built = scratch / "site"
        if build(built, env={**os.environ, offline.OFFLINE_ENV: "true"}) != 0:
            return None
        dest = site_dir / offline.ZIP_PATH
        n = offline.zip_folder(built, dest)
        dest.chmod(0o644)  # the hosted site stays world-readable (see build.py)
        print(f"offline copy: {n} files -> {dest} ({dest.stat().st_size / 1e6:.1f} MB)")
        return dest
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--site-dir", type=Path, default=ROOT / "site")
    args = ap.parse_args(argv)
    if not (args.site_dir / "index.html").is_file():
        print(f"{args.site_dir} has no built site: run scripts/build.py first.", file=sys.stderr)
        return 1
    return 0 if bundle(args.site_dir) else 1


if __name__ == "__main__":
    sys.exit(main())
