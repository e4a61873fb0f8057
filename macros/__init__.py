"""The glue between mkdocs-macros-plugin and the guide (mkdocs.yml: the `macros` plugin, `module_name: macros`).

The plugin calls `define_env` once per build: it loads and checks the data once (a problem stops the
build before anything is written, with every problem as file:line:col) and registers each macro of
`registry()` bound to that model with `env.macro`. Nothing here computes: every macro is a function in
the modules below, model -> Markdown. Pages opt in with `render_macros: true` in their front matter
(`render_by_default: false`); the pages made from data are Markdown already (macros/hooks.py adds
them), so they are never compiled as templates.

A bad call stops the build naming the page and the line: `on_pre_page_macros` checks an opted-in page's
template (syntax, names that are neither macros nor variables), each macro records a call that fails (a
wrong argument, an unknown id) with its line, and `on_post_page_macros` raises them. The plugin's own
error path (`on_error_fail`) names the page only, and ends the process with sys.exit.

Everything is imported inside the functions: the scripts import `macros.model`, which runs this file
first, and must not pay for the render modules (nor import this glue's names; .importlinter).
"""

from __future__ import annotations

import dataclasses
import difflib
import inspect
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .model import Model

CALL_HINT = 'a macro call is written {{ name("argument") }}, with a name from registry() in macros/__init__.py'

# This build's failed macro calls, as "page:line: message", raised after the page's macros ran.
_failures: list[str] = []
# The title a page the plugin does not render had before the plugin saw it (see on_post_page_macros).
_titles: dict[int, Any] = {}
_NO_TITLE = object()


def registry() -> dict[str, Callable[..., str]]:
    """Every macro a page may call: name -> function(model, *args) -> Markdown."""
    from . import checklists, diagrams, downloads, offline, practice, render

    return {
        "last_reviewed": render.last_reviewed,
        "page_reviewed": render.page_reviewed,
        "loop_overview": render.loop_overview,
        "stage": render.stage,
        "dimension": render.dimension,
        "question_bank": render.question_bank,
        "question_round": render.question_round,
        "question_detail": render.question_detail,
        "matrix": render.matrix,
        "metric_pairs": render.metric_pairs,
        "translations": render.translations,
        "launch_bars": render.launch_bars,
        "rsp_tensions": render.rsp_tensions,
        "sources": render.sources,
        "briefings": render.briefings,
        "checklist": checklists.checklist,
        "scoresheet": checklists.scoresheet,
        "checklist_index": checklists.checklist_index,
        "practice": practice.practice,
        "downloads": downloads.downloads,
        "loop_diagram": diagrams.loop_diagram,
        "matrix_heatmap": diagrams.matrix_heatmap,
        "offline_bundle": offline.offline_bundle,
    }


def load_for_build() -> Model:
    """The validated model, or a build-stopping error listing every problem as file:line:col.
    It carries the build's "today" (SOURCE_DATE_EPOCH when set) so pages can flag stale entries."""
    from mkdocs.exceptions import PluginError

    from . import freshness, model

    try:
        loaded = model.load_cached(model.DATA_DIR)
    except model.ValidationFailed as exc:
        raise PluginError(f"data validation failed ({len(exc.problems)} problem(s)); nothing was published:\n{exc}") from None
    except (model.SetupError, OSError) as exc:
        raise PluginError(f"the data cannot be checked: {exc}; nothing was published") from None
    try:
        today = freshness.today()
    except ValueError as exc:
        raise PluginError(str(exc)) from None
    return dataclasses.replace(loaded, freshness=freshness.Freshness(today))


def define_env(env: Any) -> None:
    """mkdocs-macros' entry point, once per build: load the data, register the macros, hand the data
    to the hooks (which add the pages made from it and the exports)."""
    from . import hooks

    data = load_for_build()
    _failures.clear()
    for name, fn in registry().items():
        env.macro(_bind(env, name, fn, data), name)
    hooks.use(data)


def on_pre_page_macros(env: Any) -> None:
    """Before the plugin renders a page: a page that calls macros without opting in, a syntax error or
    a misspelt name stops the build here, with the page's line (the plugin would name the page only)."""
    from mkdocs.exceptions import PluginError

    page = env.page
    _titles.clear()
    if not _rendered(env, page):
        _titles[id(page)] = dict(vars(page)).get("title", _NO_TITLE)
        # Generated pages carry data text, which may hold braces; only hand-written pages must opt in.
        line = _first_call_line(env.markdown) if page.file.generated_by is None else None
        if line is not None:
            hint = "add `render_macros: true` to its front matter"
            raise PluginError(f"{_where(env, page, line)}: a macro call in a page that is not rendered (hint: {hint})")
        return
    problems = template_problems(env.env, env.markdown, known=set(env.variables) | set(env.env.globals) | set(page.meta))
    if problems:
        raise PluginError("\n".join(f"{_where(env, page, line)}: {message}" for line, message in problems))


def on_post_page_macros(env: Any) -> None:
    """After the plugin rendered a page: stop the build on the calls that failed in it."""
    from mkdocs.exceptions import PluginError

    # The plugin "renders" the title of a page it left alone when the title holds "{#" (as an H1's
    # attribute list {#id} does) and pins the Markdown text, attribute list included, as the title:
    # put back what the page had, so MkDocs takes the title from the rendered heading as before.
    before = _titles.pop(id(env.page), None)
    if before is _NO_TITLE:
        vars(env.page).pop("title", None)
    elif before is not None:
        env.page.title = before
    if _failures:
        failures = list(_failures)
        _failures.clear()
        raise PluginError("\n".join(failures))


def template_problems(jinja_env: Any, markdown: str, known: set[str]) -> list[tuple[int, str]]:
    """(line in `markdown`, message) for a syntax error, or for each name the page uses that is not
    `known` (a macro or a variable): what the plugin would otherwise report without a line."""
    import jinja2
    from jinja2 import meta, nodes

    try:
        tree = jinja_env.parse(markdown)
    except jinja2.TemplateSyntaxError as exc:
        return [(exc.lineno, f"{exc.message} (hint: {CALL_HINT})")]
    problems = []
    for name in sorted(meta.find_undeclared_variables(tree) - known):
        line = min(n.lineno for n in tree.find_all(nodes.Name) if n.name == name)
        close = difflib.get_close_matches(name, sorted(known), n=1)
        hint = f"did you mean {close[0]!r}?" if close else CALL_HINT
        problems.append((line, f"{name!r} is not a macro or variable (hint: {hint})"))
    return sorted(problems)


def _bind(env: Any, name: str, fn: Callable[..., str], data: Model) -> Callable[..., str]:
    """`fn` with the model as its first argument. A call that fails (arguments that do not fit, an id
    not in the data) is recorded with the page and line for `on_post_page_macros`, and renders as ''."""
    signature = inspect.signature(fn)
    params = list(signature.parameters.values())[1:]
    usage = f"{name}({', '.join(p.name for p in params)})"

    def macro(*args: Any, **kwargs: Any) -> str:
        call = f"{name}({', '.join([*map(repr, args), *(f'{k}={v!r}' for k, v in kwargs.items())])})"
        try:
            signature.bind(data, *args, **kwargs)
        except TypeError as exc:
            _failures.append(f"{_where(env, env.page, _template_line())}: {call}: {exc} (hint: it is called {usage})")
            return ""
        try:
            return fn(data, *args, **kwargs)
        except Exception as exc:  # a render function refused its arguments (an unknown id, say)
            failure = f"{call} failed: {type(exc).__name__}: {exc}"
            _failures.append(f"{_where(env, env.page, _template_line())}: {failure} (hint: check its arguments against data/)")
            return ""

    macro.__name__ = name
    macro.__doc__ = fn.__doc__
    return macro


def _rendered(env: Any, page: Any) -> bool:
    """Whether the plugin compiles this page as a template: the rules of its `render` method."""
    flag = page.meta.get("render_macros")
    if flag is False:
        return False
    return flag is True or bool(env.config["render_by_default"]) or bool(env.force_page_rendering(page.file.src_path))


def _first_call_line(markdown: str) -> int | None:
    for n, text in enumerate(markdown.split("\n"), 1):
        if "{{" in text or "{%" in text:
            return n
    return None


def _template_line() -> int | None:
    """The line of the page template that is calling a macro right now: the template's frame on the
    stack, its code line mapped back through Jinja's debug_info (what Template.get_corresponding_lineno does)."""
    frame = sys._getframe(1)
    while frame is not None:
        debug_info = frame.f_globals.get("debug_info")
        if frame.f_code.co_filename == "<template>" and isinstance(debug_info, str):
            pairs = [tuple(map(int, p.split("="))) for p in debug_info.split("&") if p]
            return next((t for t, code in reversed(pairs) if code <= frame.f_lineno), 1)
        frame = frame.f_back
    return None


def _where(env: Any, page: Any, line: int | None) -> str:
    """content/<page>.md:LINE, the line counted in the file: the front matter MkDocs took off the
    Markdown the plugin sees is added back."""
    from pathlib import Path

    docs = Path(env.conf["docs_dir"]).name
    where = f"{docs}/{page.file.src_uri}"
    if line is None:
        return where
    offset = 0
    if page.file.generated_by is None:
        source, body = page.file.content_string, env.markdown
        if source.endswith(body):
            offset = source.count("\n", 0, len(source) - len(body))
    return f"{where}:{line + offset}"
