"""Spot claims about Anthropic, its policies or its papers made without a cited source.

The guide's credibility is its sourcing, so a strong exemplar, metric pair or launch bar whose text
names one of Anthropic's documents, models, bodies or papers must list at least one source. The
pattern lists names, not topics: "safety" alone is not a claim about Anthropic, "ASL-3" is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_NAMES = re.compile(
    r"\b(RSP|Responsible Scaling|ASL-\d|Core Views|system card|Constitutional (?:AI|Classifiers)|constitution|"
    r"Usage Policy|Transparency Hub|Opus \d|Sonnet \d|Haiku \d|Frontier Red Team|Alignment Stress-Testing|LTBT|"
    r"Long-Term Benefit Trust|Responsible Scaling Officer|RSO|Risk Reports?|Frontier Safety Roadmap|"
    r"Kadavath|Sharma et al|Lanham|Hubinger|Greenblatt|Perez et al|Templeton|Bricken|Anil et al|Karnofsky|"
    r"alignment faking|sleeper agents?|many-shot|monosemanticity|attribution graphs?)\b",
    re.IGNORECASE,
)
# The same pattern in lower case, for lower-cased ASCII text (positions unchanged, so the match is the
# same): case-insensitive matching of a long alternation is about four times slower, and this check
# runs over every strong answer (issue 8). Lower-casing is only safe while the pattern has no
# upper-case escape such as \S or \W, whose lower case means the opposite.
if re.search(r"\\[A-Z]", _NAMES.pattern):
    raise RuntimeError("claims._NAMES has an upper-case escape: _NAMES_LOWER would change its meaning")
_NAMES_LOWER = re.compile(_NAMES.pattern.lower())


def first_named(texts: Iterable[str]) -> str | None:
    """The first Anthropic document, body or paper named in `texts`, or None."""
    for text in texts:
        if text.isascii():
            hit = _NAMES_LOWER.search(text.lower())
            if hit:
                return text[hit.start() : hit.end()]
        else:
            hit = _NAMES.search(text)
            if hit:
                return hit.group(0)
    return None
