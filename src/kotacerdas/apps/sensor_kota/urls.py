"""URL lists the plugin hands to the platform."""

from __future__ import annotations

from typing import Any

from django.urls import path


def public() -> list[Any]:
    from kotacerdas.apps.sensor_kota.views import public as views

    return [
        path("", views.region_page, name="index"),
        path("stasiun/<slug:code>/", views.station_page, name="station"),
        path("stasiun/<slug:code>/series.csv", views.series_csv, name="series-csv"),
    ]


def staff() -> list[Any]:
    from kotacerdas.apps.sensor_kota.views import staff as views

    return [path("kunci/", views.keys_page, name="keys")]


def root() -> list[Any]:
    from kotacerdas.apps.sensor_kota.views import ingest

    return [
        path("api/apps/sensor-kota/ingest", ingest.batch, name="sensor-kota-ingest"),
        path("influx/api/v2/write", ingest.influx_write, name="sensor-kota-influx"),
    ]
