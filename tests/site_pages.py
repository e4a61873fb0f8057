"""The built site's pages, found the way a crawler finds them (sitemap.xml), and grouped into page types
by path, so the browser tests cover pages other work adds without being told about them."""

from __future__ import annotations

import re
from pathlib import Path

# Page type -> how to recognise its path (relative to the site root, directory URLs).
PAGE_TYPES: dict[str, re.Pattern[str]] = {
    "home": re.compile(r"^$"),
    "stage": re.compile(r"^stages/[^/]+/$"),
    "dimension": re.compile(r"^dimensions/[^/]+/$"),
    "question bank": re.compile(r"^questions/$"),
    "questions of a round": re.compile(r"^questions/[^/]+/$"),
    "question": re.compile(r"^question/[^/]+/$"),
    "matrix": re.compile(r"^matrix/$"),
    "checklist": re.compile(r"^checklists/[^/]+/$"),
    "practice": re.compile(r"^practice/$"),
    "downloads": re.compile(r"^downloads/$"),
}


def site_paths(site: Path) -> list[str]:
    """Every page in the sitemap, as a path relative to the site root ('' for the home page), plus 404.html."""
    xml = (site / "sitemap.xml").read_text(encoding="utf-8")
    locs = re.findall(r"<loc>([^<]+)</loc>", xml)
    base = min(locs, key=len)  # the home page is the site_url itself
    paths = sorted({loc.removeprefix(base) for loc in locs})
    assert all((site / p / "index.html").is_file() for p in paths), "the sitemap lists a page that was not built"
    return paths + ["404.html"]


def one_page_per_type(site: Path) -> dict[str, str]:
    """The first page (by path) of each page type; every type must exist in the built site."""
    paths = site_paths(site)
    found = {kind: next((p for p in paths if rule.match(p)), None) for kind, rule in PAGE_TYPES.items()}
    missing = [k for k, p in found.items() if p is None]
    assert not missing, f"no page of type {missing} in the built site"
    return {k: p for k, p in found.items() if p is not None}
