"""How old each entry's review is, and how the site and the validator flag stale ones.

Every entry carries `last_reviewed`. An entry is stale when that date is more than
STALE_AFTER_DAYS before "today". The build takes "today" from SOURCE_DATE_EPOCH when it is set, so
two builds of the same commit give the same pages (reproducible builds); otherwise the clock.
"""

from __future__ import annotations

import datetime as _dt
import html
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .model import KINDS, Model, Problem, locator

# The one place the threshold lives: the site's banners and `validate.py --stale-after` use it.
STALE_AFTER_DAYS = 365
REVIEWED_KEY = "last_reviewed"


def today(environ: Mapping[str, str] = os.environ) -> _dt.date:
    """The build's "today": the UTC date of SOURCE_DATE_EPOCH when set, else the clock's date."""
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return _dt.date.today()
    try:
        return _dt.datetime.fromtimestamp(int(epoch), tz=_dt.UTC).date()
    except (ValueError, OverflowError, OSError):
        # The reproducible-builds spec asks tools to fail rather than guess on a malformed value.
        raise ValueError(f"SOURCE_DATE_EPOCH must be a whole number of seconds, got {epoch!r}") from None


@dataclass(frozen=True)
class Freshness:
    today: _dt.date
    stale_after_days: int = STALE_AFTER_DAYS

    def age_days(self, item: Mapping[str, Any]) -> int | None:
        reviewed = item.get(REVIEWED_KEY)
        if not isinstance(reviewed, str):
            return None
        return (self.today - _dt.date.fromisoformat(reviewed)).days

    def is_stale(self, item: Mapping[str, Any]) -> bool:
        age = self.age_days(item)
        return age is not None and age > self.stale_after_days


@dataclass(frozen=True)
class StaleEntry:
    kind: str
    item: Mapping[str, Any]
    file: str  # the data file, as the model shows it
    index: int  # position among the entries of its kind in that file
    age_days: int


def stale_entries(model: Model, fresh: Freshness) -> list[StaleEntry]:
    """Every stale entry, by kind in registry order, then in file order."""
    out = []
    for kind in KINDS:
        position: dict[str, int] = {}
        for item in model.items[kind.key]:
            file = model.files[kind.key][item["id"]]
            index = position.get(file, 0)
            position[file] = index + 1
            if fresh.is_stale(item):
                out.append(StaleEntry(kind.key, item, file, index, fresh.age_days(item) or 0))
    return out


def stale_warnings(model: Model, fresh: Freshness, display_root: Path) -> list[Problem]:
    """One warning per stale entry, pointing at its `last_reviewed` line. `display_root` is the
    folder the model's file names are relative to (the one given to `model.check`)."""
    out = []
    locators: dict[str, Any] = {}
    for e in stale_entries(model, fresh):
        if e.file not in locators:
            locators[e.file] = locator(e.kind, display_root / e.file)
        steps = [e.kind, e.index, REVIEWED_KEY]
        line, col = locators[e.file](steps)
        message = f"last reviewed {e.item[REVIEWED_KEY]}, {e.age_days} days ago (more than {fresh.stale_after_days})"
        hint = "check it against its sources, update what changed, then set last_reviewed to today"
        out.append(Problem(e.file, line, col, f"{e.kind}[{e.index}].{REVIEWED_KEY}", message, hint, level="warning"))
    return out


# ---------------------------------------------------------------- what the pages show


def banner(fresh: Freshness | None, item: Mapping[str, Any]) -> str:
    """An admonition above a stale entry (or a page about one entry); '' when it is fresh."""
    if fresh is None or not fresh.is_stale(item):
        return ""
    when = html.escape(str(item[REVIEWED_KEY]))
    return (
        f'!!! warning stale "Not reviewed since {when}"\n\n'
        f"    This was last checked more than {fresh.stale_after_days} days ago, so facts, links or policy "
        "versions may have changed. Check it against its sources before relying on it, and "
        "open a pull request if something is out of date."
    )


def page_banner(fresh: Freshness | None, items: Iterable[Mapping[str, Any]]) -> str:
    """At the top of a page listing many entries: how many of them are stale ('' when none)."""
    items = list(items)
    if fresh is None:
        return ""
    stale = sum(1 for i in items if fresh.is_stale(i))
    if not stale:
        return ""
    which = (
        "The entry on this page was"
        if len(items) == 1
        else f"{stale} of the {len(items)} entries on this page {'was' if stale == 1 else 'were'}"
    )
    marked = "it is" if stale == 1 else "each is"
    return (
        f'!!! warning stale-page "Some entries here may be out of date"\n\n'
        f"    {which} last reviewed more than {fresh.stale_after_days} days ago; {marked} marked below."
    )
