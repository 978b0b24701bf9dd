"""CKAN's answer envelope: ``{"help", "success", "result"}``; errors with ``__type``."""

from __future__ import annotations

from typing import Any

import orjson
from django.http import HttpRequest, HttpResponse

NOT_FOUND = "Not Found Error"
VALIDATION = "Validation Error"
AUTHORIZATION = "Authorization Error"
SEARCH_QUERY = "Search Query Error"
BAD_REQUEST = "Bad Request"

STATUS = {NOT_FOUND: 404, VALIDATION: 409, AUTHORIZATION: 403, SEARCH_QUERY: 400, BAD_REQUEST: 400}


class ActionError(Exception):
    """A refusal in CKAN's terms: ``kind`` is the ``__type``, ``fields`` per-field messages."""

    def __init__(self, kind: str, message: str, fields: dict[str, list[str]] | None = None):
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.fields = fields or {}

    @property
    def status(self) -> int:
        return STATUS.get(self.kind, 400)


def not_found(what: str) -> ActionError:
    return ActionError(NOT_FOUND, f"Not found: {what}")


def invalid(field: str, message: str) -> ActionError:
    return ActionError(VALIDATION, f"{field}: {message}", {field: [message]})


def help_url(request: HttpRequest, base: str, action: str) -> str:
    return request.build_absolute_uri(f"{base}api/3/action/help_show?name={action}")


def _default(value: Any) -> Any:
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    return str(value)


def dumps(data: Any) -> bytes:
    return orjson.dumps(data, default=_default, option=orjson.OPT_NON_STR_KEYS)


def success(request: HttpRequest, base: str, action: str, result: Any) -> HttpResponse:
    body = {"help": help_url(request, base, action), "success": True, "result": result}
    return _response(dumps(body), 200)


def failure(request: HttpRequest, base: str, action: str, error: ActionError) -> HttpResponse:
    detail: dict[str, Any] = {"__type": error.kind, "message": error.message}
    for field, messages in error.fields.items():
        if field not in detail:
            detail[field] = messages
    body = {"help": help_url(request, base, action), "success": False, "error": detail}
    return _response(dumps(body), error.status)


def _response(body: bytes, status: int) -> HttpResponse:
    response = HttpResponse(body, status=status, content_type="application/json;charset=utf-8")
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "no-cache"
    return response
