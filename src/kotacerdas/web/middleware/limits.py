"""The request body limit per endpoint kind, checked before authentication and before any
view reads the body; over it, 413 in the caller's format.

The table is ``settings.KOTACERDAS_BODY_LIMITS`` (documented in docs/SECURITY.md): the
first entry whose ``path`` pattern matches wins, else ``KOTACERDAS_BODY_LIMIT_DEFAULT``.
A ``limit`` may name another setting (the sensor ingest's ``SENSOR_KOTA_MAX_BODY_BYTES``).

Two layers, because the ASGI handler reads the whole body before Django's middleware runs:

- :class:`BodyLimitASGI` wraps the ASGI application: a declared ``Content-Length`` over the
  limit is answered at once, without receiving a byte of the body (a client that sent
  ``Expect: 100-continue`` never sends it); a chunked body is counted as it arrives and
  cut off at the limit.
- :class:`BodyLimitMiddleware` checks ``Content-Length`` again for WSGI servers and the test
  client, first in ``MIDDLEWARE``, before the session, CSRF and authentication.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from kotacerdas.web.middleware.formats import body_for, kind_of, refusal

MB = 1024 * 1024
Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]


@dataclass(frozen=True)
class Limit:
    kind: str
    limit: int
    raw: bool  # the view parses the body itself (no form parsing at the edge)


def _bytes(value: int | str) -> int:
    return int(getattr(settings, value)) if isinstance(value, str) else int(value)


def limit_for(path: str) -> Limit:
    """The body limit of the endpoint at ``path``."""
    for entry in getattr(settings, "KOTACERDAS_BODY_LIMITS", []):
        if re.match(entry["path"], path):
            return Limit(entry["kind"], _bytes(entry["limit"]), bool(entry.get("raw")))
    return Limit("default", _bytes(getattr(settings, "KOTACERDAS_BODY_LIMIT_DEFAULT", MB)), False)


def _size(limit: int) -> str:
    return f"{limit / MB:g} MB" if limit >= MB else f"{limit} bytes"


def too_large_message(limit: Limit) -> tuple[str, str]:
    title = _("Request too large")
    detail = _("the request body is over %(size)s, the limit of this address; send less") % {
        "size": _size(limit.limit)
    }
    return title, detail


def too_large(request: HttpRequest, limit: Limit) -> HttpResponse:
    title, detail = too_large_message(limit)
    response = refusal(request, 413, title, detail, "body")
    response["Connection"] = "close"
    return response


class BodyLimitMiddleware:
    """413 for a declared ``Content-Length`` over the path's limit (first in MIDDLEWARE)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        declared = str(request.META.get("CONTENT_LENGTH") or "")
        if declared.isdigit():
            limit = limit_for(request.path_info)
            if int(declared) > limit.limit:
                return too_large(request, limit)
        return self.get_response(request)


def _header(scope: Scope, name: bytes) -> str:
    for key, value in scope.get("headers", ()):
        if key.lower() == name:
            return bytes(value).decode("latin-1")
    return ""


async def _answer(scope: Scope, send: Send, limit: Limit) -> None:
    title, detail = too_large_message(limit)
    path = str(scope.get("path", "/"))
    kind = kind_of(path, _header(scope, b"content-type"), _header(scope, b"accept"))
    content, content_type = body_for(kind, path, 413, title, detail, "body")
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", content_type.encode()),
                (b"content-length", str(len(content)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": content})


class BodyLimitASGI:
    """The body limit in front of the ASGI application (see the module's docstring)."""

    def __init__(self, app: Callable[[Scope, Receive, Send], Awaitable[None]]) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = limit_for(str(scope.get("path", "/")))
        declared = _header(scope, b"content-length").strip()
        if declared.isdigit() and int(declared) > limit.limit:
            await _answer(scope, send, limit)
            return
        received = 0
        cut = False
        started = False

        async def limited_receive() -> Message:
            nonlocal received, cut
            if cut:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit.limit:
                    # Django's handler stops reading at a disconnect and answers nothing;
                    # the 413 is sent below.
                    cut = True
                    return {"type": "http.disconnect"}
            return message

        async def watched_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        await self.app(scope, limited_receive, watched_send)
        if cut and not started:
            await _answer(scope, send, limit)
