"""Exports built with the site: questions.csv, the Anki deck, the practice data, and the Downloads page.

Unit tests drive the pure builders over fixture data (including text with commas, quotes, newlines
and HTML-special characters); the rest read the files the real strict build wrote.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
import zipfile
from pathlib import Path
from types import MappingProxyType

import genanki
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from macros import compact_json, downloads, export_anki, export_csv, model, practice
from tests.conftest import FIXTURE

# A prompt is one line (common.schema.json#/$defs/name); a carriage return is refused everywhere.
TRICKY_PROMPT = 'Why "this", then why now, & is a < b?'
TRICKY_LINE = 'Say "no", then offer a date,\nand mean it.'


@pytest.fixture
def tricky(data_copy: Path) -> model.Model:
    """The fixture data with one question whose text has everything CSV and HTML must survive."""
    q = data_copy / "questions" / "main.yml"
    text = q.read_text(encoding="utf-8")
    text = text.replace("prompt: Why this company?", "prompt: " + json.dumps(TRICKY_PROMPT))
    text = text.replace("outline: [Cite the paper.]", "outline: [" + json.dumps(TRICKY_LINE) + ", Cite the paper.]")
    q.write_text(text, encoding="utf-8")
    return model.load_or_raise(data_copy)


@pytest.fixture(scope="module")
def real() -> model.Model:
    return model.load_or_raise(model.DATA_DIR)


def _rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))


def _notes(apkg: bytes) -> list[tuple[str, str, str, int]]:
    """(guid, fields, tags, model id) of every note in the package's collection."""
    with zipfile.ZipFile(io.BytesIO(apkg)) as z:
        assert set(z.namelist()) == {"collection.anki2", "media"}
        db = z.read("collection.anki2")
    conn = sqlite3.connect(":memory:")
    conn.deserialize(db)
    try:
        return conn.execute("SELECT guid, flds, tags, mid FROM notes ORDER BY id").fetchall()
    finally:
        conn.close()


# ---------------------------------------------------------------- CSV


@pytest.mark.parametrize(
    ("cell", "out"),
    [
        ('=HYPERLINK("https://evil.test","x")', '\'=HYPERLINK("https://evil.test","x")'),
        ("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("  =1", "'  =1"),
        ('"=1', "'\"=1"),
        ("\uff1d1+1", "'\uff1d1+1"),
        ("Plain text = fine", "Plain text = fine"),
        ("", ""),
    ],
)
def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(cell: str, out: str) -> None:
    assert export_csv.neutralise(cell) == out


def test_csv_formula_in_data_reaches_the_file_as_text(data_copy: Path) -> None:
    q = data_copy / "questions" / "main.yml"
    q.write_text(q.read_text(encoding="utf-8").replace("prompt: Why this company?", "prompt: '=1+1 @x'"), encoding="utf-8")
    rows = _rows(export_csv.questions_csv(model.load_or_raise(data_copy)))
    assert next(r for r in rows if r["id"] == "q-why")["prompt"] == "'=1+1 @x"


def test_csv_round_trips_commas_quotes_and_newlines(tricky: model.Model) -> None:
    rows = _rows(export_csv.questions_csv(tricky))
    assert [r["id"] for r in rows] == [q["id"] for q in tricky.questions]
    row = next(r for r in rows if r["id"] == "q-why")
    assert row["prompt"] == TRICKY_PROMPT
    assert row["strong_outline"] == TRICKY_LINE + export_csv.LINES + "Cite the paper."
    assert row["provenance"] == "practice" and row["source"] == "" and row["source_title"] == ""


def test_csv_columns_and_values(tricky: model.Model) -> None:
    data = export_csv.questions_csv(tricky)
    assert data.decode("utf-8").splitlines()[0] == ",".join(c.name for c in export_csv.COLUMNS)
    row = next(r for r in _rows(data) if r["id"] == "q-metrics")
    q = tricky.get("questions", "q-metrics")
    assert row["stages"].split(export_csv.IDS) == list(q["stages"])
    assert row["dimensions"].split(export_csv.IDS) == list(q["dimensions"])
    assert row["source"] == "prep" and row["source_title"] == tricky.get("sources", "prep")["title"]
    assert row["probes"].split(export_csv.LINES) == list(q["probes"])


CSV_CELLS = ["", "a,b", 'say "hi"', '"', "two\nlines", "cr\rhere", "\r\n", "=1+1", '  "=1', "plain", "é – 😀", "a\x00b"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(CSV_CELLS) | st.text(), min_size=2, max_size=4))
def test_csv_cells_are_written_as_the_csv_module_writes_them(cells: list[str]) -> None:
    # At least two cells, as in every row of the file: the csv module writes a lone empty cell as "".
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL).writerow([export_csv.neutralise(c) for c in cells])
    assert ",".join(map(export_csv._cell, cells)) + "\r\n" == out.getvalue()


def test_every_csv_column_is_documented_on_the_downloads_page(real: model.Model) -> None:
    page = downloads.downloads(real)
    for c in export_csv.COLUMNS:
        assert f"| `{c.name}` |" in page


# ---------------------------------------------------------------- Anki


def test_anki_package_is_deterministic_and_keyed_by_question_id(tricky: model.Model, data_copy: Path) -> None:
    first = export_anki.anki_package(tricky, 1_700_000_000)
    assert export_anki.anki_package(tricky, 1_700_000_000) == first
    notes = _notes(first)
    assert [n[0] for n in notes] == [export_anki.note_guid(q["id"]) for q in tricky.questions]
    assert len({n[0] for n in notes}) == len(tricky.questions)
    assert {n[3] for n in notes} == {export_anki.MODEL_ID}
    # A later build (newer time) with edited text keeps every GUID: Anki updates the notes in place.
    q = data_copy / "questions" / "main.yml"
    q.write_text(
        q.read_text(encoding="utf-8").replace("How would you measure it?", "How would you measure success?"), encoding="utf-8"
    )
    edited = model.load_or_raise(data_copy)
    later = _notes(export_anki.anki_package(edited, 1_800_000_000))
    assert [n[0] for n in later] == [n[0] for n in notes]
    assert "How would you measure success?" in later[0][1]


def test_anki_back_shows_the_near_miss_and_what_to_make_yours() -> None:
    from types import MappingProxyType

    q = {
        "id": "q-x",
        "prompt": "P",
        "dimensions": [],
        "strong": {"outline": ["s"], "why": ["w"]},
        "weak": {"outline": ["o"], "why": ["short <of> it"]},
        "near_miss": {"outline": ["close & plausible"], "why": ["no threshold"]},
        "make_it_yours": "Use your own <story>",
    }
    fields = dict(zip(export_anki.FIELDS, export_anki.note_fields(None, MappingProxyType(q)), strict=True))  # type: ignore[arg-type]
    assert fields["NearMiss"] == "<ol><li>close &amp; plausible</li></ol><ul><li>no threshold</li></ul>"
    assert fields["MakeItYours"] == "Use your own &lt;story&gt;"
    assert "{{#NearMiss}}" in export_anki.BACK and "{{#MakeItYours}}" in export_anki.BACK


def test_anki_deck_and_model_ids_are_fixed(tricky: model.Model) -> None:
    with zipfile.ZipFile(io.BytesIO(export_anki.anki_package(tricky, 0))) as z:
        conn = sqlite3.connect(":memory:")
        conn.deserialize(z.read("collection.anki2"))
    decks, models = (json.loads(v) for v in conn.execute("SELECT decks, models FROM col").fetchone())
    assert str(export_anki.DECK_ID) in decks and decks[str(export_anki.DECK_ID)]["name"] == export_anki.DECK_NAME
    assert str(export_anki.MODEL_ID) in models
    assert [f["name"] for f in models[str(export_anki.MODEL_ID)]["flds"]] == list(export_anki.FIELDS)


def test_anki_fields_cannot_start_ankis_own_tags(data_copy: Path) -> None:
    q = data_copy / "questions" / "main.yml"
    hostile = "'[latex]\\\\input{/etc/passwd}[/latex] [sound:x.mp3] [$]x[/$]'"
    q.write_text(q.read_text(encoding="utf-8").replace("prompt: Why this company?", "prompt: " + hostile), encoding="utf-8")
    m = model.load_or_raise(data_copy)
    prompt = export_anki.note_fields(m, m.get("questions", "q-why"))[0]
    assert "[" not in prompt
    assert prompt == "&#91;latex]\\\\input{/etc/passwd}&#91;/latex] &#91;sound:x.mp3] &#91;$]x&#91;/$]"


def test_anki_fields_hold_no_markup_but_their_own_lists(tricky: model.Model) -> None:
    # export_anki._Note skips genanki's invalid-HTML check on the strength of this: every data string is
    # escaped, so the only tags in a field are the lists note_fields writes. A raw '<' or '>' fails here.
    hostile = {
        "id": "q-x",
        "prompt": "<b>bold</b> & a < b",
        "dimensions": [],
        "strong": {"outline": ["<script>x()</script>", ""], "why": []},
        "weak": {"outline": [], "why": ["<!-- c -->", "a > b"]},
        "near_miss": {"outline": ["<ol>"], "why": ["</li>"]},
        "make_it_yours": "<p",
    }
    notes = [export_anki.note_fields(tricky, q) for q in tricky.questions]
    notes.append(export_anki.note_fields(None, MappingProxyType(hostile)))  # type: ignore[arg-type]
    for field in (f for fields in notes for f in fields):
        assert not re.search("[<>]", re.sub("</?(?:ol|ul|li)>", "", field)), field
        assert not genanki.Note._INVALID_HTML_TAG_RE.search(field), field


def test_anki_fields_escape_data_text(tricky: model.Model) -> None:
    fields = export_anki.note_fields(tricky, tricky.get("questions", "q-why"))
    prompt, dims, strong, weak, qid, near_miss, _yours = fields
    assert near_miss == "", "q-why has no near miss"
    assert prompt == "Why &quot;this&quot;, then why now, &amp; is a &lt; b?"
    assert strong.startswith("<ol><li>Say &quot;no&quot;, then offer a date,") and strong.endswith("</li></ol>")
    assert weak == "<ul><li>Generic</li></ul>"
    assert dims == tricky.get("dimensions", "sense")["name"] and qid == "q-why"
    assert export_anki.note_tags(tricky.get("questions", "q-why")) == [
        "stage::screen",
        "dimension::sense",
        "provenance::practice",
    ]


# ---------------------------------------------------------------- practice data and page shell


def test_practice_data_holds_what_the_drill_shows(real: model.Model) -> None:
    data = practice.practice_data(real)
    assert [q["id"] for q in data["questions"]] == [q["id"] for q in real.questions]
    q0, src = data["questions"][0], real.questions[0]
    assert q0["prompt"] == src["prompt"] and "strong" not in q0, "the answers are in their own file"
    answers = dict(practice.practice_answers(real))
    assert list(answers) == [q["id"] for q in real.questions]
    a0 = answers[src["id"]]
    assert a0["strong"]["outline"] == list(src["strong"]["outline"]) and a0["weak"]["why"] == list(src["weak"]["why"])
    assert a0["probes"] == list(src["probes"]) and a0["make_it_yours"] == src["make_it_yours"]
    with_near = next(q for q in real.questions if q.get("near_miss"))
    assert answers[with_near["id"]]["near_miss"]["outline"] == list(with_near["near_miss"]["outline"])
    assert {s["id"]: s["answer_minutes"] for s in data["stages"]} == {s["id"]: s["answer_minutes"] for s in real.stages}
    assert all(set(d["anchors"]) == {"score_1", "score_3", "score_5"} for d in data["dimensions"])
    reported = next(q for q in data["questions"] if q["provenance"] == "reported")
    assert reported["source_title"] == real.get("sources", real.get("questions", reported["id"])["source"])["title"]


def test_practice_rules_come_from_the_schemas(real: model.Model) -> None:
    common = json.loads((model.SCHEMA_DIR / "common.schema.json").read_text(encoding="utf-8"))
    assert practice.id_pattern(real) == common["$defs"]["id"]["pattern"]
    assert practice.score_values(real) == [1, 3, 5]
    # Every provenance value the schema allows has a label for the filter.
    assert set(practice.provenance_values(real)) == set(practice.PROVENANCE_LABEL)


def test_practice_data_js_is_a_script_setting_one_global(real: model.Model) -> None:
    js = practice.practice_data_js(real).decode("utf-8")
    prefix = f"window.{practice.DATA_GLOBAL} = "
    assert js.startswith(prefix) and js.endswith(";\n")
    assert json.loads(js[len(prefix) : -2]) == practice.practice_data(real)
    js = practice.practice_answers_js(real).decode("utf-8")
    prefix = f"window.{practice.ANSWERS_GLOBAL} = "
    assert js.startswith(prefix) and js.endswith(";\n")
    assert json.loads(js[len(prefix) : -2]) == practice.practice_answers(real)


def test_data_version_follows_the_data(tricky: model.Model) -> None:
    fixture = model.load_or_raise(FIXTURE)
    assert re.fullmatch(r"[0-9a-f]{12}", practice.data_version(fixture))
    assert practice.data_version(fixture) != practice.data_version(tricky)


def test_practice_shell_has_filters_from_the_data_and_the_test_hooks(tricky: model.Model) -> None:
    page = practice.practice(tricky)
    for s in tricky.stages:
        assert f'<option value="{s["id"]}">{s["name"]}</option>' in page
    for d in tricky.dimensions:
        assert f'<option value="{d["id"]}">{d["name"]}</option>' in page
    for value, label in practice.PROVENANCE_LABEL.items():
        assert f'<option value="{value}">{label}</option>' in page
    for action in ("draw", "reveal", "start-timer", "export", "import"):
        assert page.count(f'data-action="{action}"') == 1, action
    assert page.count('data-role="prompt"') == 1
    # The shell carries no question text: the script fills it in with textContent.
    assert TRICKY_PROMPT.splitlines()[0] not in page
    assert f'data-src="{practice.DATA_FILE}?v={practice.data_version(tricky)}"' in page


# What a data file can hold, once the strict reader has read it: text (no lone surrogates, which YAML
# cannot carry into UTF-8), 64-bit integers, finite numbers, booleans, null, lists and string-keyed mappings.
JSON_TEXT = st.sampled_from(["a–b", "\x7f", '\x1f\n"', "\\u2013", "\\\u2013", "\\\\u00e9", "😀", "\ufeff", "\u2028"]) | st.text(
    alphabet=st.characters(exclude_categories=("Cs",))
)
JSON_SCALARS = st.none() | st.booleans() | st.integers(min_value=-(2**63), max_value=2**63 - 1) | JSON_TEXT


def _values(scalars: st.SearchStrategy[object]) -> st.SearchStrategy[object]:
    return st.recursive(
        scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(JSON_TEXT, inner, max_size=4), max_leaves=12
    )


@settings(max_examples=300, deadline=None)
@given(_values(JSON_SCALARS))
def test_compact_json_is_json_dumps_in_utf8(value: object) -> None:
    expected = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
    assert compact_json.dumps(value) == expected


@settings(max_examples=200, deadline=None)
@given(_values(JSON_SCALARS | st.floats(allow_nan=False, allow_infinity=False)))
def test_compact_json_reads_back_as_the_same_data(value: object) -> None:
    """Numbers may be spelt differently from json.dumps (1e16, not 1e+16), never valued differently."""
    assert json.loads(compact_json.dumps(value)) == value


def test_compact_json_writes_what_orjson_refuses_as_json_would() -> None:
    assert compact_json.dumps({"n": 2**70}) == b'{"n":1180591620717411303424}'


def test_compact_json_takes_the_models_read_only_mappings() -> None:
    assert compact_json.dumps([MappingProxyType({"b": 1, "a": MappingProxyType({"c": None})})]) == b'[{"a":{"c":null},"b":1}]'


def test_build_timestamp_reads_source_date_epoch() -> None:
    assert downloads.build_timestamp({"SOURCE_DATE_EPOCH": "1700000000"}) == 1_700_000_000
    assert downloads.build_timestamp({}) > 1_700_000_000


# ---------------------------------------------------------------- the built site


def test_built_csv_has_one_row_per_question(built_site: Path, real: model.Model) -> None:
    raw = (built_site / downloads.CSV_FILE).read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")  # no BOM: the header's first name reads as 'id'
    rows = _rows(raw)
    assert len(rows) == len(real.questions)
    assert {r["id"] for r in rows} == {q["id"] for q in real.questions}
    by_id = {r["id"]: r for r in rows}
    assert all(by_id[q["id"]]["prompt"] == q["prompt"] for q in real.questions)


def test_built_anki_deck_has_one_note_per_question(built_site: Path, real: model.Model) -> None:
    apkg = (built_site / downloads.ANKI_FILE).read_bytes()
    notes = _notes(apkg)
    assert len(notes) == len(real.questions)
    assert sorted(n[0] for n in notes) == sorted(export_anki.note_guid(q["id"]) for q in real.questions)
    # The build used SOURCE_DATE_EPOCH: rebuilding the package from the same data and time gives the same bytes.
    epoch = downloads.build_timestamp()
    assert apkg == export_anki.anki_package(real, epoch)


def test_built_site_publishes_every_export_and_the_downloads_page_links_them(built_site: Path, real: model.Model) -> None:
    files = downloads.site_files(real, downloads.build_timestamp())
    for f in files:
        assert (built_site / f.path).read_bytes() == f.content, f.path
    html = (built_site / "downloads" / "index.html").read_text(encoding="utf-8")
    for name in ("guide.json", "guide.schema.json", downloads.CSV_FILE, downloads.ANKI_FILE, "schema/questions.schema.json"):
        assert f'href="../{name}"' in html, name
    assert "practice-data.js" not in html


def test_practice_page_is_built_with_its_shell(built_site: Path, real: model.Model) -> None:
    html = (built_site / "practice" / "index.html").read_text(encoding="utf-8")
    assert 'data-role="prompt"' in html and 'data-action="draw"' in html
    assert f"assets/practice-data.js?v={practice.data_version(real)}" in html
    # In the content, where instant navigation runs it; tests/test_site_crawl.py checks no other page loads it.
    content = html[html.index('data-md-component="container"') :]
    assert '<script src="../assets/practice.js" defer></script>' in content


def test_the_drills_script_tag_is_relative_to_its_page() -> None:
    assert practice.script_tag("practice/") == '<script src="../assets/practice.js" defer></script>'
    assert practice.script_tag("practice.html") == '<script src="assets/practice.js" defer></script>'  # offline copy


def test_the_drills_controls_stay_out_of_search(built_site: Path) -> None:
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    entries = [d for d in index["docs"] if d["location"].startswith("practice/")]
    assert [d["title"] for d in entries] == ["Practice drill"]
    assert "Draw a question, answer it" in entries[0]["text"]
    assert "Reveal the rubric" not in entries[0]["text"] and "Export progress" not in entries[0]["text"]
