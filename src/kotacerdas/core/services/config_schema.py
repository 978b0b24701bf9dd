"""Validating an app configuration against the app's JSON Schema, defaults filled in."""

from __future__ import annotations

import copy
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match


class ConfigInvalid(ValueError):
    """A configuration breaks the app's schema; ``field`` is the JSON path of the failure."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def apply_defaults(schema: dict[str, Any], instance: Any) -> Any:
    """Return ``instance`` with every missing property that has a ``default`` filled in.

    Walks ``properties`` of objects and ``items`` of arrays, which is all our app schemas use;
    defaults are deep-copied so two regions never share one mutable default.
    """
    if schema.get("type") == "object" and isinstance(instance, dict):
        result = dict(instance)
        for name, sub in schema.get("properties", {}).items():
            if name not in result and "default" in sub:
                result[name] = copy.deepcopy(sub["default"])
            if name in result:
                result[name] = apply_defaults(sub, result[name])
        return result
    if schema.get("type") == "array" and isinstance(instance, list):
        items = schema.get("items")
        if isinstance(items, dict):
            return [apply_defaults(items, item) for item in instance]
    return instance


def json_path(parts: Any) -> str:
    path = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in parts)
    return path.lstrip(".") or "(root)"


def validate_config(schema: dict[str, Any], config: Any) -> dict[str, Any]:
    """The configuration with defaults applied, or ``ConfigInvalid`` naming the first bad field."""
    if not isinstance(config, dict):
        raise ConfigInvalid("(root)", "the configuration must be a JSON object")
    filled = apply_defaults(schema, config)
    validator = Draft202012Validator(schema)
    error = best_match(validator.iter_errors(filled))
    if error is not None:
        raise ConfigInvalid(json_path(error.absolute_path), error.message)
    assert isinstance(filled, dict)
    return filled
