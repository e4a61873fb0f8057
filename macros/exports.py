"""Machine-readable exports built with the site: guide.json and the schema that describes it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import orjson

from .model import KINDS, Model

GUIDE_SCHEMA_ID = "guide.schema.json"


def _plain(value: Any) -> Any:
    # The model's entries are read-only mappings (MappingProxyType), which orjson does not know.
    if isinstance(value, Mapping):
        return dict(value)
    raise TypeError(f"not JSON data: {type(value).__name__}")


def compact_json(value: Any) -> bytes:
    """`value` as compact JSON in UTF-8 with sorted keys, so the same data always give the same bytes.
    orjson, not json: with the C encoder json took 0.25 s for guide.json at 5,000 questions (0.4 s with
    the indent it had), orjson 0.015 s; the text is what json.dumps(ensure_ascii=False, sort_keys=True,
    separators=(",", ":")) writes for the data a YAML file can hold (tests/test_exports.py)."""
    return orjson.dumps(value, default=_plain, option=orjson.OPT_SORT_KEYS)


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
