"""The offline copy: a second build with Material's offline plugin switched on, zipped for the Downloads page.

mkdocs.yml enables the plugin with `enabled: !ENV [OFFLINE, false]`, so the hosted site keeps its
directory URLs and only scripts/offline.py (which sets OFFLINE=true) builds the file:// flavour. The
plugin would load its Web Worker shim from unpkg.com; `use_vendored_shim` points it at the copy under
content/assets/vendor/iframe-worker/ instead, so the bundle needs no network at all.
"""

from __future__ import annotations

import os
import posixpath
import time
import zipfile
from collections.abc import Iterable, Mapping
from pathlib import Path

import yaml

from .model import Model

OFFLINE_ENV = "OFFLINE"  # the variable mkdocs.yml reads for the offline plugin's `enabled`
SHIM = "assets/vendor/iframe-worker/shim.js"  # relative to the site root
ZIP_PATH = "downloads/anthropic-pm-guide-offline.zip"  # relative to the site root
BUNDLE_ROOT = "anthropic-pm-guide"  # the folder the zip unpacks to
DOWNLOADS_URL_DIR = "downloads"  # where the Downloads page is served (downloads.md, directory URLs)
ZIP_EPOCH_MIN = 315532800  # 1980-01-01, the earliest time a zip entry can hold


def is_offline(env: Mapping[str, str] = os.environ) -> bool:
    """Whether this build has the offline plugin on: the variable read the way `!ENV` reads it (YAML scalar)."""
    value = env.get(OFFLINE_ENV)
    return value is not None and yaml.safe_load(value) is True


def use_vendored_shim(polyfills: Iterable[str]) -> list[str]:
    """The polyfill list with any iframe-worker script (the plugin adds unpkg's) replaced by the vendored copy."""
    out: list[str] = []
    for p in polyfills:
        p = SHIM if "iframe-worker" in str(p) else p
        if p not in out:
            out.append(p)
    return out


def offline_bundle(model: Model, env: Mapping[str, str] = os.environ) -> str:
    """The Downloads page's section on the offline copy (raw HTML for the link: the zip is made after
    the strict build, by scripts/offline.py, so MkDocs cannot check it; the link test does)."""
    del model  # same signature as every macro; the text does not depend on the data
    if is_offline(env):
        return (
            "## Offline copy\n\n"
            "You are reading the offline copy: every page, search and the practice drill work from these files "
            "with no network. A newer copy may be on the website's Downloads page.\n"
        )
    href = posixpath.relpath(ZIP_PATH, DOWNLOADS_URL_DIR)
    return (
        "## Offline copy\n\n"
        f'<p><a href="{href}" download>{posixpath.basename(ZIP_PATH)}</a>: the whole guide as plain files, '
        "for a flight or a train with no signal.</p>\n\n"
        f"Unzip it and open `{BUNDLE_ROOT}/index.html` in your browser. Every page, search and the practice drill "
        "work straight from disk, with nothing fetched from the network. Practice progress saved there stays "
        "in that browser, separate from the website's.\n"
    )


def zip_folder(folder: Path, dest: Path, root: str = BUNDLE_ROOT, epoch: int | None = None) -> int:
    """Zip the files under `folder` into `dest`, under `root/`. The same files give the same bytes:
    entries sorted, one fixed timestamp (`epoch`, else SOURCE_DATE_EPOCH, never before 1980), fixed
    permissions. Returns the number of files."""
    if epoch is None:
        epoch = int(os.environ.get("SOURCE_DATE_EPOCH") or 0)
    stamp = time.gmtime(max(epoch, ZIP_EPOCH_MIN))[:6]
    # Source maps only help someone debugging Material's scripts: leave them out of the reader's download.
    files = sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix != ".map")
    dest.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(dest, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for f in files:
            info = zipfile.ZipInfo(f"{root}/{f.relative_to(folder).as_posix()}", date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # unix, so the permission bits below mean the same everywhere
            info.external_attr = 0o644 << 16
            zf.writestr(info, f.read_bytes(), compresslevel=9)
    return len(files)
