"""How pages rank in the built-in search: one table instead of front matter scattered over hand-written
and generated pages. The hooks copy each page's entry into its meta, where Material's search plugin
reads `search: boost` (and `search: exclude`); a page's own front matter still wins.

The rest of the tuning lives where it acts: the tokenizer's separator in mkdocs.yml (plugins: search),
and `data-search-exclude` on the blocks that only repeat what another page indexes (render.py).
tests/test_search_quality.py measures the result: every question and the guide's own words.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

# Source path (relative to content/) or folder prefix ending in "/" -> the page's `search` meta.
SEARCH_META: Mapping[str, Mapping[str, Any]] = {
    # The round pages are the guide's core; without the boost "culture round" finds the checklist and
    # self-score sheet that repeat the round's name before the round itself.
    "stages/": {"boost": 2},
    # Material adds a wildcard to every query word, so "research to product" also matches every "to..."
    # word in the question prompts; the boost keeps the page these words name first.
    "research-to-product.md": {"boost": 2},
    # Several prompts ask why Anthropic; the briefing is the page those words name.
    "why-anthropic.md": {"boost": 2},
    # Each question has its own page titled by its prompt; a title match weighs heavily, so without this
    # "why Anthropic" or "ASL-3" would find a question before the page about it. A distinctive phrase of
    # a prompt still finds the question first (tests/test_search_quality.py).
    "question/": {"boost": 0.5},
}


def search_meta(src_uri: str) -> Mapping[str, Any] | None:
    """The `search` meta for the page at `src_uri`: an exact entry first, else the longest folder prefix."""
    if src_uri in SEARCH_META:
        return SEARCH_META[src_uri]
    folders = [k for k in SEARCH_META if k.endswith("/") and src_uri.startswith(k)]
    return SEARCH_META[max(folders, key=len)] if folders else None


def apply(meta: dict[str, Any], src_uri: str) -> None:
    """Set `meta["search"]` from the table unless the page's front matter already set it."""
    tuned = search_meta(src_uri)
    if tuned is not None and "search" not in meta:
        meta["search"] = dict(tuned)
