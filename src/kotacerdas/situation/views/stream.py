"""The SSE endpoints of a region's room and of the province's."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

from django.core.handlers.asgi import ASGIRequest
from django.http import HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.utils.translation import gettext as _

from kotacerdas.core.metrics import STREAM_CLIENTS
from kotacerdas.situation.access import room_access
from kotacerdas.situation.province import province_access
from kotacerdas.situation.stream import Cursor, newest_id, stream, stream_sync


class BadResume(ValueError):
    pass


def resume_from(request: HttpRequest) -> int:
    """Where to start: the browser's Last-Event-ID on a reconnect, else ``?after=`` from the
    page (so nothing between rendering and connecting is lost), else only new events."""
    raw = request.headers.get("Last-Event-ID") or request.GET.get("after")
    if raw is None or raw == "":
        return newest_id()
    if not raw.strip().isdigit():
        raise BadResume(raw)
    return int(raw.strip())


async def _counted(body: AsyncIterator[str]) -> AsyncIterator[str]:
    """The stream, counted in ``/metrics`` while a browser reads it."""
    STREAM_CLIENTS.inc()
    try:
        async for chunk in body:
            yield chunk
    finally:
        STREAM_CLIENTS.dec()
        close = getattr(body, "aclose", None)
        if close is not None:  # a disconnect closes this wrapper: the stream with it
            await close()


def _counted_sync(body: Iterator[str]) -> Iterator[str]:
    STREAM_CLIENTS.inc()
    try:
        yield from body
    finally:
        STREAM_CLIENTS.dec()


def _open(request: HttpRequest, cursor: Cursor) -> HttpResponseBase:
    if isinstance(request, ASGIRequest):
        body: AsyncIterator[str] | Iterator[str] = _counted(stream(cursor))
    else:
        body = _counted_sync(stream_sync(cursor))
    response = StreamingHttpResponse(body, content_type="text/event-stream; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    # nginx buffers responses unless told; a buffered stream is not live.
    response["X-Accel-Buffering"] = "no"
    return response


def _bad_resume(raw: str) -> HttpResponse:
    message = _("Last-Event-ID must be the id of an event (a whole number), not %(value)r.")
    return HttpResponse(message % {"value": raw}, status=400, content_type="text/plain")


def _region_cursor(request: HttpRequest, region_slug: str) -> Cursor | HttpResponse:
    access = room_access(request, region_slug)
    if isinstance(access, HttpResponse):
        return access
    try:
        after = resume_from(request)
    except BadResume as exc:
        return _bad_resume(str(exc))
    region_ids = frozenset({access.region.pk})
    if access.private:
        return Cursor(region_ids, frozenset(), after)
    return Cursor(frozenset(), region_ids, after)


def _province_cursor(request: HttpRequest, code: str) -> Cursor | HttpResponse:
    view = province_access(request, code)
    try:
        after = resume_from(request)
    except BadResume as exc:
        return _bad_resume(str(exc))
    return Cursor(view.private_ids, view.public_ids, after)


# Plain (sync) views on purpose: under ASGI Django runs them in its thread and then iterates
# the async body on the event loop, so the stream stays async where it matters. Declaring
# them ``async`` made every WSGI caller (the test client among them) go through asgiref's
# context copying, which on CPython 3.11 can crash the interpreter (HAMT use-after-free
# during garbage collection, python/cpython#148891) — CI saw that segfault once.
def region_stream(request: HttpRequest, region_slug: str) -> HttpResponseBase:
    cursor = _region_cursor(request, region_slug)
    return cursor if isinstance(cursor, HttpResponse) else _open(request, cursor)


def province_stream(request: HttpRequest, code: str) -> HttpResponseBase:
    cursor = _province_cursor(request, code)
    return cursor if isinstance(cursor, HttpResponse) else _open(request, cursor)
