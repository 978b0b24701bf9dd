"""Public pages: a region's air quality and flood page, a station page, CSV series."""

from __future__ import annotations

import csv
import datetime as dt

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from kotacerdas.apps.sensor_kota import queries, series
from kotacerdas.apps.sensor_kota.config import SensorKotaConfig
from kotacerdas.apps.sensor_kota.derive import flood
from kotacerdas.apps.sensor_kota.labels import ispu_label
from kotacerdas.apps.sensor_kota.models import Station
from kotacerdas.apps.sensor_kota.quantities import QUANTITIES
from kotacerdas.contract import AppContext
from kotacerdas.core.maps import map_data

KEY = "sensor-kota"
Ctx = AppContext[SensorKotaConfig]


def region_page(request: HttpRequest, ctx: Ctx) -> HttpResponse:
    region, config = ctx.region, ctx.config
    views = queries.station_views(list(queries.stations(ctx)), config)
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
            "map": map_data(region, features={"type": "FeatureCollection", "features": features}),
            "categories": [
                {"colour": c.colour, "label": ispu_label(c.key, c.label)}
                for c in config.ispu_categories
            ],
            "flood_levels": config.flood_levels,
        },
    )


def station_page(request: HttpRequest, ctx: Ctx, code: str) -> HttpResponse:
    region = ctx.region
    station = queries.station(ctx, code)
    if station is None:
        raise Http404(code)
    view = queries.station_views([station], ctx.config)[0]
    api = f"/api/apps/{KEY}/{region.slug}/stations/{station.code}/series"
    chart = {
        "lang": translation.get_language() or "id",
        "time": _("Time (WIB)"),
        "labels": {code: str(q.label) for code, q in QUANTITIES.items()},
        "thresholds": (
            flood.thresholds(ctx.config, station.flood_thresholds_cm)
            if station.kind == Station.Kind.WATER
            else []
        ),
    }
    return render(
        request,
        "sensor_kota/station.html",
        {
            "region": region,
            "view": view,
            "station": station,
            "series_url": api,
            "chart": chart,
            "csv_url": reverse("sensor_kota:series-csv", args=[region.slug, station.code]),
        },
    )


def series_csv(request: HttpRequest, ctx: Ctx, code: str) -> HttpResponse:
    station = queries.station(ctx, code)
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
