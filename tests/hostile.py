"""Shared by the hostile-text tests: what an attacker would put in a data string, and how to see what a
page's HTML holds (its elements, attributes, link targets and resources, and its visible text)."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any

from hypothesis import strategies as st

from macros import model

# Pieces of Markdown, HTML, Jinja and the extensions this site enables, as an attacker writes them.
ATTACKS = [
    '*openly*{onfocus="alert(1)" autofocus=1}',
    "[x](https://evil.test/x){: onclick=alert(1) }",
    "{ #__config }",
    "{: .md-typeset #__search }",
    "[x](javascript:alert(1))",
    "[x](data:text/html,x)",
    "![i](https://evil.test/i.png)",
    "![r][r]",
    "[r]: https://evil.test/r.png",
    "[^1]",
    "*[HTML]: Hyper Text",
    "[TOC]",
    '!!! danger "boom"',
    "??? note",
    "???+ note",
    '=== "tab"',
    "```js",
    "~~~",
    '--8<-- "mkdocs.yml"',
    "--8<-- 'README.md'",
    ';--8<-- "mkdocs.yml"',
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;img src=x onerror=alert(1)&#62;",
    "&amp;",
    "&#x3C;",
    "&nbsp;",
    "< img src=x>",
    "<https://evil.test>",
    "<x@evil.test>",
    "# heading",
    "## h {#id}",
    "> quote",
    "1. one",
    "2) two",
    "- item",
    "+ item",
    "* item",
    "***",
    "---",
    "| a | b |",
    "|---|",
    "    indented code",
    "line  \nbreak",
    "a\n\n# b",
    "a\n=\n",
    "\\*",
    "`code`",
    "__bold__",
    "~~strike~~",
    "==mark==",
    "^^ins^^",
    ":smile:",
    "$$x$$",
    "\"quoted\" 'single'",
    "</title><script>alert(1)</script>",
    "} }} %} #}",
    "{ {",
    "javascript:alert(1)",
    "https://evil.test/x.png",
    "//evil.test/x",
    "\u2028\u2029",
    "\u00a0",
    "ﬁ ǅ İ",
    "😀",
    "XFN",  # an abbreviation the site defines: the built pages wrap it in <abbr>, as they do in prose
]
# Single characters that mean something to Markdown, HTML, attributes or Jinja.
META = list("<>&\"'`*_{}[]()#!|~=+-.:;\\/%@^$?,\t\n ")


def _text(parts: list[str]) -> str:
    return "".join(parts)


def hostile_text(*, refused_removed: bool) -> st.SearchStrategy[str]:
    """Strings made of attacks, metacharacters and ordinary words. With `refused_removed`, the few things
    the schemas refuse (a tag start, a Jinja delimiter, control characters) are defused so the string
    validates and goes through a real build."""
    piece = st.one_of(
        st.sampled_from(ATTACKS),
        st.sampled_from(META),
        st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=4),
        st.sampled_from(["word", "plain", "3.5%", "x"]),
    )
    raw = st.lists(piece, min_size=1, max_size=12).map(_text)
    if refused_removed:
        raw = raw.map(defuse)
    return raw.filter(lambda s: s.strip() != "")


_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")
_JINJA = re.compile(r"\{(?=[{%#])")
_REFUSED_CHARS = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff\ufff9-\ufffb\ufffe\uffff"
    "\u00ad\u180e\u200b-\u200d\u2060-\u2064]"  # in names also \u2028 and \u2029, see defuse
)


def defuse(text: str, *, one_line: bool = False) -> str:
    """What the schemas refuse, taken out (a space after '<' and '{', invisible characters dropped)."""
    text = _REFUSED_CHARS.sub("", text)
    if one_line:
        text = re.sub("[\n\u2028\u2029]", " ", text)
    text = _TAG_START.sub("< ", text)
    while _JINJA.search(text):
        text = _JINJA.sub("{ ", text)
    return text


def shown(text: str) -> str:
    """The text as a reader sees it: whitespace runs as one space (HTML collapses them anyway)."""
    return " ".join(text.split())


class Page(HTMLParser):
    """Every element with its attributes, and the visible text, of one HTML page or fragment."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, tuple[tuple[str, str], ...]]] = []
        self.text_parts: list[str] = []
        self._skip = 0
        self.feed(source)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, _normal(tag, attrs)))
        if tag in ("script", "style"):
            self._skip += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, _normal(tag, attrs)))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.text_parts.append(data)

    @property
    def text(self) -> str:
        return shown("".join(self.text_parts))  # inline elements (abbr) split the text, not the words

    def shapes(self) -> set[tuple[str, tuple[str, ...]]]:
        """(tag, attribute names) of every element."""
        return {(tag, tuple(sorted(k for k, _ in attrs))) for tag, attrs in self.elements}

    def targets(self) -> set[tuple[str, str, str]]:
        """(tag, attribute, value) of every link target and resource address."""
        return {(tag, k, v) for tag, attrs in self.elements for k, v in attrs if k in URL_ATTRS}

    def handlers(self) -> list[tuple[str, str]]:
        return [(tag, k) for tag, attrs in self.elements for k, _ in attrs if k.startswith("on") or k == "style"]


# A heading without an id of its own gets one made from its text by the toc extension (a "slug" of
# word characters and hyphens only); so does its permalink. Such ids are compared as "slug".
_SLUG = re.compile(r"[\w-]+")
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


def _normal(tag: str, attrs: list[tuple[str, str | None]]) -> tuple[tuple[str, str], ...]:
    out = []
    for k, v in attrs:
        v = v or ""
        if tag in HEADINGS and k == "id" and _SLUG.fullmatch(v):
            v = "slug"
        elif tag == "a" and k == "href" and v.startswith("#") and _SLUG.fullmatch(v[1:]):
            # A link within the page (permalink, table of contents): it can only move the scroll position.
            v = "#slug"
        elif k in ("data-src", "data-answers"):
            v = re.sub(r"\?v=[0-9a-f]+$", "?v=digest", v)  # the practice data's digest of its content
        out.append((k, v))
    return tuple(out)


URL_ATTRS = {"href", "src", "srcset", "action", "formaction", "data", "poster", "xlink:href", "background", "ping"}


def leaves(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    if isinstance(value, dict):
        for k, v in value.items():
            yield from leaves(v, path + (k,))
    elif isinstance(value, (list, tuple)):
        for i, v in enumerate(value):
            yield from leaves(v, path + (i,))
    else:
        yield path, value


# Keys whose strings are ids, references, dates or fixed vocabularies, not prose.
NOT_TEXT = {
    "id",
    "stages",
    "dimension",
    "sources",
    "source",
    "pre_reading",
    "metric_pairs",
    "launch_bars",
    "translations",
    "rsp_tensions",
    "last_reviewed",
    "date",
    "reported_on",
    "kind",
    "confidence",
    "provenance",
    "emphasis",
    "surface",
    "url",
    "version",
}
# A question's `dimensions` is a list of ids; a stage's is a list of entries with prose in them.
NAME_KEYS = {"name", "title", "short", "feature", "publisher", "prompt"}


# Rules that read text rather than the guide's text on a page: word lists, the style rules' phrases and the
# answer checks (whose names and messages reach the reader only through practice.js, which sets them as
# textContent; tests/test_practice_answers_browser.py covers that path).
RULE_DATA = set(model.RULE_KINDS)


def is_text(path: tuple[Any, ...], value: Any) -> bool:
    if not isinstance(value, str):
        return False
    keys = [p for p in path if isinstance(p, str)]
    if path[0] in RULE_DATA:
        return False
    if path[0] == "translations" and keys[-1] == "surface":  # prose there; a fixed vocabulary in metric pairs
        return True
    if any(k in NOT_TEXT for k in keys[1:]):
        return False
    return not (keys[-1] == "dimensions" and isinstance(path[-1], int))


def unescape(text: str) -> str:
    return html.unescape(text)
