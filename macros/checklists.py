"""The printable pages of a round: its checklist and its self-score sheet, plus their index.

Pure functions from the model to Markdown (with raw HTML where a form control is needed). Both
sheets are made to print on one page; the limits that guarantee it are in data/schema (see the
checklist description in stages.schema.json) and are checked by tests/test_checklist_limits.py.
Ticks are saved by content/assets/guide.js under the item id, never the text, so editing an
item's wording keeps a reader's tick.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .model import Model
from .render import EMPHASIS_LABEL, PAGE, checklist_page, esc, ident, join_blocks, link, stage_page

# Where `make pdf` (scripts/pdf.py) writes the PDFs, relative to the site root. The pages show a
# "Download PDF" link only once guide.js has found the file there.
PDF_DIR = "pdf"
ALL_ROUNDS_PDF = "all-rounds.pdf"


def scoresheet_page(stage_id: str) -> str:
    return f"scoresheets/{stage_id}.md"


def checklist_pdf(stage_id: str) -> str:
    return f"{PDF_DIR}/{stage_id}.pdf"


def scoresheet_pdf(stage_id: str) -> str:
    return f"{PDF_DIR}/{stage_id}-scoresheet.pdf"


# ---------------------------------------------------------------- shared pieces


def _facts(s: Mapping[str, Any], *, room: bool = True) -> str:
    parts = [f"Round {s['order']}", f"<strong>Length:</strong> {esc(s['length'])}"]
    if room:
        parts.append(f"<strong>In the room:</strong> {esc(', '.join(s['room']))}")
    return '<p class="sheet-facts">' + " · ".join(parts) + "</p>"


def _pdf_link(path: str, label: str) -> str:
    # No href until guide.js has seen the file: without `make pdf` there is no PDF, and a link
    # checker must not find a dead link. data-pdf is relative to the site root.
    return f'<a class="md-button sheet-pdf" data-pdf="{path}" hidden>{label}</a>'


def _links(here: str, *links: tuple[str, str]) -> str:
    """A screen-only row of Markdown links (so MkDocs checks them in strict mode)."""
    return " · ".join(f"[{text}]({link(here, target)})" for text, target in links) + "\n{: .sheet-links }"


def _scored(model: Model, s: Mapping[str, Any]) -> list[tuple[Mapping[str, Any], str]]:
    """The dimensions a stage scores, in dimension order, with this stage's emphasis."""
    pairs = [(model.get("dimensions", e["dimension"]), e["emphasis"]) for e in s["dimensions"]]
    return sorted(pairs, key=lambda p: p[0]["order"])


# ---------------------------------------------------------------- checklist page


def checklist(model: Model, stage_id: str) -> str:
    """A round's checklist: key facts, then items grouped by the dimension each serves, each a
    checkbox inside its <label> (so screen readers name it by the item's text). The text sits in one
    <span> so the label's flex row has two items, whatever inline markup (an <abbr>) the text holds."""
    s = model.get("stages", stage_id)
    here = checklist_page(stage_id)
    groups = []
    for d in model.ordered("dimensions"):
        items = [c for c in s["checklist"] if c["dimension"] == d["id"]]
        if not items:
            continue
        lis = "\n".join(
            f'<li markdown="span"><label><input type="checkbox" data-item="{ident(c["id"])}"> '
            f"<span>{esc(c['text'])}</span></label></li>"
            for c in items
        )
        groups.append(
            f'<h2 class="sheet-dimension">{esc(d["name"])}</h2>\n<ul class="checklist-items" markdown="block">\n{lis}\n</ul>'
        )
    return join_blocks(
        f"# Checklist: {esc(s['name'])}",
        _facts(s),
        _links(
            here,
            ("About this round", stage_page(stage_id)),
            ("Self-score sheet", scoresheet_page(stage_id)),
            ("All checklists", PAGE["checklists"]),
        ),
        f'<div class="print-sheet checklist" data-stage="{stage_id}" markdown="block">\n' + "\n".join(groups) + "\n</div>",
        '<p class="sheet-controls">'
        '<button type="button" class="md-button" data-action="reset-checklist">Clear all ticks</button> '
        + _pdf_link(checklist_pdf(stage_id), "Download PDF")
        + "</p>",
        '<p class="sheet-note">Ticks are kept in this browser only. Printing gives one page, A4 or US Letter, with empty boxes.'
        ' <span class="checklist-status" role="status"></span></p>',
    )


# ---------------------------------------------------------------- self-score sheet


def scoresheet(model: Model, stage_id: str) -> str:
    """One page to mark a practice answer: per scored dimension, five boxes to mark and the 1/3/5
    anchors side by side (a rubric row takes less height than three stacked rows)."""
    s = model.get("stages", stage_id)
    here = scoresheet_page(stage_id)
    blocks = []
    for d, emphasis in _scored(model, s):
        a = d["anchors"]
        boxes = "".join(f'<span class="score-box"><span class="box" aria-hidden="true"></span>{n}</span>' for n in range(1, 6))
        cells = "".join(f'<td><strong class="score-n">{n}</strong> {esc(a[f"score_{n}"])}</td>' for n in (1, 3, 5))
        emphasis_note = f'<span class="sheet-emphasis">{EMPHASIS_LABEL[emphasis]} emphasis</span>'
        blocks.append(
            '<div class="score-head">'
            f'<h2 class="sheet-dimension">{esc(d["name"])} {emphasis_note}</h2>'
            f'<p class="score-boxes">Score: {boxes}</p>'
            "</div>\n"
            f'<table class="score-anchors"><tr>{cells}</tr></table>'
        )
    return join_blocks(
        f"# Self-score: {esc(s['name'])}",
        _facts(s, room=False),
        _links(
            here,
            ("Checklist for this round", checklist_page(stage_id)),
            ("About this round", stage_page(stage_id)),
            ("All checklists", PAGE["checklists"]),
        ),
        '<div class="print-sheet scoresheet" data-stage="' + stage_id + '">\n'
        '<p class="sheet-writein"><span>Question: </span><span>Date: </span></p>\n'
        '<p class="sheet-how">After a practice answer, mark one score per dimension: 1, 3 and 5 are described, 2 and 4'
        " fall between.</p>\n" + "\n".join(blocks) + "\n</div>",
        '<p class="sheet-controls">' + _pdf_link(scoresheet_pdf(stage_id), "Download PDF") + "</p>",
    )


# ---------------------------------------------------------------- index


def checklist_index(model: Model) -> str:
    here = PAGE["checklists"]
    rows = "\n".join(
        f"| {s['order']}. {esc(s['name'])} | [Checklist]({link(here, checklist_page(s['id']))}) ({len(s['checklist'])} items) "
        f"| [Self-score sheet]({link(here, scoresheet_page(s['id']))}) |"
        for s in model.ordered("stages")
    )
    return join_blocks(
        "One checklist and one self-score sheet per round, each made to print on a single page (A4 or US Letter). "
        "Tick items on screen (ticks stay in your browser) or print the page and take it to a prep session.",
        "| Round | Prepare | Score a practice answer |\n|---|---|---|\n" + rows,
        '<p class="sheet-controls">' + _pdf_link(f"{PDF_DIR}/{ALL_ROUNDS_PDF}", "Download all rounds (PDF)") + "</p>",
    )
