"""Read API: latest values per station and time series (JSON) of a region's stations.

Mounted by the platform at ``/api/apps/sensor-kota/``; every path starts with ``{region}``
and the platform resolves the context (404 when the region has not enabled the app).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import orjson
from django.http import Http404, HttpRequest, HttpResponse
from ninja import Router

from kotacerdas.apps.sensor_kota import queries, series
from kotacerdas.apps.sensor_kota.store.gcpause import gc_paused
from kotacerdas.contract import api_context

router = Router(tags=["sensor-kota"])


@router.get("/{region}/stations")
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
                "ispu": v.station.ispu,
                "ispu_category": v.station.ispu_category,
                "critical_pollutant": v.station.critical_pollutant,
                "flood_level": v.station.flood_level,
                "status": v.status,
                "latest": [{**x, "at": x["at"].isoformat()} for x in v.values],
            }
            for v in views
        ]
    }


@router.get("/{region}/stations/{code}/series")
def station_series(request: HttpRequest, region: str, code: str) -> Any:
    """Series per sensor: ``start``/``end`` (ISO 8601), ``resolution``, ``agg``."""
    ctx = api_context(request)
    station = queries.station(ctx, code)
    if station is None:
        raise Http404(f"no station {code!r} here")
    try:
        q = series.parse(request.GET.dict())
    except series.BadQuery as exc:
        body = {"detail": str(exc), "field": exc.field}
        return HttpResponse(orjson.dumps(body), status=400, content_type="application/json")
    sensors = queries.sensors_of(station)
    with gc_paused():
        return _series_response(station.code, sensors, q, series.points(sensors, q))


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
