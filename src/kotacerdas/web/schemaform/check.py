"""Every way a configuration breaks its schema, as problems at their place (not only the first)."""

from __future__ import annotations

from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from kotacerdas.core.services.config_schema import apply_defaults
from kotacerdas.web.schemaform.parse import Problem

# Validators whose failure points at a deeper subschema: their own error says little.
_COMBINATORS = {"anyOf", "oneOf", "allOf", "not", "if", "then", "else"}


def _problems(error: ValidationError) -> list[Problem]:
    path = tuple(error.absolute_path)
    code = str(error.validator)
    wanted: Any = error.validator_value
    schema: Any = error.schema if isinstance(error.schema, dict) else {}
    if code == "required":
        instance = error.instance if isinstance(error.instance, dict) else {}
        return [Problem((*path, name), "required") for name in wanted if name not in instance]
    if code == "additionalProperties":
        known = set(schema.get("properties", {}))
        extra = (
            sorted(k for k in (error.instance or {}) if k not in known)
            if isinstance(error.instance, dict)
            else []
        )
        return [Problem(path, code, {"names": ", ".join(extra)})]
    if code == "type":
        wanted = wanted[0] if isinstance(wanted, list) and wanted else wanted
        return [Problem(path, f"type:{wanted}")]
    if code in (
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "maxLength",
        "minItems",
        "maxItems",
    ):
        return [Problem(path, code, {"limit": error.validator_value})]
    if code == "minLength":
        limit = error.validator_value
        return [Problem(path, "minLength:1" if limit == 1 else code, {"limit": limit})]
    if code == "pattern":
        return [Problem(path, code, {"pattern": error.validator_value})]
    if code == "enum":
        return [Problem(path, code, {"choices": list(wanted)})]
    if code == "format":
        return [Problem(path, f"format:{error.validator_value}")]
    if code in _COMBINATORS and error.context:
        return [p for sub in error.context for p in _problems(sub)]
    return [Problem(path, "invalid")]


def check(schema: dict[str, Any], config: dict[str, Any], already: list[Problem]) -> list[Problem]:
    """The schema's problems with ``config`` (defaults applied), after the parser's own.

    A place the parser already refused (text that is no number, a control character) gets no
    second message, nor does a "required" for it.
    """
    filled = apply_defaults(schema, config)
    refused = {p.path for p in already}
    seen = {(p.path, p.code) for p in already}
    out = list(already)
    for error in Draft202012Validator(schema).iter_errors(filled):
        for problem in _problems(error):
            if problem.path in refused or (problem.path, problem.code) in seen:
                continue
            seen.add((problem.path, problem.code))
            out.append(problem)
    return out
