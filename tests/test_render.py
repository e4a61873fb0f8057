"""Render functions: exact Markdown for the fixture data, and escaping of hostile text.

Page-sized outputs are compared with golden files in tests/golden/. After an intended change to the
output, regenerate them with `UPDATE_GOLDEN=1 pytest tests/test_render.py` and review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path
from types import MappingProxyType

import pytest

from macros import model, render
from tests.conftest import FIXTURE

GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture(scope="module")
def m() -> model.Model:
    return model.load_or_raise(FIXTURE)


def test_question_exact(m: model.Model) -> None:
    assert render.question(m, m.get("questions", "q-why"), "questions/screen.md") == (
        "## Why this company? {#q-why}\n\n"
        '<p class="q-meta" data-search-exclude="" markdown>'
        "Practice question written for this guide · Comes up in: [Screen](../stages/screen.md)"
        " · Scores: [Sense](../dimensions/sense.md)</p>\n\n"
        # The answers stay on the page but out of the search index (issue 8).
        '<section data-search-exclude="" markdown>\n\n'
        "**What it tests.** Motivation.\n\n"
        '=== "Strong answer"\n\n'
        "    1. Cite the paper.\n\n"
        "    **Why it works**\n\n"
        "    - Specific\n\n"
        "    *Sources: [A paper](../sources.md#paper)*\n\n"
        '=== "Weak answer"\n\n'
        "    1. I love Claude.\n\n"
        "    **Why it falls short**\n\n"
        "    - Generic\n\n"
        '!!! tip "Make it yours"\n\n'
        "    Name the paper you read.\n\n"
        '??? question "Follow-up probes"\n\n'
        "    - Which part?\n\n"
        "</section>"
    )


def test_matrix_exact_and_flags_gaps(m: model.Model) -> None:
    out = render.matrix(m)
    assert "| [Screen](stages/screen.md) | [1](stages/screen.md#q-sense) | [0 (gap)](stages/screen.md#q-safety){ .gap } |" in out
    assert "| [Case](stages/case.md) | [0 (gap)](stages/case.md#q-sense){ .gap } | [1](stages/case.md#q-safety) |" in out
    assert out.endswith("2 cell(s) have no question yet: marked *gap*.\n")


def test_loop_overview_exact(m: model.Model) -> None:
    assert render.loop_overview(m) == (
        "| Stage | Length | [Sense](dimensions/sense.md) | [Safety](dimensions/safety.md) |\n"
        "|---|---|---|---|\n"
        "| 1. [Screen](stages/screen.md) | 30 min | High | Low |\n"
        "| 2. [Case](stages/case.md) | not reported | not scored | High |\n\n"
        "*Emphasis is this guide's reading of the reported material, not an official weighting.*\n"
    )


def test_links_are_relative_to_the_page() -> None:
    assert render.link("stages/a.md", "questions.md", "q1") == "../questions.md#q1"
    assert render.link("index.md", "stages/a.md") == "stages/a.md"
    assert render.link("checklists/a.md", "stages/a.md") == "../stages/a.md"


def test_links_agree_with_posixpath_relpath_for_every_pair_of_page_paths() -> None:
    """link() works the relative path out itself (page paths are built from ids, so already normal): it must
    give what posixpath.relpath gives, for pages at the root, one and two folders down, and the same page."""
    import itertools
    import posixpath

    paths = ["index.md", "sources.md", "question/a-b.md", "questions/x.md", "stages/s.md", "a/b/c.md", "a/b/d.md", "a/x.md"]
    for here, target in itertools.product(paths + ["guide.json", "schema/q.schema.json"], repeat=2):
        assert render.link(here, target) == posixpath.relpath(target, posixpath.dirname(here) or "."), (here, target)


def test_escaping_neutralises_html_and_table_pipes() -> None:
    assert render.esc("<script>x</script> & co") == "&lt;script&gt;x&lt;/script&gt; &amp; co"
    assert render.cell("a | b") == "a &#124; b"
    assert render.attr('say "hi"') == "say &quot;hi&quot;"


@pytest.mark.parametrize(
    ("text", "out"),
    [
        # Attribute lists, links, images, reference definitions, abbreviations, code, emphasis.
        ("*openly*{onfocus=x}", "&#42;openly&#42;&#123;onfocus&#61;x&#125;"),
        ("[x](javascript:alert(1))", "&#91;x&#93;(javascript:alert(1))"),
        ("see ![i](https://evil.test/p.png)", "see &#33;&#91;i&#93;(https://evil.test/p.png)"),
        ("*[HTML]: Hyper", "&#42;&#91;HTML&#93;: Hyper"),
        ("a `b` __c__", "a &#96;b&#96; &#95;&#95;c&#95;&#95;"),
        # Block starts: only at the start of the text, which is where a block could begin.
        ("1. first", "1&#46; first"),
        ("2026) year", "2026&#41; year"),
        ("- item", "&#45; item"),
        ("!!! danger", "&#33;&#33;&#33; danger"),
        ("??? x", "&#63;?? x"),
        ("=== x", "&#61;&#61;&#61; x"),
        ("--8<-- 'mkdocs.yml'", "&#45;-8&lt;-- &#39;mkdocs.yml&#39;"),
        # Line breaks, indentation and Markdown's own placeholders (STX/ETX) cannot survive.
        ("a\n\n# b", "a &#35; b"),
        ("    code", "code"),
        ("a\x02wzxhzdk:0\x03b", "a\ufffdwzxhzdk:0\ufffdb"),
        ("&amp; &#60;", "&amp;amp; &amp;&#35;60;"),
        ("ordinary prose, (with) 3.5% - fine?", "ordinary prose, (with) 3.5% - fine?"),
    ],
)
def test_esc_leaves_no_markdown_or_html_syntax(text: str, out: str) -> None:
    assert render.esc(text) == out


def test_nav_titles_are_escaped_html() -> None:
    assert render.nav_title("Culture <img src=x onerror=alert(1)//") == "Culture &lt;img src=x onerror=alert(1)//"
    assert render.nav_title('1. "Q" & A') == "1. &quot;Q&quot; &amp; A"


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "http://example.org/",
        "https:///path-only",
        "https://user:pw@example.org/",
        "https://user@example.org/",
        "data:text/html,<b>x</b>",
        "//example.org/x",
        "https://exa mple.org/",
    ],
)
def test_safe_url_refuses(url: str) -> None:
    with pytest.raises(ValueError):
        render.safe_url(url)


def test_safe_url_cannot_leave_its_link() -> None:
    url = 'https://example.org/a)![x](https://evil.test/i.png)<b>"q"'
    out = render.safe_url(url)
    assert out == "https://example.org/a%29!%5Bx%5D%28https://evil.test/i.png%29%3Cb%3E%22q%22"
    assert render.safe_url("https://example.org/p?q=1&r=a%20b#frag") == "https://example.org/p?q=1&r=a%20b#frag"


@pytest.mark.parametrize("bad", ["index\n", "__proto__", "a/b", "../x", "a b", "", "x" * 61, 7])
def test_ident_refuses_what_is_not_an_id(bad: object) -> None:
    with pytest.raises(ValueError):
        render.ident(bad)


def test_hostile_text_never_reaches_the_page_raw(m: model.Model) -> None:
    # Bypass the validator on purpose: render must still escape (defence in depth).
    q = dict(m.get("questions", "q-why"))
    q["prompt"] = "<img src=x onerror=alert(1)>"
    q["tests"] = "<script>alert(1)</script>"
    out = render.question(m, MappingProxyType(q), "questions/screen.md")
    assert "<img" not in out and "<script" not in out
    assert "&lt;img src&#61;x onerror&#61;alert(1)&gt;" in out


def test_reviewed_line(m: model.Model) -> None:
    assert render.reviewed([m.get("sources", "prep")]) == '<p class="last-reviewed">Last reviewed 2026-11-01.</p>'
    assert "between 2026-11-01 and 2026-11-02" in render.reviewed(m.sources)


PAGES = {
    "stage-case": lambda m: render.stage(m, "case"),
    "dimension-safety": lambda m: render.dimension(m, "safety"),
    "question-bank": render.question_bank,
    "question-round-case": lambda m: render.question_round(m, "case"),
    "question-detail": lambda m: render.question_detail(m, "q-metrics"),
    "metric-pairs": render.metric_pairs,
    "translations": render.translations,
    "launch-bars": render.launch_bars,
    "rsp-tensions": render.rsp_tensions,
    "sources": render.sources,
    "briefings": render.briefings,
}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_matches_golden(name: str, m: model.Model) -> None:
    out = PAGES[name](m)
    path = GOLDEN / f"{name}.md"
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(out, encoding="utf-8")
    assert out == path.read_text(encoding="utf-8")


def test_every_macro_is_registered_and_callable(m: model.Model) -> None:
    # The registry lives in the glue (macros/__init__.py); render only holds the functions.
    import macros

    registry = macros.registry()
    assert {"stage", "dimension", "question_bank", "matrix"} <= set(registry)
    assert registry["stage"] is render.stage
    assert not hasattr(render, "MACROS")
