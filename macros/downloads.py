"""Files built with the site from the data (never committed by hand), and the Downloads page that lists them.

`site_files` is the one list of what the build writes besides pages: the hooks add each entry to
MkDocs' files, so the Downloads page links them with ordinary Markdown links that the strict build
checks, and the same data always gives the same bytes.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Mapping
from dataclasses import dataclass

from . import export_anki, export_csv, exports, practice
from .model import SCHEMA_DIR, Model
from .render import PAGE, join_blocks, link

DOWNLOADS_PAGE = "downloads.md"
CSV_FILE = "questions.csv"
ANKI_FILE = "anthropic-pm-interview-guide.apkg"
SCHEMA_FOLDER = "schema"


@dataclass(frozen=True)
class SiteFile:
    path: str  # relative to the site root
    content: bytes


def build_timestamp(env: Mapping[str, str] = os.environ) -> int:
    """SOURCE_DATE_EPOCH when set (the Makefile sets it to the last commit's time), so rebuilds are
    byte-identical; otherwise now."""
    value = env.get("SOURCE_DATE_EPOCH", "").strip()
    return int(value) if value else int(time.time())


def site_files(model: Model, timestamp: int) -> list[SiteFile]:
    """Every generated file. `timestamp` (the build's SOURCE_DATE_EPOCH) goes into the Anki package;
    nothing else depends on the time."""
    files = [
        SiteFile("guide.json", exports.guide_json(model)),
        SiteFile(exports.GUIDE_SCHEMA_ID, (json.dumps(exports.guide_schema(), indent=1) + "\n").encode("utf-8")),
        *(SiteFile(f"{SCHEMA_FOLDER}/{f.name}", f.read_bytes()) for f in sorted(SCHEMA_DIR.glob("*.schema.json"))),
        SiteFile(CSV_FILE, export_csv.questions_csv(model)),
        SiteFile(ANKI_FILE, export_anki.anki_package(model, timestamp)),
        SiteFile(practice.DATA_FILE, practice.practice_data_js(model)),
        SiteFile(practice.ANSWERS_FILE, practice.practice_answers_js(model)),
    ]
    return files


# ---------------------------------------------------------------- the page


def downloads(model: Model) -> str:
    here = DOWNLOADS_PAGE
    n = len(model.questions)
    schemas = ", ".join(
        f"[{f.name}]({link(here, f'{SCHEMA_FOLDER}/{f.name}')})" for f in sorted(SCHEMA_DIR.glob("*.schema.json"))
    )
    files = "\n".join(
        [
            "| File | What it holds |",
            "|---|---|",
            f"| [guide.json]({link(here, 'guide.json')}) | Everything in the guide as one JSON document: stages, dimensions, "
            f"{n} questions, metric pairs, research translations, launch bars, RSP tensions, briefings and sources. |",
            f"| [{exports.GUIDE_SCHEMA_ID}]({link(here, exports.GUIDE_SCHEMA_ID)}) | The JSON Schema guide.json follows. "
            f"Each list refers to the schema of its data file, published beside it: {schemas}. |",
            f"| [{CSV_FILE}]({link(here, CSV_FILE)}) | One row per question ({n} rows), for spreadsheets and scripts. "
            "Columns below. |",
            f"| [{ANKI_FILE}]({link(here, ANKI_FILE)}) | An Anki deck: one note per question ({n} notes). |",
        ]
    )
    # The column descriptions are this code's own Markdown (with `code`), not data: no escaping.
    columns = "\n".join(["| Column | Holds |", "|---|---|", *(f"| `{c.name}` | {c.description} |" for c in export_csv.COLUMNS)])
    csv_notes = (
        "UTF-8 without a byte-order mark, comma-separated, with a header row and CRLF line ends. A field containing a comma, "
        "a double quote or a line break is wrapped in double quotes, and a double quote inside it is doubled (RFC 4180), "
        "so Python's `csv` module, R, pandas and spreadsheet imports all read the text back unchanged. "
        "Multi-line cells keep one list entry per line; to open the file in Excel, use *Data > From Text/CSV* and pick UTF-8. "
        "A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return starts with an apostrophe instead, so a "
        "spreadsheet shows it as text rather than running it as a formula (OWASP's advice on CSV injection)."
    )
    anki = "\n".join(
        [
            "Import the file with *File > Import* in Anki (desktop or AnkiDroid).",
            "",
            "- **Front:** the question as asked.",
            "- **Back:** the dimensions it scores, the strong answer's outline and the weak answer's pitfalls "
            "(why a weak answer falls short), the near miss where the question has one (a plausible answer and why it "
            "stops short), what to make your own, then the question id.",
            "- **Tags:** `stage::<round>`, `dimension::<dimension>` and `provenance::reported` or `provenance::practice`, "
            "so you can build a filtered deck for one round.",
            "",
            "Each note is keyed by its question's id, never by its text. Importing a newer version of the deck updates the "
            "notes you already have, keeping your review history, instead of adding copies.",
        ]
    )
    progress = (
        f"Your scores from the [practice drill]({link(here, practice.PRACTICE_PAGE)}) live in your browser. "
        "Its *Export progress* button saves them as a JSON file keyed by question id; "
        "*Import progress* merges such a file back, on any device."
    )
    return join_blocks(
        "These files are built with the site from the same data as every page, so they always match what you read here, "
        f"including the [question bank]({link(here, PAGE['questions'])}).",
        files,
        f"## questions.csv columns\n\n{columns}\n\n{csv_notes}",
        f"## The Anki deck\n\n{anki}",
        f"## Your practice progress\n\n{progress}",
    )
