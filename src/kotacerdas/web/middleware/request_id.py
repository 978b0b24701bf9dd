"""One id per request, in its answer and in every log line it causes; its metrics.

The id comes from the caller's ``X-Request-ID`` when it is a sane token (nginx or another
proxy in front may have set it, so one id follows the request through both logs), else a
new uuid4. It is answered in ``X-Request-ID`` and kept in a context variable that the
``RequestIdFilter`` of the log handler adds to every record as ``request_id``.

The same middleware, first in the chain, counts the request and its time for ``/metrics``
by route (the URL pattern's name, never the path) and status class, and with JSON logs on
(``KOTACERDAS_LOG_FORMAT=json``) writes one access line per request on
``kotacerdas.request``: the demo's console stays quiet.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # settings imports this module: it imports nothing of Django's at run time
    from django.http import HttpRequest, HttpResponseBase

HEADER = "X-Request-ID"
META_KEY = "HTTP_X_REQUEST_ID"  # read from META: building request.headers costs more
SANE = re.compile(r"[A-Za-z0-9._-]{1,64}")
NONE = "-"  # the request id of a log line written outside any request (jobs, workers)
ACCESS_LOGGER = "kotacerdas.request"
LOG_FORMATS = ("text", "json")
UNMATCHED = "unmatched"  # the route of a request no URL pattern took (404, refused early)

request_id: ContextVar[str] = ContextVar("kotacerdas_request_id", default=NONE)
access_log = logging.getLogger(ACCESS_LOGGER)


def incoming_or_new(raw: str | None) -> str:
    """The caller's id when it is a token safe to log and echo, else a fresh one: a long
    or odd value (newlines, quotes, markup) would forge or break log lines."""
    if raw is not None and SANE.fullmatch(raw):
        return raw
    return uuid.uuid4().hex


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` to every record the handler writes (``-`` outside requests)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        return True


def _forget(**kwargs: Any) -> None:
    request_id.set(NONE)


def logging_config(log_format: str) -> dict[str, Any]:
    """settings.LOGGING for ``text`` (the demo: bare messages, warnings and up) or ``json``
    (deployments: one JSON object a line with the request id, and the access lines)."""
    handler: dict[str, Any] = {"class": "logging.StreamHandler", "filters": ["request_id"]}
    config: dict[str, Any] = {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": f"{__name__}.RequestIdFilter"}},
        "handlers": {"console": handler},
        "root": {"handlers": ["console"], "level": "WARNING"},
    }
    if log_format == "json":
        config["formatters"] = {
            "json": {
                "()": "pythonjsonlogger.json.JsonFormatter",
                "fmt": "%(levelname)s %(name)s %(request_id)s %(message)s",
                "rename_fields": {"levelname": "level", "name": "logger"},
                "timestamp": "time",  # ISO 8601 in UTC, whatever the server's zone
            }
        }
        handler["formatter"] = "json"
        config["loggers"] = {ACCESS_LOGGER: {"level": "INFO"}}
    return config


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response
        # Imported here, not at the top: settings imports this module for its logging
        # configuration before it has set the metrics folder prometheus_client needs.
        from django.core.signals import request_finished

        from kotacerdas.core import metrics

        # The id stays set after this middleware returns, for what Django logs about the
        # response after the chain ("Forbidden: /metrics") and for a stream's body; it is
        # forgotten when the response is closed. Under ASGI each request runs in a context
        # of its own anyway; a WSGI thread would otherwise lend it to later lines.
        request_finished.connect(_forget, dispatch_uid=f"{__name__}._forget")

        self.requests = metrics.HTTP_REQUESTS
        self.latency = metrics.HTTP_LATENCY
        # (route, status class) → the two series it updates: ``labels()`` per request cost
        # more than the update. Bounded by the URL patterns.
        self.series: dict[tuple[str, str], tuple[Any, Any]] = {}

    def _series(self, route: str, status_class: str) -> tuple[Any, Any]:
        found = self.series.get((route, status_class))
        if found is None:
            found = self.series[(route, status_class)] = (
                self.requests.labels(route, status_class),
                self.latency.labels(route),
            )
        return found

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        rid = incoming_or_new(request.META.get(META_KEY))
        request_id.set(rid)
        start = time.perf_counter()
        response = self.get_response(request)
        seconds = time.perf_counter() - start
        match = request.resolver_match
        route = match.view_name if match is not None else UNMATCHED
        status = response.status_code
        counted, timed = self._series(route, f"{status // 100}xx")
        counted.inc()
        timed.observe(seconds)
        response[HEADER] = rid
        if access_log.isEnabledFor(logging.INFO):
            access_log.info(
                "%s %s %s",
                request.method,
                route,
                status,
                extra={
                    "method": request.method,
                    "route": route,
                    "status": status,
                    "duration_ms": round(seconds * 1000, 2),
                },
            )
        return response
