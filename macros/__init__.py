"""Build glue: load the data once per build and expand the macro calls in each page.

Nothing here computes: every macro hands the loaded model to a pure function in `render`. Pages call
macros in Jinja syntax, `{{ stage("culture") }}`; `PageRenderer` expands them and the hooks
(macros/hooks.py) call it for every page. It uses Jinja2, which MkDocs itself depends on, rather than
the mkdocs-macros plugin: the plugin's fixed costs (its imports, twelve `git` calls per build) and a
template compiled for each of thousands of generated pages put the build over 1.10 times plain
MkDocs (BENCHMARKS.md).
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from typing import Any

from . import freshness, model, render

# isort: split
# After render, which imports its submodules in an order that avoids circular imports.
from . import pages

# When this package was imported: macros/hooks.py imports it afresh under `mkdocs serve` only when a
# file in macros/ changed after this.
IMPORTED_AT_NS = time.time_ns()

CALL_HINT = 'a macro call is written {{ name("argument") }}, with a name from render.MACROS in macros/render.py'


def load_for_build() -> model.Model:
    """The validated model, or a build-stopping error listing every problem as file:line:col.
    It carries the build's "today" (SOURCE_DATE_EPOCH when set) so pages can flag stale entries."""
    from mkdocs.exceptions import PluginError

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


class PageRenderer:
    """Expands the macro calls of one build's pages, all bound to the same loaded model."""

    def __init__(self, data: model.Model) -> None:
        self.data = data
        self.functions: dict[str, Callable[..., str]] = {name: _bind(fn, data) for name, fn in render.MACROS.items()}
        # Pages made from data are one known call each: made directly, with no template to compile.
        self.calls = pages.page_calls(data)
        self._jinja: Any = None

    def __call__(self, markdown: str, src_uri: str, where: str) -> str:
        """The page's Markdown with its macro calls expanded. `where` names the page in errors."""
        call = self.calls.get(src_uri)
        if call is not None:
            name, args = call
            return self.functions[name](*args)
        if "{{" not in markdown and "{%" not in markdown:
            return markdown
        return self._expand(markdown, where)

    def _expand(self, markdown: str, where: str) -> str:
        import jinja2
        from mkdocs.exceptions import PluginError

        if self._jinja is None:
            # Strict: a misspelt macro or variable stops the build instead of vanishing from the page.
            self._jinja = jinja2.Environment(undefined=jinja2.StrictUndefined, keep_trailing_newline=True, autoescape=False)
            self._jinja.globals.update(self.functions)
        try:
            return self._jinja.from_string(markdown).render()
        except jinja2.TemplateSyntaxError as exc:
            raise PluginError(f"{where}:{exc.lineno}: {exc.message}; {CALL_HINT}") from None
        except jinja2.UndefinedError as exc:
            raise PluginError(f"{where}:{_template_line(exc)}: {exc.message}; {CALL_HINT}") from None
        except Exception as exc:  # a render function refused its arguments (an unknown id, say)
            failure = f"the macro call failed: {type(exc).__name__}: {exc}"
            raise PluginError(f"{where}:{_template_line(exc)}: {failure}; check its arguments against data/") from None


def _template_line(exc: BaseException) -> int | None:
    """The page line the error came from: Jinja maps its frames back to the template's lines."""
    line, tb = None, exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _bind(fn: Callable[..., str], data: model.Model) -> Callable[..., str]:
    def macro(*args: Any, **kwargs: Any) -> str:
        return fn(data, *args, **kwargs)

    macro.__name__ = fn.__name__
    macro.__doc__ = fn.__doc__
    return macro
