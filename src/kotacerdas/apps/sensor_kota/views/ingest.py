"""HTTP ingestion: batch JSON and InfluxDB v2 line protocol (for Telegraf and loggers).

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
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from kotacerdas.apps.sensor_kota.ingest.errors import BatchRejected, KeyRejected, TooLarge
from kotacerdas.apps.sensor_kota.ingest.keys import KeyGrant, authenticate
from kotacerdas.apps.sensor_kota.ingest.lineproto import PRECISION_TO_MS, rows_from_lines
from kotacerdas.apps.sensor_kota.ingest.pipeline import context, gc_paused, store_rows
from kotacerdas.apps.sensor_kota.ingest.validate import rows_from_items


def max_body() -> int:
    return int(getattr(settings, "SENSOR_KOTA_MAX_BODY_BYTES", 16 * 1024 * 1024))


def key_from(request: HttpRequest) -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _sp, value = header.partition(" ")
    if scheme.lower() in ("bearer", "token") and value.strip():
        return value.strip()
    return request.headers.get("X-Api-Key") or None


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


@csrf_exempt
@require_POST
def batch(request: HttpRequest) -> HttpResponse:
    """POST /api/apps/sensor-kota/ingest — JSON readings; answers {"received", "stored", ...}."""
    try:
        grant = authenticate(key_from(request))
        body = read_body(request)
        with gc_paused():
            items = _json_items(body)
            sensors, window = context(grant)
            rows = rows_from_items(items, grant, sensors, window)
            result = store_rows(grant, rows)
    except KeyRejected as exc:
        return JsonResponse({"detail": str(exc)}, status=401)
    except TooLarge as exc:
        return JsonResponse({"detail": str(exc)}, status=413)
    except BatchRejected as exc:
        errors = [p.as_dict() for p in exc.problems]
        field = errors[0]["field"] if errors else None
        return JsonResponse({"detail": str(exc), "field": field, "errors": errors}, status=400)
    return JsonResponse(
        {"received": result.received, "stored": result.inserted, "duplicates": result.duplicates}
    )


def _influx_error(code: str, message: str, status: int) -> JsonResponse:
    return JsonResponse({"code": code, "message": message}, status=status)


@csrf_exempt
@require_POST
def influx_write(request: HttpRequest) -> HttpResponse:
    """POST /influx/api/v2/write?bucket=…&org=…&precision=ns — 204 like InfluxDB 2."""
    precision = request.GET.get("precision", "ns")
    if precision not in PRECISION_TO_MS:
        return _influx_error("invalid", "precision must be one of ns, us, ms, s", 400)
    try:
        grant: KeyGrant = authenticate(key_from(request))
        body = read_body(request)
        try:
            text = body.decode()
        except UnicodeDecodeError as exc:
            raise BatchRejected(f"body is not UTF-8 (byte {exc.start})") from exc
        sensors, window = context(grant)
        with gc_paused():
            now_ms = int(time.time() * 1000)
            store_rows(grant, rows_from_lines(text, precision, grant, sensors, window, now_ms))
    except KeyRejected as exc:
        return _influx_error("unauthorized", str(exc), 401)
    except TooLarge as exc:
        return _influx_error("request too large", str(exc), 413)
    except BatchRejected as exc:
        return _influx_error("invalid", str(exc), 400)
    return HttpResponse(status=204)
