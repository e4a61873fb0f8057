"""Internal links and anchors: linkchecker over the built files (file mode, no network)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path


def test_no_broken_internal_link(built_site: Path) -> None:
    # linkchecker drops to user 'nobody' when run as root, so check a world-readable copy.
    root = Path(tempfile.mkdtemp(prefix="linkcheck-", dir="/tmp"))
    try:
        root.chmod(0o755)
        site = root / "site"
        shutil.copytree(built_site, site)
        for p in [site, *site.rglob("*")]:
            p.chmod(0o755 if p.is_dir() else 0o644)
        exe = Path(sys.executable).with_name("linkchecker")
        result = subprocess.run(
            [str(exe), "--no-status", "--no-warnings", "--ignore-url=^https?://", str(site / "index.html")],
            capture_output=True,
            text=True,
            env={**os.environ, "HOME": str(root)},
        )
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
        assert "0 errors found" in result.stdout
    finally:
        shutil.rmtree(root, ignore_errors=True)
