"""Harga Pangan on the app contract. Imported while settings load: hooks import lazily."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kotacerdas.apps.harga_pangan.schema import SCHEMA
from kotacerdas.contract import KPI, Dataset, Manifest, MapLayer, SmartCityApp

if TYPE_CHECKING:
    from ninja import Router

    from kotacerdas.core.models import Region


class HargaPangan(SmartCityApp):
    manifest = Manifest(
        key="harga-pangan",
        name={"id": "Harga Pangan", "en": "Staple-food prices"},
        description={
            "id": "Harga bahan pokok harian per pasar, lonjakan harga dan harga acuan HET/HAP.",
            "en": "Daily staple-food prices per market, price spikes and HET/HAP reference prices.",
        },
        dimension="economy",
        secondary_dimensions=("governance",),
        version="0.1.0",
        publisher="kotacerdas",
        licence="EUPL-1.2",
        config_schema=SCHEMA,
        features={
            "id": ["Entri harian per pasar", "Impor CSV/XLSX", "Peringatan lonjakan harga"],
            "en": ["Daily entry per market", "CSV/XLSX import", "Price-spike alerts"],
        },
    )
    django_app = "kotacerdas.apps.harga_pangan.apps.HargaPanganConfig"

    def public_urls(self) -> list[Any]:
        from kotacerdas.apps.harga_pangan.urls import public

        return public

    def staff_urls(self) -> list[Any]:
        from kotacerdas.apps.harga_pangan.urls import staff

        return staff

    def api_router(self) -> Router:
        from kotacerdas.apps.harga_pangan.api import router

        return router

    def kpis(self, region: Region) -> list[KPI]:
        from kotacerdas.apps.harga_pangan.contract import kpis

        return kpis(region)

    def map_layers(self, region: Region) -> list[MapLayer]:
        from kotacerdas.apps.harga_pangan.contract import map_layers

        return map_layers(region)

    def datasets(self, region: Region) -> list[Dataset]:
        from kotacerdas.apps.harga_pangan.contract import datasets

        return datasets(region)

    def seed_demo(self, regions: list[Region]) -> None:
        from kotacerdas.apps.harga_pangan.demo import seed

        seed(regions)
