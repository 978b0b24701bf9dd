"""HTTP ingestion at the site root: batch JSON and InfluxDB v2 line protocol (for Telegraf
and loggers). Both are platform root routes located by the key (``locate="key"``): the
platform checks the ingest key (a core API key of this app) and finds its region before the
view runs; ``ctx.client`` is the key's grant, narrowed to a station for a device key.

Plain Django views, not ninja: the body is parsed once with orjson and validated in one
loop; no schema object is built per reading.
"""

from __future__ import annotations

import gzip
import time
import zlib
from typing import Any

import orjson
from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.http import require_POST

from kotacerdas.apps.sensor_kota.config import SensorKotaConfig
from kotacerdas.apps.sensor_kota.ingest.errors import BatchRejected, TooLarge
from kotacerdas.apps.sensor_kota.ingest.lineproto import PRECISION_TO_MS, rows_from_lines
from kotacerdas.apps.sensor_kota.ingest.pipeline import context, gc_paused, store_rows
from kotacerdas.apps.sensor_kota.ingest.validate import rows_from_items
from kotacerdas.contract import AppContext
from kotacerdas.core import idempotency, metrics

Ctx = AppContext[SensorKotaConfig]
STATION = "station"
# A refused batch counts all its readings as rejected: nothing of it is stored.
INGESTED, REJECTED = metrics.READINGS_INGESTED, metrics.READINGS_REJECTED


def _station_only(ctx: Ctx) -> int | None:
    """A device key's station (it writes only that station's sensors); ``None``: gateway."""
    return ctx.client.narrowed_to(STATION) if ctx.client is not None else None


def max_body() -> int:
    return int(getattr(settings, "SENSOR_KOTA_MAX_BODY_BYTES", 16 * 1024 * 1024))


def read_body(request: HttpRequest) -> bytes:
    """The request body, decompressed when gzip-encoded (Telegraf's default), within limits."""
    limit = max_body()
    declared = request.headers.get("Content-Length") or "0"
    if declared.isdigit() and int(declared) > limit:
        raise TooLarge(f"body over {limit} bytes; send smaller batches")
    body = request.read(limit + 1)
    if len(body) > limit:
        raise TooLarge(f"body over {limit} bytes; send smaller batches")
    if request.headers.get("Content-Encoding", "").lower() == "gzip":
        try:
            inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
            body = inflater.decompress(body, limit + 1)
        except (zlib.error, gzip.BadGzipFile) as exc:
            raise BatchRejected(f"body is not valid gzip: {exc}") from exc
        if len(body) > limit or inflater.unconsumed_tail:
            raise TooLarge(f"decompressed body over {limit} bytes; send smaller batches")
    return body


def _json_items(body: bytes) -> list[Any]:
    try:
        data = orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        raise BatchRejected(
            f"malformed JSON at line {exc.lineno}, column {exc.colno} "
            f"(character {exc.pos}): {exc.msg}"
        ) from exc
    if isinstance(data, dict):
        data = data.get("readings")
    if not isinstance(data, list):
        raise BatchRejected('send a list of readings, or {"readings": [...]}')
    return data


def refuse_batch(
    request: HttpRequest, status: int, message: str, kwargs: dict[str, Any]
) -> HttpResponse:
    """The platform's refusals (no key, a revoked key, the app not enabled for the key's
    region) in the batch endpoint's own shape, ``{"detail": ...}``."""
    if request.method != "POST":
        return _not_allowed({"detail": "only POST is allowed"})
    return JsonResponse({"detail": message}, status=status)


def _not_allowed(body: dict[str, str]) -> HttpResponse:
    response = JsonResponse(body, status=405)
    response["Allow"] = "POST"
    return response


def _store_batch(body: bytes, ctx: Ctx) -> JsonResponse:
    items: list[Any] = []
    try:
        with gc_paused():
            items = _json_items(body)
            sensors, window = context(ctx)
            rows = rows_from_items(items, _station_only(ctx), sensors, window)
            result = store_rows(ctx.region, ctx.config, rows)
    except BatchRejected as exc:
        REJECTED.labels("http").inc(len(items))
        errors = [p.as_dict() for p in exc.problems]
        field = errors[0]["field"] if errors else "body"
        return JsonResponse({"detail": str(exc), "field": field, "errors": errors}, status=400)
    INGESTED.labels("http").inc(result.inserted)
    return JsonResponse(
        {"received": result.received, "stored": result.inserted, "duplicates": result.duplicates}
    )


@require_POST
def batch(request: HttpRequest, ctx: Ctx) -> HttpResponse:
    """POST /api/apps/sensor-kota/ingest — JSON readings; answers {"received", "stored", ...}.

    With an ``Idempotency-Key`` header (core.idempotency) a retry of the same body answers
    the first answer again (``stored`` as it was), the same key with another body 422.
    """
    try:
        key = idempotency.key_from(request.headers.get(idempotency.HEADER))
        body = read_body(request)
    except idempotency.IdempotencyRefused as exc:
        return JsonResponse({"detail": exc.message, "field": exc.field}, status=exc.status)
    except TooLarge as exc:
        return JsonResponse({"detail": str(exc), "field": "body"}, status=413)
    except BatchRejected as exc:
        return JsonResponse({"detail": str(exc), "field": "body", "errors": []}, status=400)
    if key is None or ctx.client is None:
        return _store_batch(body, ctx)

    def run() -> idempotency.Answer:
        response = _store_batch(body, ctx)
        return idempotency.Answer(response.status_code, response.content, response["Content-Type"])

    try:
        answer, replayed = idempotency.run_once(ctx.client, key, idempotency.fingerprint(body), run)
    except idempotency.IdempotencyRefused as exc:
        return JsonResponse({"detail": exc.message, "field": exc.field}, status=exc.status)
    response = HttpResponse(answer.body, status=answer.status, content_type=answer.content_type)
    if replayed:
        response["Idempotent-Replayed"] = "true"
    return response


def _influx_error(code: str, message: str, status: int) -> JsonResponse:
    return JsonResponse({"code": code, "message": message}, status=status)


# InfluxDB 2's error codes for the statuses the platform refuses with.
INFLUX_CODES = {400: "invalid", 401: "unauthorized", 403: "forbidden", 404: "not found"}


def refuse_influx(
    request: HttpRequest, status: int, message: str, kwargs: dict[str, Any]
) -> HttpResponse:
    """The platform's refusals as InfluxDB answers them: ``{"code", "message"}``."""
    if request.method != "POST":
        return _not_allowed({"code": "method not allowed", "message": "only POST is allowed"})
    return _influx_error(INFLUX_CODES.get(status, "internal error"), message, status)


@require_POST
def influx_write(request: HttpRequest, ctx: Ctx) -> HttpResponse:
    """POST /influx/api/v2/write?bucket=…&org=…&precision=ns — 204 like InfluxDB 2."""
    precision = request.GET.get("precision", "ns")
    if precision not in PRECISION_TO_MS:
        return _influx_error("invalid", "precision must be one of ns, us, ms, s", 400)
    text = ""
    try:
        body = read_body(request)
        try:
            text = body.decode()
        except UnicodeDecodeError as exc:
            raise BatchRejected(f"body is not UTF-8 (byte {exc.start})") from exc
        sensors, window = context(ctx)
        with gc_paused():
            now_ms = int(time.time() * 1000)
            rows = rows_from_lines(text, precision, _station_only(ctx), sensors, window, now_ms)
            INGESTED.labels("influx").inc(store_rows(ctx.region, ctx.config, rows).inserted)
    except TooLarge as exc:
        return _influx_error("request too large", str(exc), 413)
    except BatchRejected as exc:
        REJECTED.labels("influx").inc(sum(1 for line in text.splitlines() if line.strip()))
        response = _influx_error("invalid", str(exc), 400)
        if exc.problems:  # InfluxDB names the first bad line; we add its field
            first = exc.problems[0]
            response = JsonResponse(
                {"code": "invalid", "message": str(exc), "line": first.index, "field": first.field},
                status=400,
            )
        return response
    return HttpResponse(status=204)
