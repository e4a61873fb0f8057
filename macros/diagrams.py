"""Pictures drawn from the data at build time: inline SVG, no diagram library at view time.

`loop_diagram` draws the five rounds in order with the emphasis each gives every dimension;
`matrix_heatmap` shades the stage x dimension matrix by question count. Both are pure functions
(model -> HTML). Every string from the data is escaped; colours come from Material's CSS variables
(see content/assets/guide.css, "Diagrams"), so the pictures follow the light and dark palettes and
print. Each picture is a labelled image (role="img" with <title> and <desc>) and sits beside a
visible table with the same facts, so nothing is only in the picture.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from . import model as model_mod
from .model import Model
from .render import EMPHASIS_LABEL, esc

Item = Mapping[str, Any]

# Rough advance of one character as a share of the font size, to wrap text before it overflows a box.
CHAR_EM = 0.52


# ---------------------------------------------------------------- small helpers


def emphasis_levels(model: Model) -> dict[str, int]:
    """Emphasis value -> bars shown (the schema's enum lists the strongest first: high 3, medium 2, low 1)."""
    schema = model_mod.read_schema(model.data_dir, "stages.schema.json")
    enum = schema["$defs"]["stage"]["properties"]["dimensions"]["items"]["properties"]["emphasis"]["enum"]
    return {value: len(enum) - i for i, value in enumerate(enum)}


def wrap(text: str, width_px: float, font_px: float) -> list[str]:
    """Greedy line breaks so `text` fits `width_px` at `font_px` (SVG text does not wrap by itself)."""
    chars = max(4, int(width_px / (font_px * CHAR_EM)))
    return textwrap.wrap(str(text), chars, break_long_words=False, break_on_hyphens=False) or [""]


def _text(x: float, y: float, lines: Sequence[str], cls: str, size: float, anchor: str = "start") -> str:
    """One <text> per block; extra lines as <tspan>s one line-height apart."""
    lead = size * 1.25
    spans = "".join(f'<tspan x="{x:g}" dy="{0 if i == 0 else lead:g}">{esc(line)}</tspan>' for i, line in enumerate(lines))
    return f'<text class="{cls}" x="{x:g}" y="{y:g}" font-size="{size:g}" text-anchor="{anchor}">{spans}</text>'


def _svg(view_w: float, view_h: float, ident: str, title: str, desc: str, body: Iterable[str], cls: str) -> str:
    # width/height stay unset so CSS sizes the picture; the viewBox keeps its proportions.
    return (
        f'<svg class="{cls}" viewBox="0 0 {view_w:g} {view_h:g}" role="img" '
        f'aria-labelledby="{ident}-title {ident}-desc" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{ident}-title">{esc(title)}</title><desc id="{ident}-desc">{esc(desc)}</desc>' + "".join(body) + "</svg>"
    )


def _meter(x: float, y: float, level: int, levels: int) -> str:
    """Rising bars, `level` of `levels` filled: shape and count carry the emphasis, not colour alone."""
    out = []
    for i in range(levels):
        h = 6 + 4 * i
        cls = "dg-bar dg-bar--on" if i < level else "dg-bar"
        out.append(f'<rect class="{cls}" x="{x + i * 9:g}" y="{y - h:g}" width="6" height="{h}" rx="1"/>')
    return "".join(out)


# ---------------------------------------------------------------- the loop


def loop_rows(model: Model) -> list[tuple[Item, list[tuple[Item, str | None]]]]:
    """Each stage in order with every dimension in order and its emphasis there (None: not scored)."""
    dims = model.ordered("dimensions")
    out = []
    for s in model.ordered("stages"):
        emphasis = {e["dimension"]: e["emphasis"] for e in s["dimensions"]}
        out.append((s, [(d, emphasis.get(d["id"])) for d in dims]))
    return out


def loop_description(model: Model) -> str:
    """The whole picture in words (the SVG's <desc>)."""
    parts = []
    for s, dims in loop_rows(model):
        scored = "; ".join(f"{d['short']} {EMPHASIS_LABEL[e].lower()}" for d, e in dims if e)
        unscored = [d["short"] for d, e in dims if not e]
        extra = f"; not scored: {', '.join(unscored)}" if unscored else ""
        parts.append(f"{s['order']}. {s['name']} ({s['length']}): {scored}{extra}.")
    return f"The {len(parts)} rounds in order, with the emphasis each gives every dimension. " + " ".join(parts)


def _emphasis_word(emphasis: str | None) -> str:
    return EMPHASIS_LABEL[emphasis] if emphasis else "Not scored"


def _loop_wide(model: Model, title: str, desc: str) -> str:
    rows = loop_rows(model)
    levels = emphasis_levels(model)
    top = max(levels.values())
    card_w, gap, pad = 176.0, 28.0, 12.0
    name_px, small_px, dim_px = 15.0, 12.0, 13.0
    heads = [(wrap(s["name"], card_w - 44 - pad, name_px), wrap(s["length"], card_w - 2 * pad, small_px)) for s, _ in rows]
    name_lines = max(len(n) for n, _ in heads)
    len_lines = max(len(m) for _, m in heads)
    head_h = 18 + name_lines * name_px * 1.25 + len_lines * small_px * 1.25 + 8
    row_h = 42.0
    card_h = head_h + row_h * len(rows[0][1]) + 6
    view_w = len(rows) * card_w + (len(rows) - 1) * gap
    body = []
    for i, ((s, dims), (name, length)) in enumerate(zip(rows, heads, strict=True)):
        x = i * (card_w + gap)
        body.append(f'<g class="dg-stage"><rect class="dg-card" x="{x:g}" y="1" width="{card_w:g}" height="{card_h:g}" rx="6"/>')
        body.append(f'<circle class="dg-step" cx="{x + 24:g}" cy="26" r="13"/>')
        body.append(_text(x + 24, 31, [str(s["order"])], "dg-step-num", 14, "middle"))
        body.append(_text(x + 44, 31, name, "dg-name", name_px))
        body.append(_text(x + pad, 18 + name_lines * name_px * 1.25 + small_px, length, "dg-muted", small_px))
        y = head_h
        body.append(f'<line class="dg-rule" x1="{x + pad:g}" y1="{y - 4:g}" x2="{x + card_w - pad:g}" y2="{y - 4:g}"/>')
        for d, e in dims:
            body.append(_text(x + pad, y + 14, [d["short"]], "dg-dim", dim_px))
            body.append(_text(x + pad, y + 30, [_emphasis_word(e)], "dg-muted", small_px))
            body.append(_meter(x + card_w - pad - 9 * top + 3, y + 30, levels.get(e, 0) if e else 0, top))
            y += row_h
        body.append("</g>")
        if i < len(rows) - 1:
            ax, ay = x + card_w + 4, 26
            body.append(f'<path class="dg-arrow" d="M{ax:g} {ay:g}h{gap - 14:g}m-6 -5l6 5l-6 5"/>')
    return _svg(view_w, card_h + 2, "loop-wide", title, desc, body, "dg dg--wide")


def _loop_narrow(model: Model, title: str, desc: str) -> str:
    rows = loop_rows(model)
    levels = emphasis_levels(model)
    top = max(levels.values())
    view_w, pad, gap = 360.0, 12.0, 26.0
    name_px, small_px, dim_px = 15.0, 12.0, 13.0
    row_h = 26.0
    body = []
    y0 = 1.0
    for i, (s, dims) in enumerate(rows):
        name = wrap(s["name"], view_w - 44 - pad, name_px)
        length = wrap(s["length"], view_w - 44 - pad, small_px)
        head_h = 14 + len(name) * name_px * 1.25 + len(length) * small_px * 1.25 + 4
        card_h = head_h + row_h * len(dims) + 6
        body.append(
            f'<g class="dg-stage"><rect class="dg-card" x="1" y="{y0:g}" width="{view_w - 2:g}" height="{card_h:g}" rx="6"/>'
        )
        body.append(f'<circle class="dg-step" cx="24" cy="{y0 + 24:g}" r="13"/>')
        body.append(_text(24, y0 + 29, [str(s["order"])], "dg-step-num", 14, "middle"))
        body.append(_text(44, y0 + 29, name, "dg-name", name_px))
        body.append(_text(44, y0 + 14 + len(name) * name_px * 1.25 + small_px - 2, length, "dg-muted", small_px))
        y = y0 + head_h
        body.append(f'<line class="dg-rule" x1="{pad:g}" y1="{y - 2:g}" x2="{view_w - pad:g}" y2="{y - 2:g}"/>')
        for d, e in dims:
            body.append(_text(pad, y + 18, [d["short"]], "dg-dim", dim_px))
            body.append(_text(view_w - pad - 9 * top - 8, y + 18, [_emphasis_word(e)], "dg-muted", small_px, "end"))
            body.append(_meter(view_w - pad - 9 * top + 3, y + 20, levels.get(e, 0) if e else 0, top))
            y += row_h
        body.append("</g>")
        y0 += card_h
        if i < len(rows) - 1:
            body.append(f'<path class="dg-arrow" d="M{view_w / 2:g} {y0 + 4:g}v{gap - 10:g}m-5 -6l5 6l5 -6"/>')
            y0 += gap
    return _svg(view_w, y0 + 1, "loop-narrow", title, desc, body, "dg dg--narrow")


def loop_diagram(model: Model) -> str:
    """The loop as a picture for the home page: a wide layout for screens and print, a stacked one
    for phones (CSS shows one; the hidden one is display:none, so screen readers meet one image)."""
    title = "The interview loop: rounds in order and what each scores"
    desc = loop_description(model)
    return (
        '<figure class="dg-figure dg-figure--loop" data-search-exclude>'
        + _loop_wide(model, title, desc)
        + _loop_narrow(model, title, desc)
        + "<figcaption>The rounds in order. Bars show how much weight each round gives a dimension "
        "(three: high, two: medium, one: low); the table below has the same facts.</figcaption></figure>\n"
    )


# ---------------------------------------------------------------- the matrix as a heat map


def matrix_counts(model: Model) -> list[tuple[Item, list[tuple[Item, int]]]]:
    """Questions per stage and dimension (a question counts in every cell it belongs to)."""
    dims = model.ordered("dimensions")
    return [(s, [(d, len(model.questions_for(stage=s["id"], dimension=d["id"]))) for d in dims]) for s in model.ordered("stages")]


def heat_level(count: int, most: int, steps: int = 4) -> int:
    """0 for an empty cell (a gap), else 1..steps in proportion to the fullest cell."""
    if count <= 0 or most <= 0:
        return 0
    return max(1, min(steps, -(-count * steps // most)))


def matrix_description(model: Model) -> str:
    parts = []
    for s, cells in matrix_counts(model):
        parts.append(f"{s['name']}: " + ", ".join(f"{d['short']} {n}" for d, n in cells) + ".")
    gaps = sum(1 for _, cells in matrix_counts(model) for _, n in cells if n == 0)
    tail = f" {gaps} cell(s) have no question yet." if gaps else " Every cell has at least one question."
    return "Questions per stage (rows) and dimension (columns). " + " ".join(parts) + tail


def matrix_heatmap(model: Model) -> str:
    """The stage x dimension matrix shaded by question count, numbers printed in every cell."""
    counts = matrix_counts(model)
    most = max((n for _, cells in counts for _, n in cells), default=0)
    label_w, cell_w, cell_h, head_px, label_px = 150.0, 66.0, 46.0, 12.0, 13.0
    dims = [d for d, _ in counts[0][1]] if counts else []
    heads = [wrap(d["short"], cell_w - 4, head_px) for d in dims]
    head_h = max((len(h) for h in heads), default=1) * head_px * 1.25 + 10
    body = []
    for j, lines in enumerate(heads):
        cx = label_w + j * cell_w + cell_w / 2
        body.append(_text(cx, head_px + 2, lines, "dg-dim", head_px, "middle"))
    y = head_h
    for s, cells in counts:
        lines = wrap(f"{s['order']}. {s['name']}", label_w - 10, label_px)
        ty = y + cell_h / 2 - (len(lines) - 1) * label_px * 0.625 + label_px * 0.35
        body.append(_text(0, ty, lines, "dg-dim", label_px))
        for j, (_, n) in enumerate(cells):
            x = label_w + j * cell_w
            level = heat_level(n, most)
            body.append(
                f'<rect class="dg-heat dg-heat--{level}" x="{x + 2:g}" y="{y + 2:g}" '
                f'width="{cell_w - 4:g}" height="{cell_h - 4:g}" rx="4"/>'
            )
            if n:
                body.append(_text(x + cell_w / 2, y + cell_h / 2 + 5, [str(n)], "dg-count", 15, "middle"))
            else:
                body.append(_text(x + cell_w / 2, y + cell_h / 2 - 1, ["0"], "dg-count", 14, "middle"))
                body.append(_text(x + cell_w / 2, y + cell_h / 2 + 13, ["gap"], "dg-muted", 11, "middle"))
        y += cell_h
    # Legend: the shades from few to many, and what an empty cell looks like.
    y += 14
    body.append(_text(0, y + 11, ["Fewer"], "dg-muted", 12))
    for k in range(1, 5):
        body.append(f'<rect class="dg-heat dg-heat--{k}" x="{44 + (k - 1) * 26:g}" y="{y:g}" width="22" height="14" rx="3"/>')
    body.append(_text(44 + 4 * 26 + 2, y + 11, ["more questions"], "dg-muted", 12))
    body.append(f'<rect class="dg-heat dg-heat--0" x="{label_w + 2 * cell_w:g}" y="{y:g}" width="22" height="14" rx="3"/>')
    body.append(_text(label_w + 2 * cell_w + 28, y + 11, ["gap: none yet"], "dg-muted", 12))
    view_w = label_w + cell_w * len(dims)
    title = "Heat map: questions per stage and dimension"
    svg = _svg(view_w, y + 18, "heatmap", title, matrix_description(model), body, "dg dg--heat")
    return (
        f'<figure class="dg-figure dg-figure--heat" data-search-exclude>{svg}'
        "<figcaption>Stronger shading means more questions; the number is printed in every cell. "
        "The table below has the same counts, with links.</figcaption></figure>\n"
    )
