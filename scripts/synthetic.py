"""A deterministic synthetic data folder of N questions, for the benchmark.

The synthetic set is grown from the real data rather than invented: question i is real question
(i mod R) in "copy" i // R, where R is the number of real questions. Each copy k >= 1 also brings its
own clone of every source and metric pair, with the references inside copy k rewritten to copy k's
clones. So the set keeps the real text lengths, the real mix of stages, dimensions and references per
question, and the real ratio of metric pairs and sources to questions. Stages, dimensions, launch
bars, translations, RSP tensions and briefings are copied as they are: they describe the loop and the
toolkit, which do not grow with the question bank.

A clone's prose is disguised (`disguise`): each letter of a long word is swapped by a per-copy table,
so copies do not repeat each other's text. Without it gzip would find every copy in the previous one
and report search-index and page sizes far below what N distinct questions weigh. The swap never
produces a term the content rules look for, and keeps every word they do look at, so each clone
passes the same checks as its original; `write` runs the real validator to make sure.
"""

from __future__ import annotations

import math
import random
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from macros import model

# Cloned once per copy, so they grow in proportion to the questions (the issue names these two).
SCALED = ("sources", "metric_pairs")
QUESTIONS_PER_FILE = 50
MAX_ID = 60  # common.schema.json's id maxLength; checked by validating the result

_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def clone_id(item_id: str, copy: int) -> str:
    """Copy 0 keeps the real id (so unscaled kinds still resolve); copy k gets a '-c<k>' suffix."""
    if copy == 0:
        return item_id
    suffix = f"-c{copy}"
    return item_id[: MAX_ID - len(suffix)].rstrip("-") + suffix


# Disguised words use only these letters: without c, d, m, n and w no value-metric term (engagement,
# DAU, NPS, retention, ...) and no name the claims check knows can appear by chance.
_LETTERS = "abefghijklopqrstuvxyz"
_WORD = re.compile(r"[A-Za-z]{5,}")
# Words that begin with any word of a term the answer checks look for ("counter" and "metric" of
# "counter-metric") stay as they are, so each sentence keeps what the checks read; short words
# (DAU, NPS, RSP, ASL) are never touched.
# The words come from the answer checks' vocabularies (data/vocabularies.yml), which the validator applies
# to every exemplar; words shorter than three letters would keep too much (every word starting with "i").
_VOCABULARIES = model.read_yaml((model.DATA_DIR / "vocabularies.yml").read_text(encoding="utf-8"))["vocabularies"]
_TERM_WORDS = sorted({w for v in _VOCABULARIES for t in v["terms"] for w in re.findall(r"[a-z]+", t) if len(w) >= 3})
_KEEP = re.compile("|".join(map(re.escape, _TERM_WORDS)), re.IGNORECASE)


def disguise(text: str, copy: int) -> str:
    """`text` with its long words' letters swapped by copy `copy`'s table (copy 0: unchanged)."""
    if copy == 0:
        return text
    # A shuffled alphabet (five letters used twice): the text keeps English-like letter statistics,
    # so it compresses about as well as real prose.
    rng = random.Random(copy)
    pool = list(_LETTERS) + rng.sample(_LETTERS, 26 - len(_LETTERS))
    rng.shuffle(pool)
    table = dict(zip("abcdefghijklmnopqrstuvwxyz", pool, strict=True))

    def swap(m: re.Match[str]) -> str:
        word = m.group(0)
        if _KEEP.match(word):
            return word
        return "".join(table[c] if c.islower() else table[c.lower()].upper() for c in word)

    return _WORD.sub(swap, text)


def _plain(value: Any) -> Any:
    """The model's read-only mappings as plain dicts and lists, ready to dump."""
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _rename(value: Any, renames: set[str], copy: int) -> Any:
    """Rewrite every id reference (a string equal to a scaled id) to copy `copy`'s clone.

    Prose never equals an id exactly (ids have no spaces), so matching whole strings is safe; the
    result is validated anyway."""
    if copy == 0:
        return value
    if isinstance(value, dict):
        return {k: _rename(v, renames, copy) for k, v in value.items()}
    if isinstance(value, list):
        return [_rename(v, renames, copy) for v in value]
    if isinstance(value, str) and value in renames:
        return clone_id(value, copy)
    if isinstance(value, str) and " " in value:  # prose; ids, dates and enum values have no spaces
        return disguise(value, copy)
    return value


def _clone(item: Mapping[str, Any], renames: set[str], copy: int) -> dict[str, Any]:
    out = _rename(_plain(item), renames, copy)
    out["id"] = clone_id(item["id"], copy)
    return out


def build_items(real: model.Model, n: int) -> dict[str, list[dict[str, Any]]]:
    """Every kind's items for a set of `n` questions grown from the real model `real`."""
    real_qs = real.items["questions"]
    if not real_qs:
        raise ValueError("the real data has no questions to grow a synthetic set from")
    copies = max(1, math.ceil(n / len(real_qs)))
    cloned = {*SCALED, "questions"}
    cloned_ids = {item["id"] for k in model.KINDS if k.key in cloned for item in real.items[k.key]}
    fixed_ids = {item["id"] for k in model.KINDS if k.key not in cloned for item in real.items[k.key] if "id" in item}
    # An id shared with an unscaled kind stays as it is in references: copy 0 still resolves it.
    renames = cloned_ids - fixed_ids
    out: dict[str, list[dict[str, Any]]] = {}
    for kind in model.KINDS:
        items = real.items[kind.key]
        if kind.key == "questions":
            out[kind.key] = [_clone(real_qs[i % len(real_qs)], renames, i // len(real_qs)) for i in range(n)]
        elif kind.key in SCALED:
            out[kind.key] = [_clone(item, renames, c) for c in range(copies) for item in items]
        else:
            out[kind.key] = [_plain(item) for item in items]
    return out


def _dump(path: Path, key: str, items: list[dict[str, Any]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.dump({key: items}, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=1000)
    path.write_text(text, encoding="utf-8")


def write(dest: Path, n: int, source: Path = model.DATA_DIR) -> dict[str, int]:
    """Write the synthetic data folder for `n` questions to `dest` (which must not exist yet), check
    it with the real validator, and return the number of items of each kind."""
    real = model.load_or_raise(source)
    items = build_items(real, n)
    dest.mkdir(parents=True)
    for kind in model.KINDS:
        if "*" in kind.pattern:
            folder = dest / kind.pattern.split("/")[0]
            chunks = [items[kind.key][i : i + QUESTIONS_PER_FILE] for i in range(0, len(items[kind.key]), QUESTIONS_PER_FILE)]
            for j, chunk in enumerate(chunks, 1):
                _dump(folder / f"part-{j:03d}.yml", kind.key, chunk)
        else:
            _dump(dest / kind.pattern, kind.key, items[kind.key])
    _, problems = model.check(dest)
    if problems:
        shown = "\n".join(p.format() for p in problems[:20])
        raise ValueError(f"the synthetic data set does not validate ({len(problems)} problem(s)):\n{shown}")
    return {k.key: len(items[k.key]) for k in model.KINDS}
