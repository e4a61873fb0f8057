"""MkDocs hooks (mkdocs.yml `hooks:`): add the pages made from data and write the exports.

Thin glue: the page list, the nav and the exports are computed in `pages` and `exports`.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
# `mkdocs serve` executes this file again for every rebuild: dropping the imported package here makes
# edits to macros/ take effect on the next rebuild (the macros plugin then imports the fresh package too).
for _name in [n for n in sys.modules if n == "macros" or n.startswith("macros.")]:
    del sys.modules[_name]

from macros import exports, load_for_build, model, pages  # noqa: E402


def on_config(config: Any) -> Any:
    # Load (and validate) before MkDocs cleans site/: a failed check leaves the old site as it was.
    data = load_for_build()
    if config.get("nav"):
        config["nav"] = pages.expand_nav(config["nav"], data)
    return config


def on_files(files: Any, config: Any) -> Any:
    from mkdocs.structure.files import File

    data = load_for_build()
    for path, _title, source in pages.generated_pages(data):
        files.append(File.generated(config, path, content=source))
    return files


def on_post_build(config: Any) -> None:
    data = load_for_build()
    site = Path(config["site_dir"])
    (site / "guide.json").write_text(exports.guide_json(data), encoding="utf-8")
    (site / exports.GUIDE_SCHEMA_ID).write_text(json.dumps(exports.guide_schema(), indent=1) + "\n", encoding="utf-8")
    schema_out = site / "schema"
    schema_out.mkdir(exist_ok=True)
    for f in sorted(model.SCHEMA_DIR.glob("*.schema.json")):
        shutil.copyfile(f, schema_out / f.name)
