"""Public pages: a region's air quality and flood page, a station page, CSV series."""

from __future__ import annotations

import csv
import datetime as dt
import os
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from kotacerdas.apps.sensor_kota import queries, series
from kotacerdas.apps.sensor_kota.models import Station
from kotacerdas.core.models import Region
from kotacerdas.platform.installations import app_config
from kotacerdas.web.views.access import scope_of

KEY = "sensor-kota"


def tile_url() -> str:
    return str(getattr(settings, "KOTACERDAS_TILE_URL", os.environ.get("KOTACERDAS_TILE_URL", "")))


def _region(slug: str) -> tuple[Region, dict[str, Any]]:
    region = get_object_or_404(Region, slug=slug)
    config = app_config(region, KEY)
    if config is None:
        raise Http404("Sensor Kota is not enabled for this region")
    return region, config


def region_page(request: HttpRequest, region_slug: str) -> HttpResponse:
    region, config = _region(region_slug)
    views = queries.station_views(list(queries.stations(scope_of(request), region)), config)
    for view in views:
        view.url = reverse("sensor_kota:station", args=[region.slug, view.station.code])
    features = [v.feature() for v in views]
    return render(
        request,
        "sensor_kota/region.html",
        {
            "region": region,
            "air": [v for v in views if v.station.kind == Station.Kind.AIR],
            "water": [v for v in views if v.station.kind == Station.Kind.WATER],
            "weather": [v for v in views if v.station.kind == Station.Kind.WEATHER],
            "map": {
                "bbox": region.bbox,
                "tiles": tile_url(),
                "features": {"type": "FeatureCollection", "features": features},
            },
            "categories": config.get("ispu_categories") or [],
            "flood_levels": config.get("flood_levels") or [],
        },
    )


def station_page(request: HttpRequest, region_slug: str, code: str) -> HttpResponse:
    region, config = _region(region_slug)
    station = queries.station(scope_of(request), region, code)
    if station is None:
        raise Http404(code)
    view = queries.station_views([station], config)[0]
    api = f"/api/apps/{KEY}/{region.slug}/stations/{station.code}/series"
    return render(
        request,
        "sensor_kota/station.html",
        {
            "region": region,
            "view": view,
            "station": station,
            "series_url": api,
            "csv_url": reverse("sensor_kota:series-csv", args=[region.slug, station.code]),
        },
    )


def series_csv(request: HttpRequest, region_slug: str, code: str) -> HttpResponse:
    region, _config = _region(region_slug)
    station = queries.station(scope_of(request), region, code)
    if station is None:
        raise Http404(code)
    try:
        q = series.parse(request.GET.dict())
    except series.BadQuery as exc:
        return HttpResponse(f"{exc}\n", status=400, content_type="text/plain; charset=utf-8")
    sensors = queries.sensors_of(station)
    data = series.points(sensors, q)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{station.code}-{q.resolution}.csv"'
    writer = csv.writer(response)
    writer.writerow(["time_utc", "time_wib", "sensor", "quantity", "unit", q.agg, "resolution"])
    wib = dt.timezone(dt.timedelta(hours=7))
    for sensor in sensors:
        for ts, value in data[sensor.pk]:
            moment = dt.datetime.fromtimestamp(ts / 1000, dt.UTC)
            writer.writerow(
                [
                    moment.isoformat(),
                    moment.astimezone(wib).isoformat(),
                    sensor.code,
                    sensor.quantity,
                    sensor.unit,
                    value,
                    q.resolution,
                ]
            )
    return response
