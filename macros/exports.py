"""Machine-readable exports built with the site: guide.json and the schema that describes it."""

from __future__ import annotations

import json
import re
from typing import Any

from .model import KINDS, Model

GUIDE_SCHEMA_ID = "guide.schema.json"

# check_circular off: the data are trees (the YAML reader refuses anchors and aliases), and the check
# costs a dict entry per list and object.
_ASCII_JSON = json.JSONEncoder(ensure_ascii=True, sort_keys=True, separators=(",", ":"), check_circular=False).encode
# In the ASCII encoder's output: an escaped backslash (kept as it is, so the 'u' after it is text) or
# a \uXXXX escape, a surrogate pair as one.
_ESCAPE = re.compile(rb"\\\\|\\ud[89ab][0-9a-f]{2}\\ud[c-f][0-9a-f]{2}|\\u[0-9a-f]{4}")


def compact_json(value: Any) -> bytes:
    """`json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))` in UTF-8, byte for
    byte (sorted keys and fixed separators: the same data always give the same bytes), about 40% faster.
    With ensure_ascii=False, one non-ASCII character (an en dash) widens the encoder's whole output to 2
    bytes per character; the ASCII encoder's output stays 1 byte per character and differs only in
    writing each character from U+007F up as \\uXXXX (a surrogate pair above U+FFFF), which this turns
    back into the character. The other escapes (quote, backslash, control characters) are the same in
    both, so they stay. tests/test_exports.py compares the two on random data."""
    memo: dict[bytes, bytes] = {}

    def raw(m: re.Match[bytes]) -> bytes:
        escape = m.group()
        if escape not in memo:
            char = json.loads(b'"' + escape + b'"')
            memo[escape] = char.encode("utf-8") if char >= "\x7f" else escape
        return memo[escape]

    return _ESCAPE.sub(raw, _ASCII_JSON(value).encode("ascii"))


def guide(model: Model) -> dict[str, Any]:
    """The whole model as plain data, keyed by kind, in the order the data files give."""
    return {k.key: [dict(item) for item in model.items[k.key]] for k in KINDS}


def guide_json(model: Model) -> bytes:
    # Compact, not indented: json uses its C encoder only without an indent (twice as fast).
    return compact_json(guide(model)) + b"\n"


def guide_schema() -> dict[str, Any]:
    """guide.json's schema: each top-level list is the list its data file's schema describes, so the
    data schemas stay the one definition (they are published beside it under schema/)."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Anthropic PM interview guide: the whole content model",
        "type": "object",
        "additionalProperties": False,
        "required": [k.key for k in KINDS],
        "properties": {k.key: {"$ref": f"schema/{k.schema}#/properties/{k.key}"} for k in KINDS},
    }
