"""Spot one-sided metric talk: a sentence that names a user-value metric and no risk counter-metric.

The guide exists to teach that a value metric never travels alone, so the validator flags a strong
exemplar that breaks the rule. The word lists are deliberately broad on the risk side: a false alarm
costs a contributor a rewording, a miss teaches the failure the guide warns against.
"""

from __future__ import annotations

import re

# fmt: off
VALUE_TERMS = (
    "engagement", "retention", "completion rate", "task completion", "time saved", "time-to-",
    "adoption", "daily active", "weekly active", "monthly active", "dau", "wau", "mau", "active users",
    "acceptance rate", "conversion", "nps", "csat", "satisfaction", "deflection", "session length",
    "usage growth", "revenue", "renewal rate", "success rate", "throughput",
)
RISK_TERMS = (
    "harm", "error", "escalat", "refus", "incident", "false", "violat", "unsafe", "injection",
    "jailbreak", "revert", "rollback", "roll back", "hallucinat", "fabricat", "misattribut", "complaint",
    "risk", "counter-metric", "countermetric", "guardrail", "omission", "sycophan", "overconfiden",
    "unsupported", "wrong", "mistake", "breach", "leak", "abuse", "misuse", "override", "under-triage",
    "regress", "safety", "miss", "destructive", "unconfirmed", "unapproved", "paired with", "pair it with",
)
# fmt: on

_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def _any_of(terms: tuple[str, ...]) -> re.Pattern[str]:
    # One compiled alternation per list: a term counts where it starts a word (so "miss" matches
    # "missed" but "nps" does not match "snps").
    return re.compile(r"(?<![a-z])(?:" + "|".join(re.escape(t) for t in terms) + ")")


_VALUE = _any_of(VALUE_TERMS)
_RISK = _any_of(RISK_TERMS)


def _has(text: str, pattern: re.Pattern[str]) -> bool:
    return pattern.search(text) is not None


def one_sided(text: str) -> list[str]:
    """The sentences of `text` that name a value metric but no risk counter-metric."""
    out = []
    for sentence in _SENTENCE.split(text.strip()):
        low = sentence.lower()
        if _has(low, _VALUE) and not _has(low, _RISK):
            out.append(sentence.strip())
    return out
