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

# Text inside these elements is not prose, or becomes a search result's title: never touched.
_SKIP = {"script", "style", "code", "pre", "textarea", "title", "h1", "h2", "h3", "h4", "h5", "h6"}
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)\b[^>]*?(/?)>|<!--.*?-->", re.DOTALL)
_VERSION = re.compile(r"(?<![\w.])v(\d+\.\d+)(?![\w.]*\w)")
ALIAS_CLASS = "search-alias"


def _span(words: Iterable[str]) -> str:
    return f'<span class="{ALIAS_CLASS}" hidden> {html.escape(" ".join(words))}</span>'


@lru_cache(maxsize=8)
def _compiled(rules: tuple[tuple[str, tuple[str, ...]], ...]) -> list[tuple[re.Pattern[str], str]]:
    return [(re.compile(rf"(?<![\w-]){re.escape(use)}(?![\w-])", re.IGNORECASE), _span(avoid)) for use, avoid in rules]


def spelling_rules(style_rules: Iterable[Mapping[str, Any]]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(spelling the guide writes, spellings readers may type) for every spelling rule."""
    return tuple((r["use"], tuple(r["avoid"])) for r in style_rules if r.get("kind") == "spelling")


def _in_text(text: str, patterns: list[tuple[re.Pattern[str], str]]) -> str:
    """An alias span after every occurrence of each term in a run of text: the search then counts the
    other spellings as often as the guide's own, so both rank the same pages alike."""
    inserts: list[tuple[int, str]] = []
    for pattern, span in patterns:
        inserts.extend((found.end(), span) for found in pattern.finditer(text))
    for version in _VERSION.finditer(text):
        inserts.append((version.end(), _span([version.group(1)])))
    for at, span in sorted(inserts, reverse=True):
        text = text[:at] + span + text[at:]
    return text


def add_aliases(page_html: str, rules: tuple[tuple[str, tuple[str, ...]], ...]) -> str:
    """`page_html` with alias spans after the terms in its text (never inside tags, code or scripts)."""
    patterns = _compiled(rules)
    out: list[str] = []
    skipping: list[str] = []
    last = 0
    for tag in _TAG.finditer(page_html):
        text = page_html[last : tag.start()]
        out.append(text if skipping or not text.strip() else _in_text(text, patterns))
        out.append(tag.group(0))
        last = tag.end()
        name = (tag.group(2) or "").lower()
        if name in _SKIP and not tag.group(3):
            if tag.group(1):
                if skipping and skipping[-1] == name:
                    skipping.pop()
            else:
                skipping.append(name)
    tail = page_html[last:]
    out.append(tail if skipping or not tail.strip() else _in_text(tail, patterns))
    return "".join(out)
