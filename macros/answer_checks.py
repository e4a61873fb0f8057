"""The answer checks: rules that read a written answer for the structure the rubric rewards.

The rules are data (data/answer_checks.yml, with the word lists in data/vocabularies.yml). This module
turns them into regular expressions and runs them; content/assets/answer-checks.js runs the very same
expressions in the browser on the candidate's answer, and tests/test_answer_parity.py keeps the two
implementations equal, check by check, over every exemplar and a corpus of written answers.

So that Python's `re` and JavaScript's RegExp agree exactly:
- the expressions are generated here from a small term language (never written by hand in the data) and
  use only literals, `[...]` classes of ASCII characters, `(?:...)`, `|`, `*`, `+`, `{m,n}`, lookahead and
  fixed-width lookbehind: no \\s, \\w, \\b or \\d (whose meaning differs between the two), no flags;
- text is lowered for ASCII letters only (Unicode lowercasing can change a string's length);
- an answer is split into sentences by one expression, and the sentences are joined with "\\n", which no
  term can match across, so one search per list covers the whole answer.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

Item = Mapping[str, Any]

# ---------------------------------------------------------------- the term language -> expressions

WORD = "[a-z0-9]"
NOT_WORD = "[^a-z0-9\\n]"  # never "\n": the sentence boundary in the joined text
SEP = NOT_WORD + "+"
START = "(?<![a-z0-9])"
END = "(?![a-z0-9])"
LINE_START = "(?<![^\\n])"  # start of the text or just after "\n": ^ in multiline mode, in both dialects
MAX_GAP = 9
_PIECE = re.compile(r"^(?:[a-z0-9]+\*?|[a-z]*#)$")
_GAP = re.compile(r"^~([1-9])$")


class TermError(ValueError):
    """A term that does not follow the term language; the message says what to change."""


def _alternative(alt: str) -> str:
    # Inside a word, - and ' separate words as they do in the text ("don't" is "don" then "t").
    pieces = [p for p in re.split(r"['-]", alt)]
    if not alt or any(not p for p in pieces):
        raise TermError(f"'{alt}' has an empty word (a doubled or trailing - or ')")
    out = []
    for i, piece in enumerate(pieces):
        if not _PIECE.match(piece):
            raise TermError(f"'{alt}' is not a word, a word* or a word#")
        if i < len(pieces) - 1 and piece[-1] in "*#":
            raise TermError(f"'{alt}': * and # may only end the word")
        if piece.endswith("*"):
            out.append(re.escape(piece[:-1]) + WORD + "*")
        elif piece.endswith("#"):
            out.append(re.escape(piece[:-1]) + "[0-9]" + WORD + "*")
        else:
            out.append(re.escape(piece))
    return SEP.join(out)


def compile_term(term: str) -> str:
    """The expression for one term (see data/schema/vocabularies.schema.json for the language)."""
    words = term.split(" ")
    if any(not w for w in words):
        raise TermError("has a doubled, leading or trailing space")
    anchored = words[0] == "^"
    if anchored:
        words = words[1:]
    if "^" in "".join(words):
        raise TermError("^ may only start a term, as a word of its own")
    parts: list[str] = []
    gap = 0
    have_word = False
    for w in words:
        m = _GAP.match(w)
        if m:
            if gap:
                raise TermError("two gaps in a row")
            gap = int(m.group(1))
            continue
        if "~" in w:
            raise TermError(f"'{w}': a gap is written ~1 to ~{MAX_GAP}, as a word of its own")
        alts = w.split("|")
        body = _alternative(alts[0]) if len(alts) == 1 else "(?:" + "|".join(_alternative(a) for a in alts) + ")"
        if gap and not have_word and not anchored:
            raise TermError("a gap stands between two words (or after a leading ^)")
        if have_word or (anchored and gap):
            filler = f"(?:{SEP}{WORD}+){{0,{gap}}}" if gap and have_word else ""
            if have_word:
                parts.append(filler + SEP)
            else:  # "^ ~1 word": up to `gap` words before the first one
                parts.append(f"(?:{WORD}+{SEP}){{0,{gap}}}")
        parts.append(body)
        gap = 0
        have_word = True
    if not have_word:
        raise TermError("has no word to match")
    if gap:
        raise TermError("ends with a gap")
    head = LINE_START + NOT_WORD + "*" if anchored else START
    return head + "".join(parts) + END


def term_problem(term: str) -> str | None:
    try:
        compile_term(term)
    except TermError as exc:
        return str(exc)
    return None


def first_words(term: str) -> tuple[set[str], set[str], bool]:
    """What the first word of any match of `term` can be: exact words, prefixes (a stem, or the letters
    before #), and whether the term is anchored at a sentence start. A cheap filter, wider than the term."""
    words = term.split(" ")
    if words[0] == "^":
        return set(), set(), True
    exact: set[str] = set()
    prefixes: set[str] = set()
    for alt in words[0].split("|"):
        piece = re.split(r"['-]", alt)[0]
        if piece.endswith("*"):
            prefixes.add(piece[:-1])
        elif piece.endswith("#"):
            prefixes.update([piece[:-1] + d for d in "0123456789"])
        else:
            exact.add(piece)
    return exact, prefixes, False


def vocabulary_sources(vocabularies: Iterable[Item]) -> dict[str, str]:
    """Vocabulary id -> one expression matching any of its terms (and those of the lists it includes).
    Assumes the data passed the validator (terms compile, includes resolve and do not nest)."""
    own = {v["id"]: [compile_term(t) for t in v["terms"]] for v in vocabularies}
    out = {}
    for v in vocabularies:
        exprs = [e for inc in v.get("include", ()) for e in own[inc]] + own[v["id"]]
        # The word-start test stands once in front of the alternatives rather than in each: Python's re
        # then skips every alternative whose first letter does not match without entering it (a match
        # list of 150 terms runs several times faster). Anchored terms keep their own start.
        anchored = [e for e in exprs if not e.startswith(START)]
        plain = [e[len(START) :] for e in exprs if e.startswith(START)]
        groups = [f"(?:{e})" for e in anchored] + ([START + "(?:" + "|".join(plain) + ")"] if plain else [])
        out[v["id"]] = "|".join(groups)
    return out


# ---------------------------------------------------------------- sentences

# A sentence ends at a line break, or at . ! ? followed by spaces, unless the word before is one of
# these abbreviations. The browser reads the same list from the practice data.
NO_BREAK_AFTER = ("e.g.", "i.e.", "vs.", "cf.", "approx.", "incl.", "etc.")
SPLIT = "[.!?][ \\t]+|[ \\t]*[\\r\\n][ \\t\\r\\n]*"
_SPLIT = re.compile(SPLIT)
_SPACE = " \t\r\n"
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def lower(text: str) -> str:
    return text.translate(_ASCII_LOWER)


def _word_char(c: str) -> bool:
    return ("a" <= c <= "z") or ("0" <= c <= "9")


def _no_break(low: str, end: int) -> bool:
    """Whether the full stop ending at `end` closes one of NO_BREAK_AFTER (a whole word) rather than a sentence."""
    for a in NO_BREAK_AFTER:
        begin = end - len(a)
        if begin >= 0 and low[begin:end] == a and (begin == 0 or not _word_char(low[begin - 1])):
            return True
    return False


def split_sentences(text: str) -> list[str]:
    """The sentences of `text`, trimmed, in order, none empty."""
    out: list[str] = []
    start = 0
    low = lower(text)
    for m in _SPLIT.finditer(text):
        if text[m.start()] in ".!?":
            end = m.start() + 1  # the full stop stays with its sentence
            if _no_break(low, end):
                continue
        else:
            end = m.start()
        piece = text[start:end].strip(_SPACE)
        if piece:
            out.append(piece)
        start = m.end()
    piece = text[start:].strip(_SPACE)
    if piece:
        out.append(piece)
    return out


# ---------------------------------------------------------------- the rules, compiled


def window_sources(rule: Item, sources: Mapping[str, str]) -> tuple[str, str]:
    """For a one_sided rule: the expressions that find a rejecting phrase at most `window` words before
    a value term (searched in the text just before it) and after it (in the text just after it)."""
    w = rule["window"]
    gap = f"(?:{SEP}{WORD}+){{0,{w}}}"
    return (f"(?:{sources[rule['reject_before']]}){gap}{SEP}$", f"^{gap}{SEP}(?:{sources[rule['reject_after']]})")


@dataclass(frozen=True)
class Rules:
    sources: Mapping[str, str]  # vocabulary id -> expression
    checks: tuple[Item, ...]  # data/answer_checks.yml, in order
    # vocabulary id -> the words a match can start with (see first_words): where Python tries the expression
    starts: Mapping[str, tuple[frozenset[str], tuple[str, ...], bool]] = ()  # type: ignore[assignment]

    def __post_init__(self) -> None:
        # Each expression is compiled on first use: the practice data needs only the sources, and the
        # validator only the lists it runs.
        object.__setattr__(self, "_compiled", {})
        object.__setattr__(self, "_windows", {})
        object.__setattr__(self, "_word_starts", {})
        # What each check's `applies` asks of a question, read out of the data once (see `applicable`).
        applies = tuple(
            (c["id"], bool(a.get("always")), tuple(a.get("strong_links", ())), frozenset(a.get("stages", ())))
            for c in self.checks
            for a in [c["applies"]]
        )
        object.__setattr__(self, "_applies", applies)

    def vocabularies_starting(self, word: str) -> tuple[str, ...]:
        """The vocabularies a match could start at `word` in (remembered: answers share most words)."""
        cache: dict[str, tuple[str, ...]] = self._word_starts  # type: ignore[attr-defined]
        found = cache.get(word)
        if found is None:
            found = tuple(v for v, (exact, prefixes, _) in self.starts.items() if word in exact or word.startswith(prefixes))
            cache[word] = found
        return found

    def pattern(self, vocabulary: str) -> re.Pattern[str]:
        compiled: dict[str, re.Pattern[str]] = self._compiled  # type: ignore[attr-defined]
        found = compiled.get(vocabulary)
        if found is None:
            found = compiled[vocabulary] = re.compile(self.sources[vocabulary])
        return found

    def windows(self, check_id: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
        compiled: dict[str, tuple[re.Pattern[str], re.Pattern[str]]] = self._windows  # type: ignore[attr-defined]
        found = compiled.get(check_id)
        if found is None:
            rule = next(c["rule"] for c in self.checks if c["id"] == check_id)
            before, after = window_sources(rule, self.sources)
            found = compiled[check_id] = (re.compile(before), re.compile(after))
        return found


def rules_from(vocabularies: Iterable[Item], checks: Iterable[Item]) -> Rules:
    vocabs = list(vocabularies)
    by_id = {v["id"]: v for v in vocabs}
    starts: dict[str, tuple[frozenset[str], tuple[str, ...], bool]] = {}
    for v in vocabs:
        exact: set[str] = set()
        prefixes: set[str] = set()
        anchored = False
        for vid in [*v.get("include", ()), v["id"]]:
            for term in by_id[vid]["terms"]:
                e, p, a = first_words(term)
                exact |= e
                prefixes |= p
                anchored = anchored or a
        starts[v["id"]] = (frozenset(exact), tuple(sorted(prefixes)), anchored)
    return Rules(vocabulary_sources(vocabs), tuple(checks), starts)


def applicable(rules: Rules, question: Item) -> list[str]:
    """The ids of the checks that apply to a question, read from the question's own data: a check applies
    always, when the strong answer links one of its `strong_links` kinds, or when the question comes up in
    one of its `stages`."""
    strong = question.get("strong") or {}
    stages = question.get("stages", ())
    return [
        check_id
        for check_id, always, links, on in rules._applies  # type: ignore[attr-defined]
        if always or any(map(strong.get, links)) or not on.isdisjoint(stages)
    ]


# ---------------------------------------------------------------- running the checks

# How many words before (or after) a value term the rejection search looks at, beyond the window: the
# longest rejecting phrase. Both languages cut the same words, so they search the same text.
CUE_WORDS = 6
_TOKEN = re.compile(WORD + "+")


class _Answer:
    """One answer, split and lowered once; each vocabulary is searched once, on first use."""

    def __init__(self, rules: Rules, text: str) -> None:
        self.rules = rules
        self.sentences = split_sentences(text)
        self.low = [lower(s) for s in self.sentences]
        self.joined = "\n".join(self.low)
        self.starts = []
        at = 0
        for s in self.low:
            self.starts.append(at)
            at += len(s) + 1
        self._hits: dict[str, list[list[tuple[int, int]]]] = {}
        self._places: dict[str, list[int]] | None = None

    def hits(self, vocabulary: str) -> list[list[tuple[int, int]]]:
        """Per sentence, the (start, end) of each match of the vocabulary, relative to the sentence."""
        found = self._hits.get(vocabulary)
        if found is None:
            found = [[] for _ in self.low]
            for start, end in self._matches(vocabulary):
                i = bisect_left(self.starts, start + 1) - 1
                found[i].append((start - self.starts[i], end - self.starts[i]))
            self._hits[vocabulary] = found
        return found

    def _matches(self, vocabulary: str) -> Iterable[tuple[int, int]]:
        """What finditer over the joined text finds, found faster: Python's re tries every alternative of
        a long list at every position, so the expression is only tried where a match can start (a word
        that can begin a term, or a sentence start for anchored terms). Every match starts at such a
        place, and the scan keeps finditer's order and never overlaps, so the result is the same."""
        pattern = self.rules.pattern(vocabulary)
        if not self.rules.starts:
            yield from ((m.start(), m.end()) for m in pattern.finditer(self.joined))
            return
        if self._places is None:
            self._places = {}
            for m in _TOKEN.finditer(self.joined):
                for v in self.rules.vocabularies_starting(m.group(0)):
                    self._places.setdefault(v, []).append(m.start())
        places = self._places.get(vocabulary, [])
        if self.rules.starts[vocabulary][2]:
            places = sorted(set(places) | set(self.starts))
        done = 0
        for pos in places:
            if pos < done:
                continue
            m = pattern.match(self.joined, pos)
            if m:
                yield m.start(), m.end()
                done = m.end()

    def has(self, vocabulary: str, i: int) -> bool:
        return bool(self.hits(vocabulary)[i])


def _rejected(rules: Rules, check: Item, low: str, tokens: list[tuple[int, int]], span: tuple[int, int]) -> bool:
    """Whether a value term at `span` of the sentence `low` is named only to be rejected."""
    before_re, after_re = rules.windows(check["id"])
    reach = check["rule"]["window"] + CUE_WORDS
    starts = [t[0] for t in tokens]
    a, b = span
    first = bisect_left(starts, a)
    begin = tokens[max(0, first - reach)][0] if first > 0 else a
    if before_re.search(low[begin:a]):
        return True
    nxt = bisect_left(starts, b)
    if nxt >= len(tokens):
        return False
    end = tokens[min(len(tokens), nxt + reach) - 1][1]
    return after_re.search(low[b:end]) is not None


def _run_one(rules: Rules, check: Item, ans: _Answer) -> dict[str, Any]:
    rule = check["rule"]
    kind = rule["kind"]
    n = len(ans.sentences)
    quoted: list[int] = []
    missing: list[str] = []
    if kind == "forbid":
        quoted = [i for i in range(n) if ans.has(rule["vocabulary"], i)]
        flag = bool(quoted)
    elif kind == "one_sided":
        value = ans.hits(rule["value"])
        for i in range(n):
            if not value[i] or ans.has(rule["risk"], i):
                continue
            tokens = [(m.start(), m.end()) for m in _TOKEN.finditer(ans.low[i])]
            if any(not _rejected(rules, check, ans.low[i], tokens, span) for span in value[i]):
                quoted.append(i)
        flag = bool(quoted)
    elif kind == "require":
        for part in rule["parts"]:
            vocabs = part["all_of"]
            if any(all(ans.has(v, i) for v in vocabs) for i in range(n)):
                continue
            missing.append(part["id"])
            if len(vocabs) > 1:
                quoted.extend(i for i in range(n) if ans.has(vocabs[0], i) and i not in quoted)
        quoted.sort()
        flag = bool(missing)
    elif kind == "shape":
        seen = [v for v in rule["parts"] if any(ans.has(v, i) for i in range(n))]
        flag = len(seen) >= rule["min_parts"]
        quoted = [i for i in range(n) if any(ans.has(v, i) for v in rule["parts"])] if flag else []
    else:  # the schema allows no other kind
        raise ValueError(f"unknown rule kind {kind!r}")
    return {
        "id": check["id"],
        "state": "flag" if flag else "ok",
        "quotes": [ans.sentences[i] for i in quoted],
        "missing": missing,
    }


def run(rules: Rules, check_ids: Sequence[str], text: str) -> list[dict[str, Any]]:
    """One result per check id, in the rules' order: {id, state: ok|flag, quotes, missing}."""
    ans = _Answer(rules, text)
    wanted = set(check_ids)
    return [_run_one(rules, c, ans) for c in rules.checks if c["id"] in wanted]


def first_match(rules: Rules, vocabulary: str, texts: Iterable[str]) -> str | None:
    """The first words of `texts` that the vocabulary matches, as written there; None if none does."""
    pattern = rules.pattern(vocabulary)
    for text in texts:
        m = pattern.search(lower(text))
        if m:
            return text[m.start() : m.end()]
    return None


def browser_rules(rules: Rules) -> dict[str, Any]:
    """What the practice drill's checker (content/assets/practice.js) needs: the expressions, the checks
    and the sentence rules. The page links each `teaches` page (macros/practice.py)."""
    return {
        "patterns": dict(rules.sources),
        "checks": [
            {
                "id": c["id"],
                "name": c["name"],
                "rule": dict(c["rule"]),
                **(
                    dict(zip(("before", "after"), window_sources(c["rule"], rules.sources), strict=True))
                    if c["rule"]["kind"] == "one_sided"
                    else {}
                ),
                "flag": c["flag"],
                "ok": c["ok"],
                "teaches": c["teaches"],
            }
            for c in rules.checks
        ],
        "split": SPLIT,
        "no_break_after": list(NO_BREAK_AFTER),
        "token": WORD + "+",
        "cue_words": CUE_WORDS,
    }
