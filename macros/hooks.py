"""MkDocs hooks (mkdocs.yml `hooks:`): load the data, add the pages made from it, expand each page's
macro calls and write the exports.

Thin glue: the page list and the nav are computed in `pages`, the pages in `render` (through
macros.PageRenderer), the exports in `downloads`.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _macros_edited_since_import() -> bool:
    package = sys.modules.get("macros")
    imported = getattr(package, "IMPORTED_AT_NS", None)
    return imported is None or any(p.stat().st_mtime_ns >= imported for p in Path(__file__).parent.glob("*.py"))


# `mkdocs serve` executes this file again for every rebuild. When a file in macros/ was saved since the
# package was imported, drop the package so the edit takes effect; otherwise keep it, with the data
# and compiled schemas it holds (about 50 ms of every rebuild).
if _macros_edited_since_import():
    for _name in [n for n in sys.modules if n == "macros" or n.startswith("macros.")]:
        del sys.modules[_name]

from macros import PageRenderer, downloads, load_for_build, offline, pages, practice, search_aliases, search_tuning  # noqa: E402

# This build's page renderer, made once the data has loaded (on_config).
_render: PageRenderer | None = None


def on_config(config: Any) -> Any:
    global _render
    # Load (and validate) before MkDocs cleans site/: a failed check leaves the old site as it was.
    data = load_for_build()
    _render = PageRenderer(data)
    if config.get("nav"):
        config["nav"] = pages.expand_nav(config["nav"], data)
    # The offline plugin (on only for scripts/offline.py) adds unpkg's Web Worker shim: use the vendored copy.
    if config.extra.get("polyfills"):
        config.extra["polyfills"] = offline.use_vendored_shim(config.extra["polyfills"])
    return config


def on_files(files: Any, config: Any) -> Any:
    from mkdocs.structure.files import File, InclusionLevel

    assert _render is not None, "on_config runs first"
    data = _render.data  # loaded once, in on_config
    for path, _title, source in pages.generated_pages(data):
        files.append(File.generated(config, path, content=source))
    for path, source in pages.question_pages(data):
        files.append(File.generated(config, path, content=source, inclusion=InclusionLevel.NOT_IN_NAV))
    # The exports (guide.json, CSV, Anki deck, practice data) join the files rather than being written after
    # the build, so the Downloads page links them with links the strict build checks.
    for f in downloads.site_files(data, downloads.build_timestamp()):
        files.append(File.generated(config, f.path, content=f.content))
    return files


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    # Search ranking per page (boosts) comes from one table; see macros/search_tuning.py.
    search_tuning.apply(page.meta, page.file.src_uri)
    assert _render is not None, "on_config runs first"
    return _render(markdown, page.file.src_uri, where=f"{Path(config.docs_dir).name}/{page.file.src_uri}")


def on_page_content(html: str, page: Any, config: Any, files: Any) -> str:
    assert _render is not None, "on_config runs first"
    # The spellings readers type but the guide does not write, for the search only (see search_aliases).
    html = search_aliases.add_aliases(html, search_aliases.spelling_rules(_render.data.style_rules))
    # The drill's script, on its own page only (see practice.script_tag).
    if page.file.src_uri == practice.PRACTICE_PAGE:
        return html + "\n" + practice.script_tag(page.url)
    return html
