"""Pages made from data rather than written by hand: one per stage, dimension, round's question list,
checklist, self-score sheet and question.

Each generated page is one render function applied to one id (`_in_nav`, `_questions`), so adding a
stage or dimension to the data adds its pages and nav entries. Their Markdown is computed here, by
calling the function directly: no template is compiled for them (the macros plugin leaves pages without
`render_macros: true` alone), and a page of data text can hold braces without meaning a macro call.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from . import checklists, render
from .model import Model

Make = tuple[Callable[[Model, str], str], str]  # the render function that makes a page, and its argument


def _in_nav(model: Model) -> list[tuple[str, str, Make]]:
    """(path under content/, nav title, how to make it) for every generated page in the nav, in nav order.
    The titles are escaped HTML (render.nav_title): Material prints them as they are."""
    stages, dimensions = model.ordered("stages"), model.ordered("dimensions")
    title = render.nav_title
    return [
        *[(render.stage_page(s["id"]), title(f"{s['order']}. {s['name']}"), (render.stage, s["id"])) for s in stages],
        *[(render.dimension_page(d["id"]), title(d["name"]), (render.dimension, d["id"])) for d in dimensions],
        *[(render.question_round_page(s["id"]), title(s["name"]), (render.question_round, s["id"])) for s in stages],
        *[(render.checklist_page(s["id"]), title(s["name"]), (checklists.checklist, s["id"])) for s in stages],
        *[(checklists.scoresheet_page(s["id"]), title(s["name"]), (checklists.scoresheet, s["id"])) for s in stages],
    ]


def _questions(model: Model) -> list[tuple[str, Make]]:
    return [(render.question_page(q["id"]), (render.question_detail, q["id"])) for q in model.questions]


def question_pages(model: Model) -> list[tuple[str, str]]:
    """(path, Markdown) of each question's own page. They stay out of the nav, which lists the
    rounds' question lists instead: 65 (or 5,000) entries would bury everything else."""
    return [(path, fn(model, arg)) for path, (fn, arg) in _questions(model)]


def generated_pages(model: Model) -> list[tuple[str, str, str]]:
    """(path under content/, nav title, Markdown) for every generated page in the nav, in nav order."""
    return [(path, title, fn(model, arg)) for path, title, (fn, arg) in _in_nav(model)]


# Nav sections filled from the data: the key in mkdocs.yml -> the folder of generated pages.
NAV_SECTIONS = {
    "Stages": "stages/",
    "Questions": "questions/",
    "Dimensions": "dimensions/",
    "Checklists": "checklists/",
    "Self-score sheets": "scoresheets/",
}


def expand_nav(nav: list[Any], model: Model) -> list[Any]:
    """Fill each nav section named in NAV_SECTIONS with its generated pages, keeping any page already
    listed there (such as an index) first and any subsection listed there (Checklists > Self-score
    sheets) last."""
    pages = [(path, title) for path, title, _ in _in_nav(model)]
    out: list[Any] = []
    for entry in nav:
        if isinstance(entry, dict) and len(entry) == 1:
            ((title, value),) = entry.items()
            if title in NAV_SECTIONS and isinstance(value, list):
                folder = NAV_SECTIONS[title]
                listed = expand_nav(value, model)
                generated = [{t: p} for p, t in pages if p.startswith(folder)]
                value = [e for e in listed if not _is_section(e)] + generated + [e for e in listed if _is_section(e)]
                out.append({title: value})
                continue
            if isinstance(value, list):
                out.append({title: expand_nav(value, model)})
                continue
        out.append(entry)
    return out


def _is_section(entry: Any) -> bool:
    return isinstance(entry, dict) and len(entry) == 1 and isinstance(next(iter(entry.values())), list)
