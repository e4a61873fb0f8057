"""Tell the search about the spellings readers type but the guide does not write.

The guide writes one spelling per term (the spelling rules in data/style_rules.yml, which the validator
enforces), so a reader who types another one would find nothing: "health care" never matches "healthcare",
and "countermetric" is one token where "counter-metric" is two. After each occurrence of a term in a page's
text this adds a `hidden` span with the other spellings: Material's search indexes it, the page does not
show it, and screen readers skip it. RSP versions get the same treatment, so "RSP 3.4" finds "v3.4".
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from itertools import chain
from typing import Any

Rules = tuple[tuple[str, tuple[str, ...]], ...]

# Text inside these elements is not prose, or becomes a search result's title: never touched.
_SKIP = ("script", "style", "code", "pre", "textarea", "title", "h1", "h2", "h3", "h4", "h5", "h6")


def _through(end: str) -> str:
    """`.*?<end`, unrolled: the engine runs through the text between two "<" at once instead of trying `end`
    at every character (most of a page's length is in the regions left whole)."""
    return rf"[^<]*(?:<(?!{end}>)[^<]*)*<{end}"


# One pattern reads the page. Each match begins at a character that is no ASCII letter, digit or underscore,
# which the engine skips to without trying the pattern: the letters inside words, most of the text, cost next
# to nothing. That character is either the "<" of a region to leave whole, or the character just before a
# term (terms begin with a letter or a digit: data/schema/style_rules.schema.json) or a version.
_BEFORE = r"(?-i:[^0-9A-Za-z_])"
# A region is matched only to be skipped, from just after its "<" to just before its ">", which is left to
# begin the next match: a block the search leaves out (render.unindexed: a question's answers), a skipped
# element, a comment, or any other tag. Regions with only white space between them make one match.
_ELEMENTS = [r"section data-search-exclude[^>]*>" + _through(r"/section\s*")]
_ELEMENTS += [rf"{name}\b[^>]*>" + _through(rf"/{name}\s*") for name in _SKIP]
_INITIALS = "".join(sorted({element[0] for element in _ELEMENTS}))
# The test of one character first spares most tags (all closing ones) the trial of each name.
_REGION = rf"(?=[{_INITIALS}])(?:{'|'.join(_ELEMENTS)})|!--[^-]*(?:-(?!->)[^-]*)*--|[^>]*"
_LEAVE = rf"(?<=<)(?:{_REGION})(?:>\s*<(?:{_REGION}))*(?=>)"
_VERSION = r"(?<![\w.])v(?P<version>\d+\.\d+)(?![\w.]*\w)"
ALIAS_CLASS = "search-alias"


def _span(words: Iterable[str]) -> str:
    return f'<span class="{ALIAS_CLASS}" hidden> {html.escape(" ".join(words))}</span>'


@lru_cache(maxsize=8)
def _compiled(rules: Rules) -> tuple[re.Pattern[str], re.Pattern[str], dict[str, str]]:
    """The page pattern, the terms and versions alone (for the very start of a page), and each term's span."""
    spans = {use.lower(): _span(avoid) for use, avoid in rules}
    terms = "|".join(re.escape(use) for use, _ in sorted(rules, key=lambda r: -len(r[0])))
    term = rf"(?<![\w-])(?P<term>{terms})(?![\w-])|" if rules else ""
    # A ">" ahead before any "<" means the hit is inside a tag after all (a raw ">" in an attribute value
    # ended the tag early): no span there.
    hit = rf"(?:{term}{_VERSION})(?![^<>]*>)"
    # They are tried only before a character that one of them begins with: one cheap test.
    initials = "".join(sorted({re.escape(use[0]) for use, _ in rules} | {"v"}))
    page = rf"{_BEFORE}(?:{_LEAVE}|(?=[{initials}]){hit})"
    return re.compile(page, re.I | re.S), re.compile(hit, re.I | re.S), spans


def spelling_rules(style_rules: Iterable[Mapping[str, Any]]) -> Rules:
    """(spelling the guide writes, spellings readers may type) for every spelling rule."""
    return tuple((r["use"], tuple(r["avoid"])) for r in style_rules if r.get("kind") == "spelling")


def add_aliases(page_html: str, rules: Rules) -> str:
    """`page_html` with an alias span after every occurrence of a term in its text (never inside tags, code,
    scripts or headings): the search then counts the other spellings as often as the guide's own."""
    pattern, at_start, spans = _compiled(rules)
    # A term or version that opens the page has no character before it to begin a match.
    start = at_start.match(page_html)
    parts: list[str] = []
    done = 0
    for found in chain([start] if start else [], pattern.finditer(page_html, start.end() if start else 0)):
        if found.lastgroup == "term":
            span = spans[found.group("term").lower()]
        elif found.lastgroup == "version":
            span = _span([found.group("version")])
        else:
            continue  # a region left whole
        # The page is copied from hit to hit, not match by match.
        parts += (page_html[done : found.end()], span)
        done = found.end()
    return "".join([*parts, page_html[done:]]) if parts else page_html
