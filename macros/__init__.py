"""mkdocs-macros glue: load the data once per build and register the render functions.

Nothing here computes: every macro hands the loaded model to a pure function in `render`.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from . import freshness, model, render


def load_for_build() -> model.Model:
    """The validated model, or a build-stopping error listing every problem as file:line:col.
    It carries the build's "today" (SOURCE_DATE_EPOCH when set) so pages can flag stale entries."""
    from mkdocs.exceptions import PluginError

    try:
        loaded = model.load_cached(model.DATA_DIR)
    except model.ValidationFailed as exc:
        raise PluginError(f"data validation failed ({len(exc.problems)} problem(s)); nothing was published:\n{exc}") from None
    try:
        today = freshness.today()
    except ValueError as exc:
        raise PluginError(str(exc)) from None
    return dataclasses.replace(loaded, freshness=freshness.Freshness(today))


def define_env(env: Any) -> None:
    data = load_for_build()
    for name, fn in render.MACROS.items():
        env.macro(_bind(fn, data), name)


def _bind(fn: Any, data: model.Model) -> Any:
    def macro(*args: Any, **kwargs: Any) -> str:
        return fn(data, *args, **kwargs)

    macro.__name__ = fn.__name__
    macro.__doc__ = fn.__doc__
    return macro
