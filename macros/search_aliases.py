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
from typing import Any

Rules = tuple[tuple[str, tuple[str, ...]], ...]

# Text inside these elements is not prose, or becomes a search result's title: never touched. One pass of
# one pattern over the page: an element to skip whole, any other tag, or a term in the text between tags.
_SKIP = ("script", "style", "code", "pre", "textarea", "title", "h1", "h2", "h3", "h4", "h5", "h6")
# A block the search leaves out (render.unindexed: a question's answers) needs no alias either.
_LEAVE = (
    r"<section data-search-exclude[^>]*>.*?</section\s*>"
    r"|<(?P<skip>" + "|".join(_SKIP) + r")\b[^>]*>.*?</(?P=skip)\s*>|<!--.*?-->|<[^>]*>"
)
_VERSION = r"(?<![\w.])v(?P<version>\d+\.\d+)(?![\w.]*\w)"
ALIAS_CLASS = "search-alias"


def _span(words: Iterable[str]) -> str:
    return f'<span class="{ALIAS_CLASS}" hidden> {html.escape(" ".join(words))}</span>'


@lru_cache(maxsize=8)
def _compiled(rules: Rules) -> tuple[re.Pattern[str], dict[str, str]]:
    spans = {use.lower(): _span(avoid) for use, avoid in rules}
    terms = "|".join(re.escape(use) for use, _ in sorted(rules, key=lambda r: -len(r[0])))
    term = rf"|(?<![\w-])(?P<term>{terms})(?![\w-])" if rules else ""
    return re.compile(rf"(?P<leave>{_LEAVE}){term}|{_VERSION}", re.IGNORECASE | re.DOTALL), spans


def spelling_rules(style_rules: Iterable[Mapping[str, Any]]) -> Rules:
    """(spelling the guide writes, spellings readers may type) for every spelling rule."""
    return tuple((r["use"], tuple(r["avoid"])) for r in style_rules if r.get("kind") == "spelling")


def add_aliases(page_html: str, rules: Rules) -> str:
    """`page_html` with an alias span after every occurrence of a term in its text (never inside tags, code,
    scripts or headings): the search then counts the other spellings as often as the guide's own."""
    pattern, spans = _compiled(rules)

    def replace(found: re.Match[str]) -> str:
        if found.group("leave") is not None:
            return found.group(0)
        if found.group("version") is not None:
            return found.group(0) + _span([found.group("version")])
        return found.group(0) + spans[found.group("term").lower()]

    return pattern.sub(replace, page_html)
