"""Machine-readable exports built with the site: guide.json and the schema that describes it."""

from __future__ import annotations

from typing import Any

from . import compact_json
from .model import KINDS, Model

GUIDE_SCHEMA_ID = "guide.schema.json"


def guide(model: Model) -> dict[str, Any]:
    """The whole model as plain data, keyed by kind, in the order the data files give."""
    return {k.key: [dict(item) for item in model.items[k.key]] for k in KINDS}


def guide_json(model: Model) -> bytes:
    # Compact, not indented: json uses its C encoder only without an indent (twice as fast).
    return compact_json.dumps(guide(model)) + b"\n"


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
