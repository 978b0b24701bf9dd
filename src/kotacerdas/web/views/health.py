"""Probes for load balancers and orchestrators.

``/healthz`` (alive): 200 when the database answers, 503 when it does not.
``/readyz`` (ready for traffic): the database answers, every migration is applied, and the
MQTT broker accepts a connection when ``MQTT_URL`` is set (without it the platform's own
event bus is used: "embedded"). 503 names what is not ready.
"""

from __future__ import annotations

import os
import socket
import time
from urllib.parse import urlsplit

from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, JsonResponse

from kotacerdas import __version__

BROKER_TIMEOUT = 1.0  # seconds; a probe must answer well within the balancer's own timeout
# A worker's sync code runs on one thread (asgi.py): a broker that swallows packets would
# hold it for BROKER_TIMEOUT on every probe, so each answer is kept a few seconds.
BROKER_KEEP_SECONDS = 5.0
DEFAULT_PORTS = {"mqtts": 8883, "ssl": 8883}  # any other scheme: 1883
_broker_answers: dict[str, tuple[float, tuple[str, str]]] = {}
_migrated = False  # once every migration is applied it stays so until the next deploy


def healthz(request: HttpRequest) -> JsonResponse:
    try:
        _ping_database()
    except DatabaseError as exc:
        return JsonResponse(
            {"status": "error", "database": "unreachable", "detail": _first_line(exc)},
            status=503,
        )
    return JsonResponse({"status": "ok", "database": connection.vendor, "version": __version__})


def readyz(request: HttpRequest) -> JsonResponse:
    checks: dict[str, str] = {}
    problems: dict[str, str] = {}
    try:
        _ping_database()
        checks["database"] = connection.vendor
        pending = _pending_migrations()
        if pending:
            problems["migrations"] = f"{len(pending)} not applied, first {pending[0]}"
        else:
            checks["migrations"] = "applied"
    except DatabaseError as exc:
        problems["database"] = f"unreachable: {_first_line(exc)}"
    broker, trouble = _broker()
    if trouble:
        problems["broker"] = trouble
    else:
        checks["broker"] = broker
    if problems:
        body = {"status": "not ready", "not_ready": problems, **checks, "version": __version__}
        return JsonResponse(body, status=503)
    return JsonResponse({"status": "ready", **checks, "version": __version__})


def _ping_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _pending_migrations() -> list[str]:
    """Unapplied migrations as ``app.name``. Building the plan loads every migration file
    (tens of milliseconds), so the answer "none" is kept for the life of the process."""
    global _migrated
    if _migrated:
        return []
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    pending = [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]
    _migrated = not pending
    return pending


def _broker() -> tuple[str, str]:
    """(what was reached, what is wrong): a TCP connection to MQTT_URL's host and port."""
    url = os.environ.get("MQTT_URL", "").strip()
    if not url:
        return "embedded", ""
    kept = _broker_answers.get(url)
    if kept is not None and kept[0] > time.monotonic():
        return kept[1]
    answer = _reach_broker(url)
    _broker_answers[url] = (time.monotonic() + BROKER_KEEP_SECONDS, answer)
    return answer


def _reach_broker(url: str) -> tuple[str, str]:
    try:
        parts = urlsplit(url)
        host, port = (
            parts.hostname or "127.0.0.1",
            parts.port or DEFAULT_PORTS.get(parts.scheme, 1883),
        )
    except ValueError as exc:
        return "", f"MQTT_URL cannot be read: {exc}"
    try:
        socket.create_connection((host, port), timeout=BROKER_TIMEOUT).close()
    except OSError as exc:
        return "", f"{host}:{port} unreachable: {exc.strerror or exc}"
    return f"{host}:{port}", ""


def _first_line(exc: Exception) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
