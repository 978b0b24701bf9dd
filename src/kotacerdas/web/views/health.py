"""Liveness for load balancers: 200 when the database answers, 503 when it does not."""

from __future__ import annotations

from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse

from kotacerdas import __version__


def healthz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        return JsonResponse(
            {"status": "error", "database": "unreachable", "detail": str(exc).splitlines()[0]},
            status=503,
        )
    return JsonResponse({"status": "ok", "database": connection.vendor, "version": __version__})
