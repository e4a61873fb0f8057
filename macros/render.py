"""Pure functions from the model to Markdown: no I/O, no MkDocs.

Each page-level function takes the model (and an id where the page is about one item) and returns
the page's Markdown. Every string from the data goes through `esc` (ids through `ident`, addresses
through `safe_url`), so neither HTML nor Markdown syntax in YAML can become markup on a page, even if
the validator were bypassed.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

from . import freshness
from .model import Model

Item = Mapping[str, Any]

# Where each page lives, relative to content/. Generated pages (per stage, dimension, checklist)
# come from `pages.generated_pages`; these are the hand-placed ones with a single macro call.
PAGE = {
    "home": "index.md",
    "questions": "questions/index.md",
    "matrix": "matrix.md",
    "metric_pairs": "metric-pairs.md",
    "translations": "research-to-product.md",
    "launch_bars": "launch-bars.md",
    "rsp_tensions": "rsp-tensions.md",
    "sources": "sources.md",
    "briefings": "why-anthropic.md",
    "checklists": "checklists/index.md",
    "statistics": "statistics.md",
}

EMPHASIS_LABEL = {"high": "High", "medium": "Medium", "low": "Low"}
EMPHASIS_NOTE = "*Emphasis is this guide's reading of the reported material, not an official weighting.*"
SURFACE_LABEL = {
    "enterprise-legal": "Enterprise: legal",
    "enterprise-health": "Enterprise: health",
    "enterprise-finance": "Enterprise: finance",
    "enterprise-other": "Enterprise: other",
    "agentic-coding": "Agentic coding",
    "computer-use": "Computer use",
    "consumer-chat": "Consumer chat",
    "api": "API platform",
}


def stage_page(stage_id: str) -> str:
    return f"stages/{ident(stage_id)}.md"


def dimension_page(dimension_id: str) -> str:
    return f"dimensions/{ident(dimension_id)}.md"


def question_round_page(stage_id: str) -> str:
    """The list of questions whose first round is this one."""
    return f"questions/{ident(stage_id)}.md"


def question_page(question_id: str) -> str:
    """One page per question, with both exemplars: small pages load fast on a phone (issue 6), and the
    address depends only on the id, so it survives edits to the question's text or rounds."""
    return f"question/{ident(question_id)}.md"


def question_href(here: str, q: Item) -> str:
    return link(here, question_page(q["id"]), q["id"])


def checklist_page(stage_id: str) -> str:
    return f"checklists/{ident(stage_id)}.md"


# ---------------------------------------------------------------- small helpers


# ---------------------------------------------------------------- the one escaping boundary
#
# Every data string reaches a page through `esc`. Its output is inert three times over: as Markdown (no
# character that opens emphasis, code, a link, an image, a reference or abbreviation definition, an
# attribute list, a table cell, an admonition, a tab or a fenced block survives as itself), as HTML text
# and as a quoted HTML attribute (no < > & " '). The characters are written as HTML character references,
# which Python-Markdown passes through untouched and every browser shows as the character, so the reader
# sees exactly the text in data/. Material prints nav and page titles without escaping them, which is why
# titles go through `esc` too (see `nav_title`).

# Always encoded, wherever they stand in the text.
_ALWAYS = "&<>\"'\\`*_{}[]#!|~="
_NAMED = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}
_TABLE = {ord(c): _NAMED.get(c, f"&#{ord(c)};") for c in _ALWAYS}
# One pass that stops only at those characters: str.translate looks every character up in _TABLE, which
# made escaping most of the time spent on pages made from data (240,000 calls at 5,000 questions).
_SPECIAL = re.compile("[" + re.escape(_ALWAYS) + "]")
_BY_CHAR = {chr(k): v for k, v in _TABLE.items()}


def _encode(text: str) -> str:
    return _SPECIAL.sub(lambda m: _BY_CHAR[m.group()], text)


# At the start of the text, which may start a block (a paragraph, a list item, an admonition body): any
# ASCII punctuation (a list marker, '>', '?', '+', ':', '-' of a snippet or a rule) and the '.' or ')'
# after a number (an ordered list).
_LEADING = re.compile(r"[0-9]{1,9}[.)](?=[ \t]|$)|[!-/:-@\[-`{-~]")
# Whitespace that could end a line, indent a code block or make a hard line break.
_SPACE = re.compile("[ \t\r\n\f\v\u2028\u2029]+")
# Control characters (Python-Markdown's own placeholders are wrapped in STX and ETX) and the Unicode
# bidirectional overrides. The schemas refuse them; this keeps a bypassed validator harmless.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufffe\uffff]")
# What makes _one_line change a string at all: the common string (one line, single spaces) is returned as it is.
_ODD = re.compile("[\t\r\n\f\v\u2028\u2029" + _CONTROL.pattern[1:])


def esc(text: Any) -> str:
    """Data text made inert for Markdown, HTML text and quoted HTML attributes, shown as written.

    Line breaks and runs of spaces become one space: a data string is never more than one line of
    output, so it cannot start a block of its own in the middle of a page."""
    s = _one_line(text)
    m = _LEADING.match(s)
    if m is None:
        return _encode(s)
    lead = m.group()
    last = lead[-1]
    return lead[:-1] + _TABLE.get(ord(last), f"&#{ord(last)};") + _encode(s[m.end() :])


def _one_line(text: Any) -> str:
    s = str(text)
    if _ODD.search(s) is None and "  " not in s and not s[:1].isspace() and not s[-1:].isspace():
        return s
    return _CONTROL.sub("\ufffd", _SPACE.sub(" ", s).strip())


def attr(text: Any) -> str:
    """For a quoted admonition or tab title, or an HTML attribute: `esc` without its block-start rule,
    since neither can start a block."""
    return _encode(_one_line(text))


def cell(text: Any) -> str:
    """For a Markdown table cell: `esc` writes '|' as a character reference and never keeps a line break."""
    return esc(text)


def nav_title(text: Any) -> str:
    """A nav entry's title. MkDocs makes it the page's title, which Material prints as HTML without
    escaping it (nav, header, footer, tabs, search results): it must be escaped text already. It is
    HTML, never Markdown, so HTML escaping is all it needs (and "1. Recruiter screen" stays searchable)."""
    return html.escape(_one_line(text), quote=True)


# The id rule of data/schema/common.schema.json. Ids become file names, anchors and attribute values;
# the schema refuses anything else, and this refuses it again here so a bypassed validator cannot turn
# an id into markup or a path.
_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def ident(value: Any, limit: int = 60) -> str:
    """An id (or an anchor made of one, such as 'q-safety'), checked: safe as a file name, an anchor
    and an attribute value."""
    if not isinstance(value, str) or _ID.fullmatch(value) is None or len(value) > limit:
        raise ValueError(f"not a valid id: {value!r}")
    return value


def safe_url(value: Any) -> str:
    """A source's address for a Markdown link target: parsed (not matched), https only, a host, no
    credentials, and every character that could end the link target or start markup percent-encoded."""
    from urllib.parse import quote, urlsplit, urlunsplit

    text = str(value)
    parts = urlsplit(text)
    if (
        parts.scheme != "https"
        or not parts.hostname
        or parts.username is not None
        or parts.password is not None
        or _CONTROL.search(text)
        or _SPACE.search(text)
    ):
        raise ValueError(f"not an https address with a host and no credentials: {text!r}")
    keep = "/-._~!$&+,;=:@%"
    return urlunsplit(
        (
            "https",
            quote(parts.netloc, safe=":.-[]@"),
            quote(parts.path, safe=keep),
            quote(parts.query, safe=keep + "?/"),
            quote(parts.fragment, safe=keep + "?/"),
        )
    )


def link(here: str, target: str, anchor: str = "") -> str:
    """Relative link from page `here` to page `target` (both relative to content/)."""
    rel = _relpath(target, posixpath.dirname(here))
    return rel + (f"#{ident(anchor, limit=80)}" if anchor else "")


# A page links to the same few pages thousands of times. Page paths are built from ids, so they are
# already normal (no '.', '..' or '//'): the relative path is the steps up out of the folder they do not
# share and the steps down, without posixpath.relpath's two getcwd() calls (a third of the rendering time
# at 1,000 questions in issue 8, and still a fifth of a question page's cost at 5,000).
@lru_cache(maxsize=16384)
def _relpath(target: str, folder: str) -> str:
    down, up = target.split("/"), folder.split("/") if folder else []
    shared = 0
    while shared < min(len(down), len(up)) and down[shared] == up[shared]:
        shared += 1
    return "/".join([".."] * (len(up) - shared) + down[shared:]) or "."


def plural(n: int, word: str, many: str = "") -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"


def bullets(lines: Iterable[Any]) -> str:
    return "\n".join(f"- {esc(line)}" for line in lines)


def numbered(lines: Iterable[Any]) -> str:
    return "\n".join(f"{n}. {esc(line)}" for n, line in enumerate(lines, 1))


def indent(text: str, spaces: int = 4) -> str:
    pad = " " * spaces
    return "\n".join(pad + line if line else "" for line in text.split("\n"))


def join_blocks(*blocks: str) -> str:
    return "\n\n".join(b for b in blocks if b) + "\n"


def unindexed(markdown: str) -> str:
    """Blocks shown on the page but kept out of the search index, which every reader downloads on
    their first visit (issue 8: at 1,000 questions the full answers made it 4 MB). A <section>, not a
    <div>: Material's search parser matches elements by tag name, so the first nested </div> would
    end a <div>'s exclusion."""
    return f'<section data-search-exclude="" markdown>\n\n{markdown.strip()}\n\n</section>'


def cite(model: Model, here: str, ids: Iterable[str]) -> str:
    """'Sources: [Title](sources.md#id), ...' or '' when there are none."""
    ids = list(ids)
    if not ids:
        return ""
    refs = ", ".join(f"[{esc(model.get('sources', s)['title'])}]({link(here, PAGE['sources'], s)})" for s in ids)
    return f"*Sources: {refs}*"


def reviewed(items: Iterable[Item]) -> str:
    dates = sorted({i["last_reviewed"] for i in items})
    if not dates:
        return ""
    when = dates[0] if len(dates) == 1 else f"between {dates[0]} and {dates[-1]}"
    return f'<p class="last-reviewed">Last reviewed {when}.</p>'


def page_reviewed(model: Model, date: str) -> str:
    """The last-reviewed line of a hand-written page that shows no data (its date written in the page)."""
    import datetime

    datetime.date.fromisoformat(date)  # a page with a misspelt date stops the build, with its line
    return reviewed([{"last_reviewed": date}])


def last_reviewed(model: Model, *kinds: str) -> str:
    """The last-reviewed line for a hand-written page that shows data of these kinds (e.g. "stages");
    with no kind, of everything (a page such as Downloads that carries the whole guide)."""
    return reviewed(item for kind in (kinds or model.items) for item in model.items[kind])


def stale(model: Model, item: Item) -> str:
    """A banner above an entry that has not been reviewed for too long ('' when fresh)."""
    return freshness.banner(model.freshness, item)


def stale_page(model: Model, items: Iterable[Item]) -> str:
    """At the top of a list page: how many of its entries are stale ('' when none)."""
    return freshness.page_banner(model.freshness, items)


def _name(model: Model, kind: str, item_id: str) -> str:
    item = model.get(kind, item_id)
    return esc(item.get("name") or item.get("title") or item.get("feature") or item_id)


def ref_links(model: Model, here: str, kind: str, ids: Iterable[str], page: str) -> str:
    return ", ".join(f"[{_name(model, kind, i)}]({link(here, page, i)})" for i in ids)


REPORTED_NOTE = (
    '!!! info "Reported, not official"\n'
    "    What this page says about the interview loop comes from third-party prep material "
    "([{title}]({href}), {date}), not from Anthropic. Treat it as a well-informed report."
)


def reported_note(model: Model, here: str) -> str:
    src = model.get("sources", "seed-article") if "seed-article" in model.by_id["sources"] else None
    if src is None:
        return ""
    return REPORTED_NOTE.format(title=esc(src["title"]), href=link(here, PAGE["sources"], "seed-article"), date=esc(src["date"]))


# ---------------------------------------------------------------- home and loop


def loop_overview(model: Model) -> str:
    """The stages in order with the emphasis each gives every dimension: the home page's table."""
    here = PAGE["home"]
    dims = model.ordered("dimensions")
    head = "| Stage | Length | " + " | ".join(f"[{esc(d['short'])}]({link(here, dimension_page(d['id']))})" for d in dims) + " |"
    rule = "|---|---|" + "---|" * len(dims)
    rows = []
    for s in model.ordered("stages"):
        emphasis = {e["dimension"]: e["emphasis"] for e in s["dimensions"]}
        marks = " | ".join(EMPHASIS_LABEL.get(emphasis.get(d["id"], ""), "not scored") for d in dims)
        rows.append(f"| {s['order']}. [{cell(s['name'])}]({link(here, stage_page(s['id']))}) | {cell(s['length'])} | {marks} |")
    return "\n".join([head, rule, *rows]) + "\n\n" + EMPHASIS_NOTE + "\n"


# ---------------------------------------------------------------- stage pages


def stage(model: Model, stage_id: str) -> str:
    s = model.get("stages", stage_id)
    here = stage_page(stage_id)
    facts = [
        "| | |",
        "|---|---|",
        f"| Length | {cell(s['length'])} |",
        f"| In the room | {cell(', '.join(s['room']))} |",
    ]
    if s.get("pre_reading"):
        facts.append(f"| Pre-reading | {ref_links(model, here, 'sources', s['pre_reading'], PAGE['sources'])} |")
    facts.append(f"| Practice timer | {s['answer_minutes']} min per answer |")
    scored = ["| Dimension | Emphasis | How this round probes it |", "|---|---|---|"]
    for e in sorted(s["dimensions"], key=lambda e: model.get("dimensions", e["dimension"])["order"]):
        d = model.get("dimensions", e["dimension"])
        scored.append(
            f"| [{cell(d['name'])}]({link(here, dimension_page(d['id']))}) | {EMPHASIS_LABEL[e['emphasis']]} | {cell(e['how'])} |"
        )
    questions = []
    for d in model.ordered("dimensions"):
        qs = model.questions_for(stage=stage_id, dimension=d["id"])
        listing = (
            "\n".join(f"- [{esc(q['prompt'])}]({question_href(here, q)})" for q in qs)
            or "*No question yet: this cell is a gap. Contributions welcome.*"
        )
        # Excluded from search: these list prompts the question bank already indexes (one hit per question).
        questions.append(f"### {esc(d['name'])} {{#q-{ident(d['id'])} data-search-exclude}}\n\n{listing}")
    checklist = "\n".join(
        f"- {esc(c['text'])} *({esc(model.get('dimensions', c['dimension'])['short'])})*" for c in s["checklist"]
    )
    return join_blocks(
        f"# {s['order']}. {esc(s['name'])}",
        stale(model, s),
        reported_note(model, here),
        "\n".join(facts),
        f"## What it tests\n\n{esc(s['tests'])}",
        "## What is scored\n\n" + "\n".join(scored) + "\n\n" + EMPHASIS_NOTE,
        '## How candidates fail\n\n!!! failure "Failure modes"\n\n' + indent(bullets(s["failure_modes"])),
        '## What clears the bar\n\n!!! success "What clears the bar"\n\n' + indent(bullets(s["clears_bar"])),
        "## Questions in this round { data-search-exclude }\n\n" + "\n\n".join(questions),
        f"## Checklist\n\n[Open the printable checklist]({link(here, checklist_page(stage_id))})\n\n{checklist}",
        cite(model, here, s["sources"]),
        reviewed([s]),
    )


# ---------------------------------------------------------------- dimension pages


def dimension(model: Model, dimension_id: str) -> str:
    d = model.get("dimensions", dimension_id)
    here = dimension_page(dimension_id)
    anchors = d["anchors"]
    anchor_table = "\n".join(
        [
            "| Score | What the answer sounds like |",
            "|---|---|",
            f"| 1 | {cell(anchors['score_1'])} |",
            f"| 3 | {cell(anchors['score_3'])} |",
            f"| 5 | {cell(anchors['score_5'])} |",
        ]
    )
    stages = []
    for s in model.ordered("stages"):
        for e in s["dimensions"]:
            if e["dimension"] == dimension_id:
                stages.append(
                    f"| [{cell(s['name'])}]({link(here, stage_page(s['id']))}) "
                    f"| {EMPHASIS_LABEL[e['emphasis']]} | {cell(e['how'])} |"
                )
    stage_table = (
        "\n".join(["| Stage | Emphasis | How it is probed |", "|---|---|---|", *stages])
        if stages
        else "*No stage scores this dimension yet.*"
    )
    qs = model.questions_for(dimension=dimension_id)
    listing = "\n".join(f"- [{esc(q['prompt'])}]({question_href(here, q)})" for q in qs) or "*No question yet.*"
    return join_blocks(
        f"# {esc(d['name'])}",
        stale(model, d),
        reported_note(model, here),
        esc(d["meaning"]),
        "## Strong signals\n\n"
        + '!!! success "Signals of a strong answer (this guide’s reading)"\n\n'
        + indent(bullets(d["strong_signals"])),
        "## Weak signals\n\n"
        + '!!! failure "Signals of a weak answer (this guide’s reading)"\n\n'
        + indent(bullets(d["weak_signals"])),
        "## Score yourself\n\n" + anchor_table,
        "## Stages that score it\n\n" + stage_table,
        f"## Questions that score it ({len(qs)}) {{ data-search-exclude }}\n\n" + listing,
        cite(model, here, d["sources"]),
        reviewed([d]),
    )


# ---------------------------------------------------------------- question bank


def _uses(model: Model, here: str, ex: Item) -> str:
    parts = []
    for key, kind, page, label in (
        ("metric_pairs", "metric_pairs", PAGE["metric_pairs"], "Metric pairs"),
        ("launch_bars", "launch_bars", PAGE["launch_bars"], "Launch bars"),
        ("translations", "translations", PAGE["translations"], "Research to product"),
        ("rsp_tensions", "rsp_tensions", PAGE["rsp_tensions"], "RSP tensions"),
    ):
        if ex.get(key):
            parts.append(f"{label}: {ref_links(model, here, kind, ex[key], page)}")
    text = "\n".join(f"*{p}*  " for p in parts)
    return join_blocks(text, cite(model, here, ex.get("sources", []))).strip()


# The three answers a question page shows, in tab order: (key in the data, tab title, heading of its "why").
EXEMPLARS = (
    ("strong", "Strong answer", "Why it works"),
    ("weak", "Weak answer", "Why it falls short"),
    ("near_miss", "Near miss", "Why it stops short"),
)
WHY_LABEL = {key: why for key, _title, why in EXEMPLARS}


def exemplar(model: Model, here: str, ex: Item, *, kind: str) -> str:
    """One answer: its outline, why it scores as it does, a finished example where the answer is a
    template, and the toolkit entries and sources it uses."""
    worked = ""
    if ex.get("worked_example"):
        worked = '??? example "A finished example of this template"\n\n' + indent(numbered(ex["worked_example"]))
    return join_blocks(
        numbered(ex["outline"]), worked, f"**{WHY_LABEL[kind]}**", bullets(ex["why"]), _uses(model, here, ex)
    ).rstrip("\n")


def question(model: Model, q: Item, here: str, level: int = 2) -> str:
    stages = ", ".join(f"[{esc(model.get('stages', s)['name'])}]({link(here, stage_page(s))})" for s in q["stages"])
    dims = ", ".join(f"[{esc(model.get('dimensions', d)['short'])}]({link(here, dimension_page(d))})" for d in q["dimensions"])
    if q["provenance"] == "reported":
        src = model.get("sources", q["source"])
        # reported_on is when the source reported the question (the article's update), not when it was asked.
        prov = (
            f"Reported as asked ([{esc(src['title'])}]({link(here, PAGE['sources'], src['id'])}), "
            f"reported {esc(q['reported_on'])}; when it was asked is not known)"
        )
    else:
        prov = "Practice question written for this guide"
    # Out of the search index: every question names its rounds and dimensions, which would drown those pages.
    meta = f'<p class="q-meta" data-search-exclude="" markdown>{prov} · Comes up in: {stages} · Scores: {dims}</p>'
    tabs = "\n\n".join(
        f'=== "{title}"\n\n' + indent(exemplar(model, here, q[key], kind=key)) for key, title, _why in EXEMPLARS if q.get(key)
    )
    yours = f'!!! tip "Make it yours"\n\n{indent(esc(q["make_it_yours"]))}' if q.get("make_it_yours") else ""
    probes = '??? question "Follow-up probes"\n\n' + indent(bullets(q["probes"]))
    # Search finds a question by its prompt; the answers stay out of the index (see `unindexed`).
    return join_blocks(
        f"{'#' * level} {esc(q['prompt'])} {{#{ident(q['id'])}}}",
        meta,
        stale(model, q),
        unindexed(join_blocks(f"**What it tests.** {esc(q['tests'])}", tabs, yours, probes)),
    ).rstrip("\n")


def _first_asked_in(model: Model, stage_id: str) -> list[Item]:
    """The questions whose first round is `stage_id`: the bank lists each question once, there."""
    return [q for q in model.questions if q["stages"][0] == stage_id]


def _listed(here: str, q: Item) -> str:
    """A question as a list item of the bank or a round's list: its prompt, linked to its page."""
    return f"- [{esc(q['prompt'])}]({question_href(here, q)})" + (" *(reported)*" if q["provenance"] == "reported" else "")


def question_bank(model: Model) -> str:
    """The index of every question, grouped by round; the answers are on one page per round, which
    keeps each page light enough for a phone on a slow connection."""
    here = PAGE["questions"]
    sections = []
    for s in model.ordered("stages"):
        home = _first_asked_in(model, s["id"])
        if not home:
            continue
        items = "\n".join(_listed(here, q) for q in home)
        page = link(here, question_round_page(s["id"]))
        sections.append(f"## [{esc(s['name'])}]({page}) {{#stage-{ident(s['id'])}}}\n\n{unindexed(items)}")
    reported = sum(1 for q in model.questions if q["provenance"] == "reported")
    intro = (
        f"{plural(len(model.questions), 'question')}, grouped by the round where each comes up first. "
        f"{plural(reported, 'is', 'are')} reported as asked; the rest are practice questions written for this guide. "
        "Each has a strong and a weak answer outline with why, and the follow-ups an interviewer would push with. "
        f"To find your weak cells, use the [matrix]({link(here, PAGE['matrix'])}); "
        f"to answer against a timer, use the [practice drill]({link(here, 'practice.md')})."
    )
    banner = stale_page(model, model.questions)
    return join_blocks(intro, banner, reported_note(model, here), *sections, reviewed(model.questions))


def question_round(model: Model, stage_id: str) -> str:
    """The questions whose first round is `stage_id`: each prompt, what it tests, and a link to its page."""
    s = model.get("stages", stage_id)
    here = question_round_page(stage_id)
    home = _first_asked_in(model, stage_id)
    items = "\n".join(_listed(here, q) + f"  \n  {esc(q['tests'])}" for q in home)
    intro = (
        f"{plural(len(home), 'question')} that come{'s' if len(home) == 1 else ''} up first in the "
        f"[{esc(s['name'].lower())}]({link(here, stage_page(stage_id))}), with what each one tests. "
        "Open one for the strong and weak answers and the follow-ups; answer it yourself before you read them."
    )
    return join_blocks(
        f"# Questions: {esc(s['name'])}",
        intro,
        stale_page(model, home),
        reported_note(model, here),
        unindexed(items) if home else "*No question yet for this round.*",
        reviewed(home) if home else "",
    )


def question_detail(model: Model, question_id: str) -> str:
    """A question's own page: the prompt, both exemplars with why, and the probes."""
    q = model.get("questions", question_id)
    here = question_page(question_id)
    first = model.get("stages", q["stages"][0])
    more = f"More questions from the [{esc(first['name'].lower())}]({link(here, question_round_page(first['id']))})."
    return join_blocks(question(model, q, here, level=1), more, reviewed([q]))


# ---------------------------------------------------------------- matrix


def matrix(model: Model) -> str:
    here = PAGE["matrix"]
    dims = model.ordered("dimensions")
    head = "| Stage | " + " | ".join(f"[{esc(d['short'])}]({link(here, dimension_page(d['id']))})" for d in dims) + " |"
    rows = [head, "|---|" + "---|" * len(dims)]
    gaps = 0
    for s in model.ordered("stages"):
        cells = []
        for d in dims:
            n = len(model.questions_for(stage=s["id"], dimension=d["id"]))
            target = link(here, stage_page(s["id"]), f"q-{d['id']}")
            if n:
                cells.append(f"[{n}]({target})")
            else:
                gaps += 1
                cells.append(f"[0 (gap)]({target}){{ .gap }}")
        rows.append(f"| [{cell(s['name'])}]({link(here, stage_page(s['id']))}) | " + " | ".join(cells) + " |")
    note = "Every cell has at least one question." if not gaps else f"{gaps} cell(s) have no question yet: marked *gap*."
    return join_blocks(
        "Questions per stage and dimension. A question that comes up in several rounds or scores several dimensions "
        "counts in each cell. Follow a number to the questions.",
        "\n".join(rows),
        note,
    )


# ---------------------------------------------------------------- metric pairs, translations, bars, tensions


def metric_pairs(model: Model) -> str:
    here = PAGE["metric_pairs"]
    out = []
    for surface, label in SURFACE_LABEL.items():
        pairs = [m for m in model.metric_pairs if m["surface"] == surface]
        if not pairs:
            continue
        blocks = []
        for m in pairs:
            v, r = m["value"], m["risk"]
            table = "\n".join(
                [
                    "| | Metric | Definition |",
                    "|---|---|---|",
                    f"| User value | **{cell(v['name'])}** | {cell(v['definition'])} |",
                    f"| Risk counter-metric | **{cell(r['name'])}** | {cell(r['definition'])} |",
                ]
            )
            # Search finds a pair by its feature; the detail stays out of the index (see `unindexed`).
            detail = join_blocks(
                f"*Customer:* {esc(m['customer'])}",
                table,
                f"**Value target.** {esc(v['target'])}" if v.get("target") else "",
                f"**Threshold.** {esc(r['threshold'])}  \n**When breached.** {esc(r['action'])}",
                sampling(model, here, r.get("sampling")),
                f"**Retiring review.** {esc(m['retire_review'])}" if m.get("retire_review") else "",
                esc(m["note"]) if m.get("note") else "",
                cite(model, here, m.get("sources", [])),
            )
            heading = f"### {esc(m['feature'])} {{#{ident(m['id'])}}}"
            blocks.append(join_blocks(heading, stale(model, m), unindexed(detail)).rstrip("\n"))
        out.append(f"## {label}\n\n" + "\n\n".join(blocks))
    intro = (
        "Every example pairs a user-value metric with a risk counter-metric, a threshold and the action taken "
        "when it is crossed. "
        "A value metric alone tells you the feature is used; only the pair tells you it is safe to keep shipping. "
        "Thresholds are proposals for you to defend, not Anthropic's numbers."
    )
    return join_blocks(intro, stale_page(model, model.metric_pairs), *out, reviewed(model.metric_pairs))


def sampling(model: Model, here: str, s: Item | None) -> str:
    """The evidence behind a threshold: its sample or window and what that sample can show ('' if none)."""
    if not s:
        return ""
    how = link(here, PAGE["statistics"])
    return f"**Sample.** {esc(s['sample'])}  \n**Confidence.** {esc(s['confidence'])} ([how many samples]({how}))"


def _metric_pairs_line(model: Model, here: str, item: Item) -> str:
    """The metric pairs a translation or a launch bar points to, as one line of links ("" if none)."""
    if not item.get("metric_pairs"):
        return ""
    return f"*Metric pairs:* {ref_links(model, here, 'metric_pairs', item['metric_pairs'], PAGE['metric_pairs'])}"


def translations(model: Model) -> str:
    here = PAGE["translations"]
    blocks = []
    for t in model.translations:
        pairs = _metric_pairs_line(model, here, t)
        blocks.append(
            join_blocks(
                f"## {esc(t['title'])} {{#{ident(t['id'])}}}",
                stale(model, t),
                f"**Finding.** {esc(t['finding']['summary'])}  \n{cite(model, here, t['finding']['sources'])}",
                f"**Applies to.** {esc(t['surface'])}" if t.get("surface") else "",
                f"**Requirement.** {esc(t['requirement'])}",
                f"**Eval.** {esc(t['eval']['method'])}  \n**Pass/fail.** {esc(t['eval']['pass'])}",
                sampling(model, here, t["eval"].get("sampling")),
                f"**Escalation.** {esc(t['escalation'])}",
                pairs,
            ).rstrip("\n")
        )
    intro = (
        "Each entry runs the same four steps: a published finding, the product requirement it becomes, "
        "an eval with a pass/fail line, and who is told when it fails. "
        "Describing a relationship with researchers is not an answer; "
        "walking through these four steps is."
    )
    return join_blocks(intro, stale_page(model, model.translations), *blocks, reviewed(model.translations))


def launch_bars(model: Model) -> str:
    here = PAGE["launch_bars"]
    blocks = []
    for b in model.launch_bars:
        pairs = _metric_pairs_line(model, here, b)
        blocks.append(
            join_blocks(
                f"## {esc(b['title'])} {{#{ident(b['id'])}}}",
                stale(model, b),
                f"*Feature:* {esc(b['feature'])}",
                f'!!! danger "The bar"\n\n{indent(esc(b["bar"]))}',
                f"**How you would know.** {esc(b['evidence'])}",
                sampling(model, here, b.get("sampling")),
                f"**Whose trust breaks.** {esc(b['trust_breaks'])}",
                f"**Which customer leaves.** {esc(b['customer_impact'])}",
                f"**The pushback, and your answer.** {esc(b['pushback'])}" if b.get("pushback") else "",
                pairs,
                cite(model, here, b.get("sources", [])),
            ).rstrip("\n")
        )
    intro = (
        "A launch bar is a line you would hold even under pressure to ship. Name it with the evidence that shows it holds, "
        "and argue it from the customer's side: crossing it loses the buyer who pays for reliability. "
        "The customers and incidents below are illustrative scenarios, not reports of real events."
    )
    return join_blocks(intro, stale_page(model, model.launch_bars), *blocks, reviewed(model.launch_bars))


def rsp_tensions(model: Model) -> str:
    here = PAGE["rsp_tensions"]
    blocks = []
    for t in model.rsp_tensions:
        blocks.append(
            join_blocks(
                f"## {esc(t['title'])} {{#{ident(t['id'])}}}",
                stale(model, t),
                f"*RSP version {esc(t['version'])}, {esc(t['part'])}*",
                esc(t["tension"]),
                '=== "The case for the policy"\n\n'
                + indent(bullets(t["case_for"]))
                + '\n\n=== "The case against"\n\n'
                + indent(bullets(t["case_against"])),
                f'!!! tip "Make it your own view"\n\n{indent(esc(t["position"]))}',
                cite(model, here, t["sources"]),
            ).rstrip("\n")
        )
    intro = (
        "The panel expects you to disagree with something specific. Each tension names a version and a part of the "
        "Responsible Scaling Policy, argues both sides, and ends with a way to turn it into a view you can defend."
    )
    return join_blocks(intro, stale_page(model, model.rsp_tensions), *blocks, reviewed(model.rsp_tensions))


def sources(model: Model) -> str:
    blocks = []
    for s in model.sources:
        title = f"[{esc(s['title'])}]({safe_url(s['url'])})" if s.get("url") else esc(s["title"])
        confidence = "checked against the text" if s["confidence"] == "verified" else "known from summaries, so cited as reported"
        note = f" {esc(s['note'])}" if s.get("note") else ""
        kind = s["kind"].replace("-", " ").capitalize()
        facts = f"{esc(s['publisher'])}, {esc(s['date'])}. *{kind}; {confidence}.*{note}"
        # h2 under the page's h1: headings must not skip a level (axe heading-order).
        blocks.append(join_blocks(f"## {title} {{#{ident(s['id'])}}}", stale(model, s), facts).rstrip("\n"))
    return join_blocks(
        "Every claim in this guide about Anthropic, its policies or its papers cites one of these. "
        "Third-party prep material is marked as such: what it says about the interview is reported, not official.",
        stale_page(model, model.sources),
        *blocks,
        reviewed(model.sources),
    )


def briefings(model: Model) -> str:
    here = PAGE["briefings"]
    blocks = []
    for b in model.briefings:
        points = "\n".join(f"- {esc(p['text'])} {cite(model, here, p['sources'])}" for p in b["points"])
        weak = "\n\n".join(f'!!! failure "{attr(e["says"])}"\n\n{indent(esc(e["why"]))}' for e in b["weak"])
        strong = "\n\n".join(
            f'!!! success "{attr(e["says"])}"\n\n{indent(esc(e["why"]))}'
            + (f"\n\n{indent(cite(model, here, e['sources']))}" if e.get("sources") else "")
            for e in b["strong"]
        )
        blocks.append(
            join_blocks(
                f"## {esc(b['title'])} {{#{ident(b['id'])}}}",
                stale(model, b),
                esc(b["summary"]),
                points,
                "### Answers that fail\n\n" + weak,
                "### Answers that pass\n\n" + strong,
            ).rstrip("\n")
        )
    return join_blocks(stale_page(model, model.briefings), reported_note(model, here), *blocks, reviewed(model.briefings))
