"""Pages made from data rather than written by hand: one per stage, dimension, round's question list,
checklist, self-score sheet and question.

Each generated page is a single macro call (`page_calls`), so adding a stage or dimension to the data
adds its pages and nav entries. The build makes them by calling the macro directly
(macros.PageRenderer); their Markdown source is that call, written as a hand-written page would.
"""

from __future__ import annotations

import json
from typing import Any

from . import checklists, render
from .model import Model

Call = tuple[str, tuple[str, ...]]  # a macro's name (a key of render.MACROS) and its arguments


def call_source(call: Call) -> str:
    """The call as a page would write it: {{ stage("culture") }}."""
    name, args = call
    return "{{ " + name + "(" + ", ".join(json.dumps(a) for a in args) + ") }}\n"


def _in_nav(model: Model) -> list[tuple[str, str, Call]]:
    """(path under content/, nav title, call) for every generated page in the nav, in nav order. The
    titles are escaped HTML (render.nav_title): Material prints them as they are."""
    stages, dimensions = model.ordered("stages"), model.ordered("dimensions")
    return [
        *[(render.stage_page(s["id"]), render.nav_title(f"{s['order']}. {s['name']}"), ("stage", (s["id"],))) for s in stages],
        *[(render.dimension_page(d["id"]), render.nav_title(d["name"]), ("dimension", (d["id"],))) for d in dimensions],
        *[(render.question_round_page(s["id"]), render.nav_title(s["name"]), ("question_round", (s["id"],))) for s in stages],
        *[(render.checklist_page(s["id"]), render.nav_title(s["name"]), ("checklist", (s["id"],))) for s in stages],
        *[(checklists.scoresheet_page(s["id"]), render.nav_title(s["name"]), ("scoresheet", (s["id"],))) for s in stages],
    ]


def _questions(model: Model) -> list[tuple[str, Call]]:
    return [(render.question_page(q["id"]), ("question_detail", (q["id"],))) for q in model.questions]


def question_pages(model: Model) -> list[tuple[str, str]]:
    """(path, Markdown source) of each question's own page. They stay out of the nav, which lists the
    rounds' question lists instead: 65 (or 5,000) entries would bury everything else."""
    return [(path, call_source(call)) for path, call in _questions(model)]


def generated_pages(model: Model) -> list[tuple[str, str, str]]:
    """(path under content/, nav title, Markdown source) for every generated page in the nav, in nav order."""
    return [(path, title, call_source(call)) for path, title, call in _in_nav(model)]


def page_calls(model: Model) -> dict[str, Call]:
    """Path under content/ -> the macro call that makes it, for every generated page."""
    return {path: call for path, _, call in _in_nav(model)} | dict(_questions(model))


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
    pages = generated_pages(model)
    out: list[Any] = []
    for entry in nav:
        if isinstance(entry, dict) and len(entry) == 1:
            ((title, value),) = entry.items()
            if title in NAV_SECTIONS and isinstance(value, list):
                folder = NAV_SECTIONS[title]
                listed = expand_nav(value, model)
                generated = [{t: p} for p, t, _ in pages if p.startswith(folder)]
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
