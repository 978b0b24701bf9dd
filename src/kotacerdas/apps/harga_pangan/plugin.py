"""Harga Pangan on the app contract. Imported while settings load: hooks import lazily."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kotacerdas.apps.harga_pangan.config import SCHEMA, HargaPanganConfig, with_english_names
from kotacerdas.contract import (
    KPI,
    Access,
    AppContext,
    ConsoleEntry,
    Dataset,
    IndicatorFeed,
    Manifest,
    MapLayer,
    SmartCityApp,
    share,
)

if TYPE_CHECKING:
    from ninja import Router

    from kotacerdas.core.models import Region

Ctx = AppContext[HargaPanganConfig]


def _not_reported(ctx: Ctx) -> int:
    from kotacerdas.apps.harga_pangan.contract import markets_not_reported

    return markets_not_reported(ctx)


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
    config_model = HargaPanganConfig

    def upgrade_config(self, stored: dict[str, Any]) -> dict[str, Any]:
        return with_english_names(stored)

    def public_urls(self) -> list[Any]:
        from kotacerdas.apps.harga_pangan.urls import public_urls

        return public_urls()

    def staff_urls(self) -> list[Any]:
        from kotacerdas.apps.harga_pangan.urls import staff_urls

        return staff_urls()

    def api_router(self) -> Router:
        from kotacerdas.apps.harga_pangan.api import router

        return router

    def console_entries(self) -> list[ConsoleEntry]:
        return [
            ConsoleEntry(
                "entry",
                {"id": "Entri harga", "en": "Price entry"},
                "home",
                Access.STAFF,
                "queue",
                count=_not_reported,
            ),
            ConsoleEntry(
                "import",
                {"id": "Impor harga", "en": "Import prices"},
                "import",
                Access.STAFF,
                "page",
            ),
            ConsoleEntry(
                "keys",
                {"id": "Kunci API harga", "en": "Price API keys"},
                "keys",
                Access.ADMIN,
                "settings",
            ),
        ]

    def kpis(self, ctx: Ctx) -> list[KPI]:
        from kotacerdas.apps.harga_pangan.contract import kpis

        return kpis(ctx)

    def indicator_feeds(self) -> list[IndicatorFeed]:
        return [
            IndicatorFeed(
                "harga-pangan:markets-reporting",
                "markets_reporting",
                {"id": "Pasar yang melaporkan harga", "en": "Markets reporting prices"},
                {"id": "hari ini", "en": "today"},
                score=share,
            )
        ]

    def map_layers(self, ctx: Ctx) -> list[MapLayer]:
        from kotacerdas.apps.harga_pangan.contract import map_layers

        return map_layers(ctx)

    def datasets(self, ctx: Ctx) -> list[Dataset]:
        from kotacerdas.apps.harga_pangan.contract import datasets

        return datasets(ctx)

    def seed_demo(self, regions: list[Region]) -> None:
        from kotacerdas.apps.harga_pangan.demo import seed

        seed(regions)
