"""URL lists the plugin hands to the platform; every view is called ``view(request, ctx, …)``."""

from __future__ import annotations

from typing import Any

from django.urls import path

from kotacerdas.contract import RootRoute


def public_urls() -> list[Any]:
    from kotacerdas.apps.sensor_kota.views import public as views

    return [
        path("", views.region_page, name="index"),
        path("stasiun/<slug:code>/", views.station_page, name="station"),
        path("stasiun/<slug:code>/series.csv", views.series_csv, name="series-csv"),
    ]


def staff_urls() -> list[Any]:
    from kotacerdas.apps.sensor_kota.views import console as views
    from kotacerdas.apps.sensor_kota.views import stations

    return [
        path("kunci/", views.keys_page, name="keys"),
        path("stasiun/", stations.stations_page, name="stations"),
        path("stasiun/baru/", stations.station_edit, name="station-new"),
        path("stasiun/impor/", stations.station_import_page, name="station-import"),
        path("stasiun/impor/template.csv", stations.station_template, name="station-template"),
        path("stasiun/<slug:code>/", stations.station_edit, name="station-edit"),
        path("stasiun/<slug:code>/pensiun/", stations.station_retire, name="station-retire"),
    ]


def root_routes() -> list[RootRoute]:
    """Ingestion at fixed paths; the region is the ingest key's (``locate="key"``)."""
    from kotacerdas.apps.sensor_kota.views import ingest

    return [
        RootRoute(
            "api/apps/sensor-kota/ingest",
            ingest.batch,
            "sensor-kota-ingest",
            refuse=ingest.refuse_batch,
            locate="key",
        ),
        RootRoute(
            "influx/api/v2/write",
            ingest.influx_write,
            "sensor-kota-influx",
            refuse=ingest.refuse_influx,
            locate="key",
        ),
    ]
