"""Read API: latest values per station and time series (JSON) of a region's stations.

Mounted by the platform at ``/api/apps/sensor-kota/``; every path starts with ``{region}``
and the platform resolves the context (404 when the region has not enabled the app).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Annotated, Any

import orjson
from django.http import Http404, HttpRequest, HttpResponse
from ninja import Router, Schema
from pydantic import WithJsonSchema

from kotacerdas.apps.sensor_kota import queries, series
from kotacerdas.apps.sensor_kota.store import AGGREGATES, RESOLUTIONS
from kotacerdas.apps.sensor_kota.store.gcpause import gc_paused
from kotacerdas.contract import api_context

router = Router(tags=["sensor-kota"])


class SensorKotaError(Schema):
    detail: str
    field: str | None = None


class LatestValue(Schema):
    quantity: str
    label: str
    value: float
    unit: str
    at: str


class StationOut(Schema):
    code: str
    name: str
    kind: str
    lat: float
    lng: float
    ispu: int | None
    ispu_category: str
    critical_pollutant: str
    flood_level: str
    status: str
    latest: list[LatestValue]


class StationsOut(Schema):
    stations: list[StationOut]


class SensorSeries(Schema):
    sensor: str
    quantity: str
    label: str
    unit: str
    points: list[list[float | None]]


class SeriesOut(Schema):
    station: str
    resolution: str
    agg: str
    start: str
    end: str
    series: list[SensorSeries]


# Documented, not enforced by ninja: the operation parses them itself and answers 400 naming
# the parameter, as the CSV download does.
Instant = Annotated[
    str,
    WithJsonSchema({"type": "string", "description": "ISO 8601 (WIB without an offset)"}),
]


def _choice(values: Iterable[str], default: str) -> WithJsonSchema:
    return WithJsonSchema({"type": "string", "enum": list(values), "default": default})


@router.get("/{region}/stations", response=StationsOut)
def stations(request: HttpRequest, region: str) -> dict[str, Any]:
    """Every station the caller may see with its latest values, ISPU and flood level."""
    ctx = api_context(request)
    views = queries.station_views(list(queries.stations(ctx)), ctx.config)
    return {
        "stations": [
            {
                "code": v.station.code,
                "name": v.station.name,
                "kind": v.station.kind,
                "lat": v.station.lat,
                "lng": v.station.lng,
                "ispu": v.ispu,
                "ispu_category": v.station.ispu_category if v.ispu is not None else "",
                "critical_pollutant": v.station.critical_pollutant if v.ispu is not None else "",
                "flood_level": v.station.flood_level,
                "status": v.status,
                "latest": [{**x, "at": x["at"].isoformat()} for x in v.values],
            }
            for v in views
        ]
    }


@router.get(
    "/{region}/stations/{code}/series",
    response={200: SeriesOut, 400: SensorKotaError, 404: SensorKotaError},
)
def station_series(
    request: HttpRequest,
    region: str,
    code: str,
    start: Instant = "",
    end: Instant = "",
    resolution: Annotated[str, _choice(RESOLUTIONS, "auto")] = "auto",
    agg: Annotated[str, _choice(AGGREGATES, "mean")] = "mean",
) -> Any:
    """Series per sensor: ``start``/``end`` (ISO 8601; without an offset read as WIB),
    ``resolution`` and ``agg``. 400 names the parameter that cannot be answered (not a
    time, start not before end, raw readings over more than 7 days, an unknown value)."""
    ctx = api_context(request)
    station = queries.station(ctx, code)
    if station is None:
        raise Http404(f"no station {code!r} here")
    try:
        q = series.parse(request.GET.dict())
        for name, ms in (("start", q.start_ms), ("end", q.end_ms)):
            if not _MIN_MS <= ms <= _MAX_MS:
                raise series.BadQuery(name, "a time between the years 1 and 9999 (UTC)")
    except series.BadQuery as exc:
        body = {"detail": str(exc), "field": exc.field}
        return HttpResponse(orjson.dumps(body), status=400, content_type="application/json")
    sensors = queries.sensors_of(station)
    with gc_paused():
        return _series_response(station.code, sensors, q, series.points(sensors, q))


_MIN_MS = int(dt.datetime.min.replace(tzinfo=dt.UTC).timestamp() * 1000)
_MAX_MS = int(dt.datetime.max.replace(tzinfo=dt.UTC).timestamp() * 1000) - 1000


def _series_response(
    code: str, sensors: list[Any], q: series.SeriesQuery, data: dict[int, list[Any]]
) -> HttpResponse:
    # A year of hours is 8,760 points per sensor: orjson writes it in a fraction of the
    # time the generic encoder takes, and [ts, value] pairs feed charts directly.
    payload = {
        "station": code,
        "resolution": q.resolution,
        "agg": q.agg,
        "start": dt.datetime.fromtimestamp(q.start_ms / 1000, dt.UTC).isoformat(),
        "end": dt.datetime.fromtimestamp(q.end_ms / 1000, dt.UTC).isoformat(),
        "series": [
            {
                "sensor": s.code,
                "quantity": s.quantity,
                "label": str(s.get_quantity_display()),
                "unit": s.unit,
                "points": data[s.pk],
            }
            for s in sensors
        ],
    }
    return HttpResponse(orjson.dumps(payload), content_type="application/json")
