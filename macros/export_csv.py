"""questions.csv: one row per question, for spreadsheets and scripts.

The column list below is the one definition of the file's shape: the writer walks it, and the
Downloads page documents it (see `downloads`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from .model import Model

Item = Mapping[str, Any]

# Separators inside one cell. Text lists keep one entry per line (newlines survive CSV quoting);
# id lists use ';', which no id can contain.
LINES = "\n"
IDS = ";"


@dataclass(frozen=True)
class Column:
    name: str
    description: str
    value: Callable[[Model, Item], str]


def _get(key: str) -> Callable[[Model, Item], str]:
    return lambda _m, q: str(q.get(key, ""))


def _ids(key: str) -> Callable[[Model, Item], str]:
    return lambda _m, q: IDS.join(q[key])


def _lines(*path: str) -> Callable[[Model, Item], str]:
    """The text list at `path`, one entry per line; empty where an optional part (a near miss) is absent."""

    def value(_m: Model, q: Item) -> str:
        node: Any = q
        for step in path:
            # Each step but the last is an object or absent (the schema), so no isinstance(node, Mapping):
            # that ABC check took half of these columns' time.
            node = node.get(step, ()) if node else ()
        return LINES.join(node)

    return value


def _source_title(model: Model, q: Item) -> str:
    return str(model.get("sources", q["source"])["title"]) if q.get("source") else ""


COLUMNS: tuple[Column, ...] = (
    Column("id", "Stable question id. It never changes, so use it to join exports or track your own notes.", _get("id")),
    Column("prompt", "The question as the interviewer would ask it.", _get("prompt")),
    Column(
        "provenance", "`reported` (someone reports being asked it) or `practice` (written for this guide).", _get("provenance")
    ),
    Column(
        "source", "For a reported question: the id of the source that reports it (see Sources); empty otherwise.", _get("source")
    ),
    Column("source_title", "The title of that source; empty for practice questions.", _source_title),
    Column(
        "reported_on",
        "For a reported question: when it was reported as asked (YYYY, YYYY-MM or YYYY-MM-DD).",
        _get("reported_on"),
    ),
    Column(
        "stages", "Ids of the rounds it comes up in, separated by `;`, the round where it comes up first leading.", _ids("stages")
    ),
    Column("dimensions", "Ids of the dimensions it scores, separated by `;`.", _ids("dimensions")),
    Column("tests", "What the question is really testing.", _get("tests")),
    Column("strong_outline", "The strong answer's outline, one move per line.", _lines("strong", "outline")),
    Column("strong_why", "Why the strong answer works, one point per line.", _lines("strong", "why")),
    Column("weak_outline", "The weak answer's outline, one move per line.", _lines("weak", "outline")),
    Column("weak_why", "Why the weak answer falls short (its pitfalls), one point per line.", _lines("weak", "why")),
    Column(
        "near_miss_outline",
        "The near miss (a plausible answer that still stops short of the bar), one move per line; empty if none.",
        _lines("near_miss", "outline"),
    ),
    Column("near_miss_why", "Why the near miss stops short, one point per line; empty if none.", _lines("near_miss", "why")),
    Column(
        "make_it_yours", "What to replace with your own experience or view before using the strong answer.", _get("make_it_yours")
    ),
    Column("probes", "Follow-up probes an interviewer would push with, one per line.", _lines("probes")),
    Column("last_reviewed", "When the question was last reviewed (YYYY-MM-DD).", _get("last_reviewed")),
)


# Spreadsheet formula injection (OWASP, "CSV Injection"): a cell that starts with one of these is run
# as a formula by Excel, LibreOffice and Google Sheets. Such a cell gets a leading apostrophe, which
# spreadsheets read as "this is text" and hide. Also checked after leading spaces and quotes, which some
# spreadsheets skip, and for the full-width forms some of them fold into the ASCII ones.
FORMULA_START = frozenset("=+-@\t\r\uff1d\uff0b\uff0d\uff20")
SKIPPED = " \"'"  # what some spreadsheets skip before looking for a formula


def neutralise(value: str) -> str:
    """The cell's text, with a leading apostrophe when a spreadsheet would read it as a formula."""
    first = value[:1]
    # lstrip copies the text: only worth it where it can change the first character.
    if first in FORMULA_START or (first in SKIPPED and value.lstrip(SKIPPED)[:1] in FORMULA_START):
        return "'" + value
    return value


def _cell(value: str) -> str:
    """A cell, neutralised, as csv.writer(quoting=csv.QUOTE_MINIMAL) writes it: in double quotes, its own
    doubled, when it holds a comma, a double quote or a line break (RFC 4180). With str methods, several
    times faster than the csv module's writer, which copies the text character by character; a test
    checks that the two agree."""
    value = neutralise(value)
    if "," in value or '"' in value or "\n" in value or "\r" in value:
        return '"' + value.replace('"', '""') + '"'
    return value


def questions_csv(model: Model) -> bytes:
    """The CSV file: a header row, then one row per question in data order, in UTF-8. RFC 4180 quoting
    (CRLF row ends, fields with commas, quotes or newlines quoted), so any CSV reader gets the text back;
    a cell a spreadsheet would run as a formula starts with an apostrophe (`neutralise`). Each row is
    encoded on its own: most are ASCII, and one long str with a non-ASCII character anywhere would take
    2 bytes per character."""
    values = [c.value for c in COLUMNS]
    rows = [",".join(map(_cell, [c.name for c in COLUMNS])).encode("utf-8")]
    rows += [",".join(map(_cell, [value(model, q) for value in values])).encode("utf-8") for q in model.questions]
    rows.append(b"")
    return b"\r\n".join(rows)
