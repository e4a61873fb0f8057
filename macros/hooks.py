"""MkDocs hooks (mkdocs.yml `hooks:`): only what the macros plugin cannot do. They add the pages made
from data (as Markdown, computed directly: no template is compiled for them) and the exports to the
site's files, fill the nav with those pages, tune search per page and add the practice drill's script.
define_env (macros/__init__.py) hands them the build's data through `use`.

One file, two copies, for live reload under `mkdocs serve`. MkDocs executes a `hooks:` file once per
process (it caches the module), and mkdocs-macros imports the `macros` package once and never reloads
it, so neither would see an edit to the code until a restart. The copy MkDocs loaded therefore does one
thing itself: at the start of every build, before the plugin imports the package, `reload_if_edited`
drops `macros.*` from sys.modules when a file in macros/ changed since the last build. Every other
event is forwarded to `macros.hooks`, this file imported as part of the package, which is the copy
define_env handed this build's data to. Only that forwarding, and the list of events, stay as they were
when the server started: a new event function needs a restart.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.plugins import event_priority

PACKAGE_DIR = Path(__file__).resolve().parent
if str(PACKAGE_DIR.parent) not in sys.path:
    sys.path.insert(0, str(PACKAGE_DIR.parent))

if TYPE_CHECKING:
    from macros.model import Model

# This build's data, handed over by define_env (the plugin's on_config runs before on_pre_build).
_data: Model | None = None


def use(data: Model) -> None:
    global _data
    _data = data


# ---------------------------------------------------------------- live reload (MkDocs' copy)

_code: dict[Path, int] | None = None  # mtime of every module under macros/ at the last build's start


def reload_if_edited() -> bool:
    """Drop the imported package when a module under macros/ was saved, added or removed since the last
    call; True when it did. Compares each file's mtime with the last one seen rather than with a clock,
    which the file system's coarser timestamps could trail."""
    global _code
    code = {p: p.stat().st_mtime_ns for p in PACKAGE_DIR.rglob("*.py")}
    edited = _code is not None and code != _code
    if edited:
        assert _code is not None
        for path in code.keys() - _code.keys() | {p for p in code if code[p] != _code.get(p)}:
            # Python trusts a .pyc whose source has the same size and mtime to the second: drop it too.
            Path(importlib.util.cache_from_source(str(path))).unlink(missing_ok=True)
        for name in [n for n in sys.modules if n == "macros" or n.startswith("macros.")]:
            del sys.modules[name]
    _code = code
    return edited


def _live() -> Any:
    """The package's copy of this module: imported afresh after an edit, and given the data by define_env."""
    return importlib.import_module("macros.hooks")


# ---------------------------------------------------------------- events (MkDocs calls its copy)


@event_priority(100)  # first, so the macros plugin's on_config imports the edited package
def on_config(config: Any) -> Any:
    reload_if_edited()
    return config


def on_pre_build(config: Any) -> None:
    _live().prepare(config)


def on_files(files: Any, config: Any) -> Any:
    return _live().add_files(files, config)


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    _live().tune_search(page)
    return markdown


def on_page_content(html: str, page: Any, config: Any, files: Any) -> str:
    return _live().add_scripts(html, page)


# ---------------------------------------------------------------- what they do (the package's copy)


def _model() -> Model:
    assert _data is not None, "define_env (the macros plugin's on_config) hands over the data first"
    return _data


def prepare(config: Any) -> None:
    from macros import offline, pages

    if config.get("nav"):
        config["nav"] = pages.expand_nav(config["nav"], _model())
    # The offline plugin (on only for scripts/offline.py) adds unpkg's Web Worker shim: use the vendored copy.
    if config.extra.get("polyfills"):
        config.extra["polyfills"] = offline.use_vendored_shim(config.extra["polyfills"])


def add_files(files: Any, config: Any) -> Any:
    from mkdocs.structure.files import File, InclusionLevel

    from macros import downloads, pages

    data = _model()
    for path, _title, markdown in pages.generated_pages(data):
        files.append(File.generated(config, path, content=markdown))
    for path, markdown in pages.question_pages(data):
        files.append(File.generated(config, path, content=markdown, inclusion=InclusionLevel.NOT_IN_NAV))
    # The exports (guide.json, CSV, Anki deck, practice data) join the files rather than being written after
    # the build, so the Downloads page links them with links the strict build checks.
    for f in downloads.site_files(data, downloads.build_timestamp()):
        files.append(File.generated(config, f.path, content=f.content))
    return files


def tune_search(page: Any) -> None:
    from macros import search_tuning

    # Search ranking per page (boosts) comes from one table; see macros/search_tuning.py.
    search_tuning.apply(page.meta, page.file.src_uri)


def add_scripts(html: str, page: Any) -> str:
    from macros import practice, search_aliases

    # The spellings readers type but the guide does not write, for the search only (see search_aliases).
    html = search_aliases.add_aliases(html, search_aliases.spelling_rules(_model().style_rules))
    # The drill's script, on its own page only (see practice.script_tag).
    if page.file.src_uri == practice.PRACTICE_PAGE:
        return html + "\n" + practice.script_tag(page.url)
    return html
