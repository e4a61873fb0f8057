"""The Anki deck (.apkg): one note per question, built with genanki.

Anki recognises a note it already has by its GUID, so each GUID comes from the question id alone:
re-importing a newer deck updates the notes (text edits included) instead of adding duplicates.
The deck and note-type ids are fixed for the same reason; never change them.
"""

from __future__ import annotations

import datetime as _dt
import html
import io
import itertools
import sqlite3
import zipfile
from collections.abc import Iterable, Mapping
from typing import Any

import genanki

from .model import Model

Item = Mapping[str, Any]

DECK_ID = 1_736_402_117  # chosen once at random; Anki keys the deck by it
MODEL_ID = 1_736_402_251  # the note type; a new id would make Anki treat every note as new
DECK_NAME = "Anthropic PM interview guide"
MODEL_NAME = "Anthropic PM guide question"
GUID_NAMESPACE = "anthropic-pm-guide/question"

# New fields go at the end: Anki matches a re-imported note type's fields by position.
FIELDS = ("Prompt", "Dimensions", "StrongOutline", "WeakPitfalls", "QuestionId", "NearMiss", "MakeItYours")

FRONT = '<div class="prompt">{{Prompt}}</div>'
BACK = (
    "{{FrontSide}}<hr id=answer>"
    '<p class="dims"><b>Scores:</b> {{Dimensions}}</p>'
    "<h3>Strong answer outline</h3>{{StrongOutline}}"
    "<h3>Weak answer pitfalls</h3>{{WeakPitfalls}}"
    "{{#NearMiss}}<h3>Near miss: a plausible answer that stops short</h3>{{NearMiss}}{{/NearMiss}}"
    "{{#MakeItYours}}<h3>Make it yours</h3><p>{{MakeItYours}}</p>{{/MakeItYours}}"
    '<p class="qid">{{QuestionId}}</p>'
)
CSS = """.card { font-family: system-ui, sans-serif; font-size: 18px; text-align: left; line-height: 1.45;
  color: #1f1f1f; background: #fff; max-width: 44em; margin: 0 auto; }
.nightMode.card, .night_mode .card { color: #e6e6e6; background: #1e1e1e; }
.prompt { font-size: 1.15em; font-weight: 600; }
h3 { font-size: 1em; margin: 1.2em 0 0.3em; }
li { margin: 0.2em 0; }
.qid { font-size: 0.75em; opacity: 0.6; }
"""

# Zip dates cannot go below 1980 (SOURCE_DATE_EPOCH may be 0).
_ZIP_EPOCH = _dt.datetime(1980, 1, 1, tzinfo=_dt.UTC)


def note_guid(question_id: str) -> str:
    return genanki.guid_for(GUID_NAMESPACE, question_id)


def _text(value: Any) -> str:
    """Data text for an Anki field, which Anki reads as HTML and scans for its own [sound:…], [latex]…
    and [$]…[/$] tags (LaTeX is run on the reader's machine): escaped, with '[' as a character
    reference so none of those tags can start."""
    return html.escape(str(value)).replace("[", "&#91;")


def _list(tag: str, lines: Iterable[Any]) -> str:
    items = [_text(line) for line in lines]
    return f"<{tag}><li>" + "</li><li>".join(items) + f"</li></{tag}>" if items else f"<{tag}></{tag}>"


def note_fields(model: Model, q: Item) -> list[str]:
    """The note's fields, as HTML with every data string escaped (`_text`): the only tags in them are
    the <ol>, <ul> and <li> that `_list` writes, so each is valid HTML by construction."""
    dims = ", ".join(_text(model.get("dimensions", d)["name"]) for d in q["dimensions"])
    return [
        _text(q["prompt"]),
        dims,
        _list("ol", q["strong"]["outline"]),
        _list("ul", q["weak"]["why"]),
        _text(q["id"]),
        _list("ol", q["near_miss"]["outline"]) + _list("ul", q["near_miss"]["why"]) if q.get("near_miss") else "",
        _text(q.get("make_it_yours", "")),
    ]


def note_tags(q: Item) -> list[str]:
    # Hierarchical tags (Anki shows 'stage::x' under 'stage'); ids have no spaces, which tags forbid.
    return (
        [f"stage::{s}" for s in q["stages"]] + [f"dimension::{d}" for d in q["dimensions"]] + [f"provenance::{q['provenance']}"]
    )


class _Note(genanki.Note):  # type: ignore[misc]
    """A genanki note without genanki's check for invalid HTML tags (a regular expression over every
    field, about a tenth of building the collection). The check cannot fire: `note_fields` builds each
    field from html.escape'd text and its own <ol>, <ul> and <li>, so a field holds no other '<'.
    tests/test_exports.py fails on a field with a raw '<' or '>', and runs genanki's expression too."""

    def _check_invalid_html_tags_in_fields(self) -> None:
        pass


def deck(model: Model) -> genanki.Deck:
    note_type = genanki.Model(
        MODEL_ID,
        MODEL_NAME,
        fields=[{"name": f} for f in FIELDS],
        templates=[{"name": "Question", "qfmt": FRONT, "afmt": BACK}],
        css=CSS,
    )
    d = genanki.Deck(DECK_ID, DECK_NAME, description="Interview questions with strong answer outlines and weak-answer pitfalls.")
    for q in model.questions:
        d.add_note(_Note(model=note_type, fields=note_fields(model, q), tags=note_tags(q), guid=note_guid(q["id"])))
    return d


def anki_package(model: Model, timestamp: int) -> bytes:
    """The .apkg bytes. `timestamp` (seconds; the build's SOURCE_DATE_EPOCH) becomes every note's and
    card's modification time and seeds their row ids, so the same data and timestamp give byte-identical
    packages. Anki updates a note on re-import when the incoming one is newer, so later builds should
    pass later times (the last commit's time does)."""
    # What genanki's Package.write_to_file does, but in memory: its own version stamps the zip with the
    # wall clock and leaves a temp file behind in /tmp on every call.
    conn = sqlite3.connect(":memory:")
    genanki.Package(deck(model)).write_to_db(conn.cursor(), timestamp, itertools.count(timestamp * 1000))
    conn.commit()
    entries = {"collection.anki2": conn.serialize(), "media": b"{}"}
    conn.close()
    return _zip(entries, timestamp)


def _zip(entries: Mapping[str, bytes], timestamp: int) -> bytes:
    """A zip with the build time on every entry, in a fixed order, so two builds give the same bytes."""
    when = max(_dt.datetime.fromtimestamp(timestamp, _dt.UTC), _ZIP_EPOCH)
    stamp = (when.year, when.month, when.day, when.hour, when.minute, when.second)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for name in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            # Level 1, not zlib's default 6: a third of the time (0.35 s less per build at 5,000 questions)
            # for a file a fifth larger (735 KB against 616 KB at 500), a download readers fetch once.
            dst.writestr(info, entries[name], compresslevel=1)
    return out.getvalue()
