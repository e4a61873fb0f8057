"""The one strict YAML reader for data/: the subset of YAML a data file needs, bounded, or a problem
with its line and column.

PyYAML's safe loaders accept what a contributor's pull request must not bring in (TOOLING-NOTES):
duplicate keys (the last silently wins), YAML 1.1 keys that are not text (`on:` and `yes:` are
booleans, `2026:` a number, `~:` null), explicit tags (`!!timestamp`, `!!set`, `!!binary`), alias
expansion (a 30 KB file can exhaust memory) and nesting deep enough to overflow the stack. This reader
walks libyaml's event stream instead, which needs no recursion, and builds the plain JSON values the
schemas describe while refusing each of those, with the place it found it:

- a file larger than MAX_FILE_BYTES is refused before it is parsed, at the value it is in when it
  crosses the limit (only the first MAX_FILE_BYTES are read);
- text values longer than MAX_SCALAR_CHARS, nesting deeper than MAX_DEPTH, more than one document;
- anchors, aliases and merge keys (`<<:`); explicit tags of any kind;
- keys that are not text, and a key used twice in one mapping (both lines named);
- numbers a JSON reader would not give back exactly (beyond 2**53, or not finite).

Dates stay text ("2026-11-27"): the schemas describe JSON, where a date is a string.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

import yaml

MAX_FILE_BYTES = 4_000_000  # real files are at most 52 KB; at 5,000 questions metric_pairs.yml is 2.8 MB
MAX_SCALAR_CHARS = 10_000  # the schemas' longest text limit is far below this
MAX_DEPTH = 16  # the data nests six deep
NESTING_HINT = "data files nest a few levels at most"
MAX_SAFE_INT = 2**53  # what JSON (and JavaScript, and the exports) keep exactly

_Parser = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Resolver(yaml.resolver.Resolver):
    """YAML 1.1 implicit types as PyYAML's safe loader has them, except timestamps (they stay text)."""


_Resolver.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.resolver.Resolver.yaml_implicit_resolvers.items()
}
_RESOLVER = _Resolver()
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_STR = "tag:yaml.org,2002:str"


@dataclass(frozen=True)
class StrictYamlError(Exception):
    line: int  # 1-based
    col: int  # 1-based
    message: str
    hint: str = ""


def _at(mark: Any, message: str, hint: str = "") -> StrictYamlError:
    return StrictYamlError(mark.line + 1, mark.column + 1, message, hint)


def _kind_of(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    return type(value).__name__


def _scalar(event: yaml.ScalarEvent, found: list[StrictYamlError]) -> Any:
    if len(event.value) > MAX_SCALAR_CHARS:
        raise _at(
            event.start_mark,
            f"this value is {len(event.value)} characters long; a data file's values are limited to {MAX_SCALAR_CHARS}",
            "shorten it, or split it into list items",
        )
    if not event.implicit[0]:  # quoted or block scalar: text
        return event.value
    tag = _RESOLVER.resolve(yaml.ScalarNode, event.value, (True, False))
    construct = _CONSTRUCTOR.yaml_constructors.get(tag)
    if tag == _STR or construct is None:  # text, or '<<' and '=' (a merge key is refused as a key)
        return event.value
    node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark)
    try:
        value = construct(_CONSTRUCTOR, node)
    except (ValueError, OverflowError, yaml.YAMLError):
        found.append(_at(event.start_mark, f"cannot read {event.value[:40]!r} as a value", "put the value in quotes"))
        return event.value
    if isinstance(value, float) and not math.isfinite(value):
        found.append(
            _at(event.start_mark, f"{event.value[:40]!r} is not a finite number", "put the value in quotes if it is text")
        )
        return event.value
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_SAFE_INT:
        found.append(
            _at(event.start_mark, f"the number {event.value[:40]} is too large", "put the value in quotes if it is text")
        )
        return event.value
    return value


def _refuse_extras(event: Any, found: list[StrictYamlError]) -> None:
    anchor = getattr(event, "anchor", None)
    if anchor is not None:
        found.append(
            _at(
                event.start_mark,
                f"anchor '&{anchor[:40]}' is not allowed in data files",
                "write the value out in full; anchors, aliases and merge keys are not used in data/",
            )
        )
    tag = getattr(event, "tag", None)
    if tag is not None:
        found.append(
            _at(
                event.start_mark,
                f"explicit tag '{tag.replace('tag:yaml.org,2002:', '!!')[:40]}' is not allowed in data files",
                "remove the tag; put the value in quotes if it is text",
            )
        )


_ITEM_OR_KEY = re.compile(r"( *)((?:- +)*)((?:[^\s:#'\"][^:]*?|'[^']*'|\"[^\"]*\"):(?= |$) *)?")
_BACK_LINES = 20_000  # about 0.1 s; a longer block value is reported at the line where it crosses the limit


def truncated_at(text: str) -> tuple[int, int]:
    """Where, in the first part of an oversized file, the value that crosses the size limit starts
    (1-based line and column), found from the text's layout rather than by parsing megabytes: the line
    at the cut when it starts a list item or a key, else the nearest line above it that is indented
    less (the key of the block or multi-line value the cut is in)."""
    start = text.rfind("\n") + 1
    line_no = text.count("\n", 0, start) + 1
    line = text[start:]
    indent = len(line) - len(line.lstrip(" "))
    m = _ITEM_OR_KEY.match(line)
    if not (m.group(2) or m.group(3)):
        pos, ln = start, line_no
        for _ in range(_BACK_LINES):
            if pos == 0:
                break
            prev = text.rfind("\n", 0, pos - 1) + 1
            candidate, pos, ln = text[prev : pos - 1], prev, ln - 1
            if candidate.strip() and len(candidate) - len(candidate.lstrip(" ")) < indent:
                line, line_no = candidate, ln
                m = _ITEM_OR_KEY.match(line)
                break
    return line_no, m.end() + 1


def _events(text: str) -> Any:
    """The parser's events. libyaml (PyYAML 6.0.4) stops at a thousand nested flow brackets while it scans
    ahead, before MAX_DEPTH is reached in the events: that is the same problem, so it gets the same message."""
    try:
        yield from yaml.parse(text, Loader=_Parser)
    except yaml.MarkedYAMLError as exc:
        if "maximum nesting depth" in str(exc.problem) and exc.problem_mark is not None:
            raise _at(
                exc.problem_mark, f"nested more than {MAX_DEPTH} levels deep", "data files nest a few levels at most"
            ) from None
        raise


def load(text: str) -> tuple[Any, list[StrictYamlError]]:
    """The file's one document as dicts, lists, text, numbers, booleans and null, and what this reader
    refuses in it (the value is only usable when that list is empty). Reading goes on after a bad key
    or tag, so one run names all of them; an alias, deep nesting or an oversized value stops it
    (raised as StrictYamlError), and a syntax error raises yaml.YAMLError."""
    found: list[StrictYamlError] = []
    stack: list[Any] = []  # open collections: a list, or [dict, pending key or None, key marks]
    root: Any = None
    documents = 0
    for event in _events(text):
        if isinstance(event, yaml.ScalarEvent):
            _refuse_extras(event, found)
            value: Any = _scalar(event, found)
        elif isinstance(event, yaml.MappingStartEvent):
            _refuse_extras(event, found)
            if len(stack) >= MAX_DEPTH:
                raise _at(event.start_mark, f"nested more than {MAX_DEPTH} levels deep", NESTING_HINT)
            stack.append(_Mapping(event.start_mark, found))
            continue
        elif isinstance(event, yaml.SequenceStartEvent):
            _refuse_extras(event, found)
            if len(stack) >= MAX_DEPTH:
                raise _at(event.start_mark, f"nested more than {MAX_DEPTH} levels deep", NESTING_HINT)
            stack.append([])
            continue
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            done = stack.pop()
            value = done.value if isinstance(done, _Mapping) else done
            event = None  # a finished collection is never a key
        elif isinstance(event, yaml.AliasEvent):
            raise _at(
                event.start_mark,
                f"alias '*{event.anchor[:40]}' is not allowed in data files",
                "write the value out in full; anchors, aliases and merge keys are not used in data/",
            )
        elif isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise _at(
                    event.start_mark, "a data file holds one YAML document; found a second '---'", "remove the second '---'"
                )
            continue
        else:  # stream start and end, document end
            continue
        # A finished value: the root, a list item, a mapping's key or a mapping's value.
        if not stack:
            root = value
            continue
        parent = stack[-1]
        if isinstance(parent, list):
            parent.append(value)
        else:
            parent.add(value, event)
    return root, found


class _Mapping:
    """A mapping being read: keys must be text, once each."""

    __slots__ = ("value", "key", "has_key", "lines", "start", "found")

    def __init__(self, start: Any, found: list[StrictYamlError]) -> None:
        self.value: dict[str, Any] = {}
        self.key: str | None = None  # None while the key was refused: its value is read and dropped
        self.has_key = False
        self.lines: dict[str, int] = {}
        self.start = start
        self.found = found

    def add(self, item: Any, event: yaml.ScalarEvent | None) -> None:
        if not self.has_key:
            self.key = self._key(item, event)
            self.has_key = True
            return
        if self.key is not None:
            self.value[self.key] = item
        self.has_key = False

    def _key(self, item: Any, event: yaml.ScalarEvent | None) -> str | None:
        problem = self._problem(item, event)
        if problem is not None:
            self.found.append(problem)
            return None
        assert event is not None
        self.lines[item] = event.start_mark.line + 1
        return str(item)

    def _problem(self, item: Any, event: yaml.ScalarEvent | None) -> StrictYamlError | None:
        if event is None:
            return _at(self.start, "a key here is a list or a mapping", "keys in data files are plain words, such as 'title:'")
        if not isinstance(item, str):
            return _at(
                event.start_mark,
                f"the key '{event.value[:40]}' is read as {_kind_of(item)}, not as text",
                f"write the key in quotes if you mean the word: '\"{event.value[:40]}\":'",
            )
        if item == "<<" and event.implicit[0]:
            return _at(
                event.start_mark,
                "merge keys ('<<') are not allowed in data files",
                "write the entry's keys out in full",
            )
        first = self.lines.get(item)
        if first is not None:
            return _at(
                event.start_mark,
                f"duplicate key '{item[:60]}' (first at line {first})",
                "keep one of the two: YAML would silently keep only the last",
            )
        return None
