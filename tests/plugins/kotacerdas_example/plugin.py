"""The contract implementation: manifest, typed configuration and every hook.

Like every plugin module it is imported while Django's settings load, so it imports no
models or views at the top; each hook imports what it needs. Every hook and view receives
the app context (``ctx``): the region, the typed configuration and the caller, resolved
by the platform.
"""

from __future__ import annotations

from typing import Any

from django.urls import path

from kotacerdas.contract import (
    KPI,
    Access,
    AppContext,
    ConsoleEntry,
    Dataset,
    KpiState,
    Manifest,
    MapLayer,
    PeriodicJob,
    RootRoute,
    SmartCityApp,
)
from kotacerdas_example.config import SCHEMA, TamanConfig

Ctx = AppContext[TamanConfig]


class ContohTaman(SmartCityApp):
    manifest = Manifest(
        key="contoh-taman",
        name={"id": "Contoh Taman Kota", "en": "Example City Parks"},
        description={"id": "Daftar taman kota sebuah daerah.", "en": "A region's city parks."},
        dimension="living",
        secondary_dimensions=("environment",),
        version="0.1.0",
        publisher="Tim Uji kotacerdas",
        licence="EUPL-1.2",
        config_schema=SCHEMA,
    )
    django_app = "kotacerdas_example.apps.ExampleConfig"
    config_model = TamanConfig

    def public_urls(self) -> list[Any]:
        from kotacerdas_example.views import public

        return [path("", public.index, name="index")]

    def staff_urls(self) -> list[Any]:
        from kotacerdas_example.views import staff

        return [
            path("", staff.index, name="index"),
            path("pengaturan/", staff.settings, name="settings"),
        ]

    def root_urls(self) -> list[RootRoute]:
        from kotacerdas_example.views import root

        return [
            RootRoute("contoh-taman/ping", root.ping, "contoh-taman-ping", refuse=root.refuse,
                      param="region")
        ]

    def api_router(self) -> Any:
        from kotacerdas_example.api import router

        return router

    def console_entries(self) -> list[ConsoleEntry]:
        from kotacerdas_example import queries

        return [
            ConsoleEntry(
                "parks",
                {"id": "Taman", "en": "Parks"},
                "index",
                Access.STAFF,
                "queue",
                count=queries.park_count,
            ),
            ConsoleEntry(
                "settings",
                {"id": "Pengaturan taman", "en": "Park settings"},
                "settings",
                Access.ADMIN,
                "settings",
            ),
        ]

    def kpis(self, ctx: Ctx) -> list[KPI]:
        n = len(ctx.config.parks)
        state = KpiState.GOOD if n >= ctx.config.target_parks else KpiState.WARNING
        return [KPI("parks", "Jumlah taman", n, "taman", "living", state=state)]

    def map_layers(self, ctx: Ctx) -> list[MapLayer]:
        features = [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [p.lng, p.lat]},
                "properties": {"name": p.name},
            }
            for p in ctx.config.parks
        ]
        return [MapLayer("parks", "Taman", {"type": "FeatureCollection", "features": features})]

    def datasets(self, ctx: Ctx) -> list[Dataset]:
        return [Dataset("taman-kota", "Taman kota", "Daftar taman kota")]

    def periodic_jobs(self) -> list[PeriodicJob]:
        from kotacerdas_example.services import check_parks

        return [PeriodicJob("check-parks", 3600, check_parks)]
