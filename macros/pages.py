"""Pages made from data rather than written by hand: one per stage, dimension, checklist and
self-score sheet.

Each generated page is a single macro call, so it goes through the same macros pipeline as the
hand-written pages, and adding a stage or dimension to the data adds its pages and nav entries.
"""

from __future__ import annotations

from typing import Any

from . import checklists, render
from .model import Model


def question_pages(model: Model) -> list[tuple[str, str]]:
    """(path, Markdown source) of each question's own page. They stay out of the nav, which lists the
    rounds' question lists instead: 65 (or 5,000) entries would bury everything else."""
    return [(render.question_page(q["id"]), f'{{{{ question_detail("{q["id"]}") }}}}\n') for q in model.questions]


def generated_pages(model: Model) -> list[tuple[str, str, str]]:
    """(path under content/, nav title, Markdown source) for every generated page, in nav order."""
    out = []
    for s in model.ordered("stages"):
        out.append((render.stage_page(s["id"]), f"{s['order']}. {s['name']}", f'{{{{ stage("{s["id"]}") }}}}\n'))
    for d in model.ordered("dimensions"):
        out.append((render.dimension_page(d["id"]), d["name"], f'{{{{ dimension("{d["id"]}") }}}}\n'))
    for s in model.ordered("stages"):
        out.append((render.question_round_page(s["id"]), s["name"], f'{{{{ question_round("{s["id"]}") }}}}\n'))
    for s in model.ordered("stages"):
        out.append((render.checklist_page(s["id"]), s["name"], f'{{{{ checklist("{s["id"]}") }}}}\n'))
    for s in model.ordered("stages"):
        out.append((checklists.scoresheet_page(s["id"]), s["name"], f'{{{{ scoresheet("{s["id"]}") }}}}\n'))
    return out


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
