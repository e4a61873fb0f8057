"""MkDocs hook used only by scripts/bench.py: record what the macros pipeline produced, so the plain
build (the floor) gets exactly the same Markdown pages, files and nav without running the macros.

Runs after every other plugin and hook (priority -100). Writes into $BENCH_CAPTURE_DIR:
  nav.json   the nav after the hooks filled in the generated pages (on_pre_build)
  not_in_nav.json  the generated pages a hook kept out of the nav (each question's own page)
  docs/      every page's Markdown after macro rendering (with its front matter, less `render_macros`:
             the floor's pages hold no macro calls), and every file a hook generated (exports,
             downloads); files that exist in content/ are copied by bench.py
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import yaml
from mkdocs.plugins import event_priority

OUT = Path(os.environ.get("BENCH_CAPTURE_DIR", ""))


@event_priority(-100)
def on_pre_build(config: Any) -> None:
    (OUT / "nav.json").write_text(json.dumps(config.get("nav"), ensure_ascii=False), encoding="utf-8")


@event_priority(-100)
def on_files(files: Any, config: Any) -> Any:
    hidden = sorted(f.src_uri for f in files if f.generated_by is not None and f.inclusion.is_not_in_nav())
    (OUT / "not_in_nav.json").write_text(json.dumps(hidden), encoding="utf-8")
    for f in files:
        if f.generated_by is not None:
            dest = OUT / "docs" / f.src_uri
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_bytes(f.content_bytes)
    return files


@event_priority(-100)
def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    dest = OUT / "docs" / page.file.src_uri
    dest.parent.mkdir(parents=True, exist_ok=True)
    meta = {k: v for k, v in page.meta.items() if k != "render_macros"}
    front = f"---\n{yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)}---\n\n" if meta else ""
    dest.write_text(front + markdown, encoding="utf-8")
    return markdown
