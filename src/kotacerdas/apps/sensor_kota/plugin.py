"""Sensor Kota on the app contract. Imported with the settings: hooks import what they need."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kotacerdas.apps.sensor_kota.schema import SCHEMA
from kotacerdas.contract import KPI, Manifest, MapLayer, PeriodicJob, SmartCityApp

if TYPE_CHECKING:
    from ninja import Router

    from kotacerdas.core.models import Region

KEY = "sensor-kota"


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

    def public_urls(self) -> list[Any]:
        from kotacerdas.apps.sensor_kota.urls import public

        return public()

    def staff_urls(self) -> list[Any]:
        from kotacerdas.apps.sensor_kota.urls import staff

        return staff()

    def root_urls(self) -> list[Any]:
        from kotacerdas.apps.sensor_kota.urls import root

        return root()

    def api_router(self) -> Router | None:
        from kotacerdas.apps.sensor_kota.api import router

        return router

    def kpis(self, region: Region) -> list[KPI]:
        from kotacerdas.apps.sensor_kota.contract_views import kpis

        return kpis(region)

    def map_layers(self, region: Region) -> list[MapLayer]:
        from kotacerdas.apps.sensor_kota.contract_views import map_layers

        return map_layers(region)

    def periodic_jobs(self) -> list[PeriodicJob]:
        from kotacerdas.apps.sensor_kota.derive.jobs import (
            check_staleness,
            prepare_storage,
            prune_raw,
        )

        return [
            PeriodicJob("sensor-kota.staleness", 60, check_staleness),
            PeriodicJob("sensor-kota.retention", 3600, prune_raw),
            PeriodicJob("sensor-kota.storage", 86_400, prepare_storage),
        ]

    def seed_demo(self, regions: list[Region]) -> None:
        from kotacerdas.apps.sensor_kota.demo import seed

        seed(regions)
