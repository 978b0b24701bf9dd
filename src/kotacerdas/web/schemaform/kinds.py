"""What kind of form control a piece of JSON Schema becomes."""

from __future__ import annotations

import copy
from typing import Any

Path = tuple[str | int, ...]

OBJECT = "object"
BILINGUAL = "bilingual"
LIST = "list"
MAP = "map"
TEXT = "text"
NUMBER = "number"
CHECKBOX = "checkbox"
SELECT = "select"
AGENCY = "agency"
JSON = "json"


def is_bilingual(schema: dict[str, Any]) -> bool:
    """An object with exactly ``id`` and ``en`` text properties: a name in both languages."""
    props = schema.get("properties")
    if not isinstance(props, dict) or set(props) != {"id", "en"}:
        return False
    return all(
        isinstance(p, dict) and p.get("type") == "string" and "enum" not in p
        for p in props.values()
    )


def kind_of(schema: dict[str, Any]) -> str:
    if "enum" in schema:
        return SELECT
    if schema.get("x-kotacerdas-ref") == "agency":
        return AGENCY
    kind = schema.get("type")
    if kind == "object":
        props = schema.get("properties")
        extra = schema.get("additionalProperties")
        if props is None and isinstance(extra, dict):
            return MAP
        if isinstance(props, dict):
            return BILINGUAL if is_bilingual(schema) else OBJECT
        return JSON
    if kind == "array":
        return LIST if isinstance(schema.get("items"), dict) else JSON
    if kind == "string":
        return TEXT
    if kind in ("integer", "number"):
        return NUMBER
    if kind == "boolean":
        return CHECKBOX
    return JSON


def is_fixed(schema: dict[str, Any]) -> bool:
    """A list of a fixed length (``minItems == maxItems``): no adding or removing."""
    low, high = schema.get("minItems"), schema.get("maxItems")
    return low is not None and low == high


def default_of(schema: dict[str, Any]) -> Any:
    """The value a new list item starts with: the schema's defaults, nothing invented."""
    if "default" in schema:
        return copy.deepcopy(schema["default"])
    kind = kind_of(schema)
    if kind in (OBJECT, BILINGUAL):
        out = {}
        for name, sub in schema.get("properties", {}).items():
            if isinstance(sub, dict) and "default" in sub:
                out[name] = copy.deepcopy(sub["default"])
            elif isinstance(sub, dict) and kind_of(sub) == LIST and sub.get("minItems"):
                out[name] = [default_of(sub["items"]) for _ in range(int(sub["minItems"]))]
        return out
    if kind == LIST and schema.get("minItems"):
        return [default_of(schema["items"]) for _ in range(int(schema["minItems"]))]
    return None
