"""Completing ninja's OpenAPI document: every operation's error answers, and the JSON
endpoints that are plain Django views for speed.

ninja documents the answers an operation declares in ``response=``. The platform and the
API's exception handlers answer more than that, the same way for every operation; those
answers are added here from what the operation is, so no operation can forget one:

- every operation: 400 (a control character anywhere in the request, a body that is not
  JSON, a parameter out of range);
- an operation with parameters or a body: 422 (input that does not validate);
- with a body: 413 (body over the limit);
- with path parameters: 404 (no such region, app or object);
- with security: 401 (not signed in, or an unknown key) and 403 (not allowed, or a session
  request without its CSRF token);
- an app route (``/api/apps/<key>/{region}/…``): 401 (a ``Bearer`` key that is not this
  region's and app's) and 503 (the region's stored configuration of the app is invalid).

Every error answer is ``{"detail": "...", "field": "..." | null}`` (``ErrorOut``).

The sensor batch ingest (``POST /api/apps/sensor-kota/ingest``) is a platform root route
(a plain Django view: the body is parsed once with orjson, no schema object per reading); its
path item is written here by hand (``ingest_path_item``) and ``tests/api/test_openapi.py``
checks that every JSON endpoint under ``/api/`` is in the document.
"""

from __future__ import annotations

import copy
from typing import Any, TypeVar

from kotacerdas.api.schemas import ErrorOut

ERROR = "ErrorOut"
ERROR_REF = {"$ref": f"#/components/schemas/{ERROR}"}

MEANING = {
    400: "Malformed request: a control character, a body that is not JSON, a value out of range",
    401: "Not signed in, or an unknown, revoked or expired API key",
    403: "Not allowed for the caller, or a session request without its CSRF token",
    404: "No such region, app or object (or the app is not enabled for the region)",
    409: "Conflicts with what is stored",
    413: "Request body over the limit",
    422: "Input that does not validate; `field` names it",
    503: "The region's stored configuration of this app is invalid; its admin can fix it",
}

METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")


def error_response(status: int, schema: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "description": MEANING.get(status, "Refused"),
        "content": {"application/json": {"schema": schema or ERROR_REF}},
    }


def expected_errors(path: str, operation: dict[str, Any], prefix: str) -> set[int]:
    """The error statuses the platform and the API's handlers may answer for ``operation``."""
    params = operation.get("parameters", [])
    # 400 for every operation: the platform refuses a control character anywhere in a
    # request (a parameter, its name, a body field or key) before the operation runs.
    wanted: set[int] = {400}
    if params or "requestBody" in operation:
        wanted.add(422)
    if "requestBody" in operation:
        wanted.add(413)
    if any(p.get("in") == "path" for p in params):
        wanted.add(404)
    if operation.get("security"):
        wanted |= {401, 403}
    if path.startswith(f"{prefix}apps/") and "/{region}" in path:
        wanted |= {401, 404, 503}
    return wanted


def ingest_path_item() -> dict[str, Any]:
    """``POST /api/apps/sensor-kota/ingest`` (``sensor_kota.views.ingest.batch``)."""
    reading = {
        "type": "object",
        "title": "Reading",
        "properties": {
            "sensor": {
                "anyOf": [{"type": "integer"}, {"type": "string"}],
                "description": "The sensor's id or its code",
            },
            "ts": {
                "anyOf": [{"type": "string"}, {"type": "number"}],
                "description": "ISO 8601 with a zone offset, or Unix epoch seconds",
            },
            "value": {"type": "number"},
        },
        "required": ["sensor", "ts", "value"],
    }
    readings = {"type": "array", "items": reading}
    problem = {
        "type": "object",
        "title": "BatchRejected",
        "properties": {
            "detail": {"type": "string"},
            "field": {"anyOf": [{"type": "string"}, {"type": "null"}]},
            "errors": {"type": "array", "items": {"type": "object"}},
        },
        "required": ["detail"],
    }
    refusal = {
        "type": "object",
        "properties": {
            "detail": {"type": "string"},
            "field": {"anyOf": [{"type": "string"}, {"type": "null"}]},
        },
        "required": ["detail"],
    }
    return {
        "post": {
            "operationId": "sensor_kota_ingest_batch",
            "summary": "Batch JSON readings (ingest key)",
            "description": (
                "Readings of the key's region, all or nothing: one bad reading refuses the "
                "batch (400, every problem by index) and nothing is stored. A device key "
                "writes only its station's sensors. A reading already stored (same sensor "
                "and time) counts as a duplicate. The body may be gzip-encoded "
                "(`Content-Encoding: gzip`)."
            ),
            "tags": ["sensor-kota"],
            "security": [{"IngestKey": []}],
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {
                        "schema": {
                            "anyOf": [
                                readings,
                                {
                                    "type": "object",
                                    "properties": {"readings": readings},
                                    "required": ["readings"],
                                },
                            ]
                        }
                    }
                },
            },
            "responses": {
                "200": {
                    "description": "Stored",
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "title": "BatchStored",
                                "properties": {
                                    "received": {"type": "integer"},
                                    "stored": {"type": "integer"},
                                    "duplicates": {"type": "integer"},
                                },
                                "required": ["received", "stored", "duplicates"],
                            }
                        }
                    },
                },
                "400": error_response(400, problem),
                "401": error_response(401, refusal),
                "404": error_response(404, refusal),
                "413": error_response(413, refusal),
                "422": error_response(422, refusal),
                "503": error_response(503, refusal),
            },
        }
    }


Document = TypeVar("Document", bound=dict[str, Any])


def complete_document(schema: Document, prefix: str = "/api/") -> Document:
    """Add the error answers and the hand-written path items to ninja's ``schema``."""
    components = schema.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    schemas.setdefault(ERROR, copy.deepcopy(ErrorOut.model_json_schema()))
    schemes = components.setdefault("securitySchemes", {})
    schemes.setdefault(
        "IngestKey",
        {
            "type": "http",
            "scheme": "bearer",
            "description": "A Sensor Kota ingest key (gateway or device), issued in the console",
        },
    )
    schema["paths"].setdefault(f"{prefix}apps/sensor-kota/ingest", ingest_path_item())
    for path, item in schema["paths"].items():
        for method in METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            # ninja keys responses by int; the document's keys are strings.
            responses = {str(k): v for k, v in operation.get("responses", {}).items()}
            for status in sorted(expected_errors(path, operation, prefix)):
                responses.setdefault(str(status), error_response(status))
            operation["responses"] = dict(sorted(responses.items()))
    return schema
