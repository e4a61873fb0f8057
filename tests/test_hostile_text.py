"""Property tests: hostile text in every data field stays text on every page and in every export.

Two levels. The render level puts unrestricted generated strings (raw tags included: the validator is
bypassed on purpose) into every text field of the fixture at once, renders every page's Markdown and
converts it with the site's own Markdown extensions; the pages must have exactly the elements,
attributes and link targets the same pages have with harmless text, and show the string. The build
level (a few full `mkdocs build --strict` runs, each with a different generated string in every field)
checks the built site: templates, nav, <title>, header, footer and search index included.
"""

from __future__ import annotations

import copy
import csv
import difflib
import html
import io
import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from types import MappingProxyType
from typing import Any
from urllib.parse import urlsplit

import markdown
import pytest
import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from macros import export_anki, export_csv, exports, model, pages, registry, render
from tests.conftest import FIXTURE, ROOT
from tests.hostile import NAME_KEYS, Page, defuse, hostile_text, is_text, leaves, shown


def _extensions() -> tuple[list[Any], dict[str, Any]]:
    """The Markdown extensions of mkdocs.yml, snippets included (a snippet that got through would pull a
    file into the page, which the comparison would see)."""
    from mkdocs.utils.yaml import yaml_load

    with (ROOT / "mkdocs.yml").open(encoding="utf-8") as fh:
        config = yaml_load(fh)
    names, configs = [], {}
    for entry in config["markdown_extensions"]:
        if isinstance(entry, dict):
            ((name, options),) = entry.items()
            options = dict(options or {})
            if name == "pymdownx.snippets":
                options = {"base_path": [str(ROOT)], "auto_append": [], "check_paths": False}
            configs[name] = options
            names.append(name)
        else:
            names.append(entry)
    return names, configs


EXTENSIONS, EXTENSION_CONFIGS = _extensions()
BASE = model.load_or_raise(FIXTURE)


def _with_text(text_for: Callable[[tuple[Any, ...]], str]) -> tuple[model.Model, dict[tuple[Any, ...], str]]:
    """The fixture model with every text field replaced by text_for(path); also path -> text."""
    items: dict[str, tuple[Any, ...]] = {}
    placed: dict[tuple[Any, ...], str] = {}
    for kind, entries in BASE.items.items():
        new = []
        for i, item in enumerate(entries):
            plain = copy.deepcopy(_thaw(item))
            for path, value in list(leaves(plain, (kind, i))):
                if is_text(path, value):
                    text = text_for(path)
                    _set(plain, path[2:], text)
                    placed[path] = text
            new.append(MappingProxyType(plain))
        items[kind] = tuple(new)
    by_id = {k: MappingProxyType({it["id"]: it for it in v}) for k, v in items.items()}
    return model.Model(BASE.data_dir, MappingProxyType(items), MappingProxyType(by_id), BASE.files), placed


def _thaw(value: Any) -> Any:
    if isinstance(value, MappingProxyType | dict):
        return {k: _thaw(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_thaw(v) for v in value]
    return value


def _set(obj: Any, path: tuple[Any, ...], value: str) -> None:
    for step in path[:-1]:
        obj = obj[step]
    obj[path[-1]] = value


def _pages(m: model.Model) -> dict[str, str]:
    """Every page's Markdown made from data: the generated pages and the list pages."""
    macros = registry()
    out = {path: markdown for path, _title, markdown in pages.generated_pages(m)}
    out.update(pages.question_pages(m))
    for name in ("loop_overview", "question_bank", "matrix", "metric_pairs", "translations", "launch_bars"):
        out[name] = macros[name](m)
    for name in ("rsp_tensions", "sources", "briefings", "checklist_index", "practice", "loop_diagram", "matrix_heatmap"):
        out[name] = macros[name](m)
    return out


def _html(source: str) -> str:
    return markdown.markdown(source, extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS)


def _harmless(path: tuple[Any, ...]) -> str:
    return "harmless words"


BENIGN = {name: Page(_html(md)) for name, md in _pages(_with_text(_harmless)[0]).items()}
# Text whose layout depends on its length (the diagrams wrap lines into <tspan>s): same shapes, any count.
WRAPPED = {"loop_diagram", "matrix_heatmap"}


def _check_pages(m: model.Model, placed: dict[tuple[Any, ...], str]) -> None:
    seen_text = []
    for name, source in _pages(m).items():
        page = Page(_html(source))
        benign = BENIGN[name]
        assert page.handlers() == [], f"{name}: event handler or style attribute {page.handlers()}"
        if name in WRAPPED:
            assert page.shapes() <= benign.shapes(), f"{name}: new elements {page.shapes() - benign.shapes()}"
        else:
            diff = [(a, b) for a, b in zip(page.elements, benign.elements, strict=False) if a != b][:3]
            assert page.elements == benign.elements, f"{name}: elements differ from the harmless page: {diff}"
        assert page.targets() == benign.targets(), f"{name}: link targets {page.targets() ^ benign.targets()}"
        seen_text.append(page.text)
    everything = "\n".join(seen_text)
    for path, text in placed.items():
        if path[-1] in ("surface",) or _unshown(path):
            continue
        assert shown(text) in everything, f"{path}: {text!r} is not shown as written"


def _unshown(path: tuple[Any, ...]) -> bool:
    # Fields no page made from data shows (they are in the exports): a stage's room and length are shown,
    # the exemplar's make-it-yours and worked example only where issue 16's pages render them.
    return any(k in ("make_it_yours", "worked_example", "near_miss", "retire_review", "sampling", "target") for k in path)


# Below the schemas' maxLength of each field (a suffix of a few characters follows).
LIMITS = {"short": 16, "name": 30, "length": 50, "room": 80, "checklist": 150, "summary": 280}


def _per_field(strings: list[str], *, valid: bool = False) -> Callable[[tuple[Any, ...]], str]:
    """Each field the next string in turn, ending in a word of its own: no two fields are equal (the
    checks refuse a risk metric named like its value metric). With `valid`, what the schemas refuse is
    defused so the data goes through a real build."""
    count = iter(range(10**6))

    def text_for(path: tuple[Any, ...]) -> str:
        n = next(count)
        text = strings[n % len(strings)]
        one_line = any(k in NAME_KEYS for k in path if isinstance(k, str))
        if valid:
            keys = [k for k in path if isinstance(k, str)]
            limit = min(LIMITS.get(k, 280) for k in keys)
            text = defuse(text, one_line=one_line)[:limit]
        elif one_line:
            text = " ".join(text.split())
        return f"{text} w{n}".strip()

    return text_for


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(hostile_text(refused_removed=False), min_size=4, max_size=8))
def test_unchecked_hostile_text_is_inert_on_every_page(strings: list[str]) -> None:
    # Defence in depth: these strings are not validated (raw tags, control characters and all).
    m, placed = _with_text(_per_field(strings))
    _check_pages(m, {p: t for p, t in placed.items() if t == render._CONTROL.sub("", t)})


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(hostile_text(refused_removed=True), min_size=4, max_size=8))
def test_hostile_text_survives_every_export(strings: list[str]) -> None:
    m, placed = _with_text(_per_field(strings))
    # guide.json: the text exactly; JSON cannot be markup.
    guide = json.loads(exports.guide_json(m))
    flat = {str(v) for _, v in leaves(guide)}
    assert all(t in flat for t in placed.values())
    # CSV: every cell reads back as the text, with an apostrophe only where a spreadsheet would run it.
    rows = list(csv.DictReader(io.StringIO(export_csv.questions_csv(m).decode("utf-8"), newline="")))
    for row, q in zip(rows, m.questions, strict=True):
        assert row["prompt"] == export_csv.neutralise(q["prompt"])
        for value in row.values():
            assert value[:1] not in export_csv.FORMULA_START
    # Anki: fields are HTML, so the text is escaped and no element but the deck's own lists appears.
    for q in m.questions:
        for field in export_anki.note_fields(m, q):
            assert {t for t, _ in Page(field).elements} <= {"ol", "ul", "li"}
            assert Page(field).handlers() == []


# ---------------------------------------------------------------- full builds


def _site_pages(site: Path) -> dict[str, Page]:
    return {p.relative_to(site).as_posix(): Page(p.read_text(encoding="utf-8")) for p in sorted(site.rglob("*.html"))}


URL_TRICK = "/a)![x](https://evil.test/i.png)<b>\"q\"?x=<script>#'y'"


def _write_data(dest: Path, text_for: Callable[[tuple[Any, ...]], str], url_tail: str = URL_TRICK) -> dict[tuple[Any, ...], str]:
    """The fixture's YAML with every text field replaced, written as a contributor's files would be."""
    shutil.copytree(FIXTURE, dest)
    placed: dict[tuple[Any, ...], str] = {}
    for f in sorted(dest.rglob("*.yml")):
        doc = model.read_yaml(f.read_text(encoding="utf-8"))
        ((kind, entries),) = doc.items()
        for path, value in list(leaves(entries, (kind,))):
            if is_text(path, value):
                text = text_for(path + (f.name,))
                if kind == "questions" and "outline" in path:
                    # The answer checks read outlines (a strong one must pass them, a weak one trip one):
                    # keep the fixture's words in front so the data still validates, and add the attack.
                    text = f"{value} {text}"
                _set(entries, path[1:], text)
                placed[(f.name, *path)] = text
        # Sources keep a URL that tries to leave its link: allowed, and percent-encoded on the page.
        if kind == "sources":
            for s in entries:
                if "url" in s:
                    s["url"] = "https://example.org" + url_tail
        f.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=10_000), encoding="utf-8")
    return placed


def _build(data: Path, site: Path) -> None:
    from scripts.build import build

    env = {"GUIDE_DATA_DIR": str(data), "SOURCE_DATE_EPOCH": "1764547200", "GUIDE_CACHE_DIR": "off"}
    assert build(site, env=env) == 0


@pytest.fixture(scope="module")
def benign_site(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Page]:
    root = tmp_path_factory.mktemp("benign")
    _write_data(root / "data", _per_field(["harmless words"]))
    _build(root / "data", root / "site")
    pages_ = _site_pages(root / "site")
    pages_["search/search_index.json"] = Page(_index_html(root / "site"))
    return pages_


def _index_html(site: Path) -> str:
    """The search index's titles and texts, which Material's search shows as HTML, as one fragment."""
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    return "\n".join(f"<div>{doc['title']}</div><div>{doc.get('text', '')}</div>" for doc in index["docs"])


_FOOTER_LINK = re.compile(
    r'<a [^>]*class="md-footer__link[^"]*" aria-label="([^"]*)">.*?<div class="md-ellipsis">(.*?)</div>', re.S
)


def _allowed_targets(benign: dict[str, Page]) -> set[tuple[str, str, str]]:
    return {t for page in benign.values() for t in page.targets()}


# Six builds (about a second each), each with a different generated string in every field; no
# shrinking, which would mean dozens more builds.
@settings(
    max_examples=6,
    deadline=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
@given(
    st.lists(hostile_text(refused_removed=True), min_size=12, max_size=12),
    # Whatever the schema lets through after the host: printable ASCII, no space.
    st.text(alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x7E), max_size=40).map(lambda t: "/" + t),
)
def test_built_site_shows_hostile_text_as_text(
    benign_site: dict[str, Page], tmp_path_factory: pytest.TempPathFactory, strings: list[str], url_tail: str
) -> None:
    root = tmp_path_factory.mktemp("hostile")
    placed = _write_data(root / "data", _per_field(strings, valid=True), URL_TRICK + url_tail)
    _build(root / "data", root / "site")
    site = root / "site"
    built = _site_pages(site)
    assert set(built) == set(benign_site) - {"search/search_index.json"}
    allowed_shapes = {s for name, page in benign_site.items() if name.endswith(".html") for s in page.shapes()}
    allowed_targets = _allowed_targets(benign_site)
    for name, page in built.items():
        assert page.handlers() == [], f"{name}: {page.handlers()}"
        assert page.shapes() <= allowed_shapes, f"{name}: elements the templates never make: {page.shapes() - allowed_shapes}"
        for tag, attr, value in page.targets() - allowed_targets:
            # The only new target allowed: the source URL, percent-encoded, as a link (never a resource).
            assert (tag, attr) == ("a", "href"), (name, tag, attr, value)
            assert value == render.safe_url("https://example.org" + URL_TRICK + url_tail), value
            assert urlsplit(value).hostname == "example.org", value
        for tag, attrs in page.elements:
            for k, v in attrs:
                if k in ("src", "srcset", "data", "poster") or (tag == "link" and k == "href"):
                    # A resource: relative, or on the site's own host (the canonical link names site_url).
                    foreign = re.match(r"(?i)^\s*([a-z][a-z0-9+.-]*:|//)", v) and urlsplit(v).hostname != "127.0.0.1"
                    assert not foreign, f"{name}: {tag} loads {v}"
        # The same elements as the benign build, in order, except the lines a diagram wraps its labels
        # into (<tspan>, as many as the text needs) and the site's own abbreviations (<abbr> from
        # overrides/abbreviations.md, wherever a defined term such as XFN occurs): nothing added or
        # removed by the text.
        ours = [e for e in page.elements if e[0] not in ("tspan", "abbr")]
        theirs = [e for e in benign_site[name].elements if e[0] not in ("tspan", "abbr")]
        diff = [d for d in difflib.ndiff([repr(e) for e in theirs], [repr(e) for e in ours]) if d[:1] in "+-"][:6]
        assert len(ours) == len(theirs), f"{name}: {diff}"
    everything = "\n".join(p.text for p in built.values())
    for path, text in placed.items():
        if _unshown(path):
            continue
        assert shown(text) in everything, f"{path}: {text!r} not shown"
    # The <title>, the nav and the search index carry the stage names as text.
    stage_names = [t for p, t in placed.items() if p[:2] == ("stages.yml", "stages") and p[-1] == "name"]
    stage_page = (site / "stages" / "screen" / "index.html").read_text(encoding="utf-8")
    title = re.search(r"<title>(.*?)</title>", stage_page, re.S)
    assert title is not None and "<" not in title.group(1)
    assert shown(stage_names[0]) in Page(title.group(0)).text
    # The footer's previous/next links are named as their visible titles read, escaped once: an "&" in a
    # title is "&" to a screen reader, never "&amp;".
    labelled = 0
    for name in built:
        if not name.endswith(".html"):
            continue
        for label, title in _FOOTER_LINK.findall((site / name).read_text(encoding="utf-8")):
            name_read = html.unescape(label)  # what the browser hands a screen reader
            direction = name_read.split(": ", 1)[0]
            assert direction in ("Previous", "Next") and name_read == f"{direction}: {Page(title).text}", (name, label)
            labelled += 1
    assert labelled > len(stage_names)
    # The search index: Material shows its titles and texts as HTML.
    searched = Page(_index_html(site))
    assert searched.handlers() == []
    assert searched.shapes() <= benign_site["search/search_index.json"].shapes()
    assert searched.targets() <= benign_site["search/search_index.json"].targets()
