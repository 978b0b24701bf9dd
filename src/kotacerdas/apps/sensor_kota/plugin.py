"""Sensor Kota on the app contract. Imported with the settings: hooks import what they need.

Every hook, view, root route, API operation and job receives the app context (``ctx``):
the region, the typed configuration (:class:`~.config.SensorKotaConfig`) and the caller.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kotacerdas.apps.sensor_kota.config import SCHEMA, SensorKotaConfig
from kotacerdas.contract import (
    KPI,
    Access,
    AppContext,
    ConsoleEntry,
    Dataset,
    IndicatorFeed,
    Manifest,
    MapLayer,
    PeriodicJob,
    RootRoute,
    SmartCityApp,
    share,
)

if TYPE_CHECKING:
    from ninja import Router

    from kotacerdas.core.models import Region

KEY = "sensor-kota"
Ctx = AppContext[SensorKotaConfig]


class SensorKota(SmartCityApp):
    manifest = Manifest(
        key=KEY,
        name={"id": "Sensor Kota", "en": "City Sensors"},
        description={
            "id": "Tinggi muka air, curah hujan dan kualitas udara (ISPU) dari sensor kota, "
            "dengan status banjir dan peringatan.",
            "en": "River levels, rainfall and air quality (ISPU) from city sensors, with "
            "flood status and alerts.",
        },
        dimension="environment",
        secondary_dimensions=("living",),
        version="0.1.0",
        publisher="Pemerintah Kota Semarang",
        licence="EUPL-1.2",
        config_schema=SCHEMA,
        features={
            "id": ["Ingesti HTTP, MQTT dan line protocol InfluxDB", "ISPU", "Status banjir"],
            "en": ["HTTP, MQTT and InfluxDB line protocol ingestion", "ISPU", "Flood status"],
        },
    )
    django_app = "kotacerdas.apps.sensor_kota.apps.SensorKotaConfig"
    config_model = SensorKotaConfig

    def public_urls(self) -> list[Any]:
        from kotacerdas.apps.sensor_kota.urls import public_urls

        return public_urls()

    def staff_urls(self) -> list[Any]:
        from kotacerdas.apps.sensor_kota.urls import staff_urls

        return staff_urls()

    def root_urls(self) -> list[RootRoute]:
        from kotacerdas.apps.sensor_kota.urls import root_routes

        return root_routes()

    def api_router(self) -> Router | None:
        from kotacerdas.apps.sensor_kota.api import router

        return router

    def console_entries(self) -> list[ConsoleEntry]:
        return [
            ConsoleEntry(
                "stations",
                {"id": "Stasiun sensor", "en": "Sensor stations"},
                "stations",
                Access.STAFF,
                "page",
            ),
            ConsoleEntry(
                "keys",
                {"id": "Kunci sensor", "en": "Sensor keys"},
                "keys",
                Access.ADMIN,
                "settings",
            ),
        ]

    def kpis(self, ctx: Ctx) -> list[KPI]:
        from kotacerdas.apps.sensor_kota.contract import kpis

        return kpis(ctx)

    def indicator_feeds(self) -> list[IndicatorFeed]:
        return [
            IndicatorFeed(
                "sensor-kota:stations-reporting",
                "stations_reporting",
                {"id": "Stasiun sensor yang melapor", "en": "Sensor stations reporting"},
                {"id": "24 jam terakhir", "en": "last 24 hours"},
                score=share,
            )
        ]

    def map_layers(self, ctx: Ctx) -> list[MapLayer]:
        from kotacerdas.apps.sensor_kota.contract import map_layers

        return map_layers(ctx)

    def datasets(self, ctx: Ctx) -> list[Dataset]:
        from kotacerdas.apps.sensor_kota.contract import datasets

        return datasets(ctx)

    def periodic_jobs(self) -> list[PeriodicJob]:
        from kotacerdas.apps.sensor_kota.services.jobs import (
            check_staleness,
            maintain_storage,
            prune_raw,
        )

        return [
            PeriodicJob("sensor-kota.staleness", 60, check_staleness),
            PeriodicJob("sensor-kota.retention", 3600, prune_raw),
            PeriodicJob("sensor-kota.storage", 86_400, maintain_storage, per_region=False),
        ]

    def seed_demo(self, regions: list[Region]) -> None:
        from kotacerdas.apps.sensor_kota.demo import seed

        seed(regions)
