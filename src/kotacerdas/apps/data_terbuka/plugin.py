"""Data Terbuka on the app contract. Imported while settings load: hooks import lazily."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kotacerdas.apps.data_terbuka.config import SCHEMA, DataTerbukaSettings
from kotacerdas.contract import (
    KPI,
    AppContext,
    ConsoleEntry,
    IndicatorFeed,
    Manifest,
    PeriodicJob,
    SmartCityApp,
    share,
)

if TYPE_CHECKING:
    from kotacerdas.contract import RootRoute
    from kotacerdas.core.models import Region

Ctx = AppContext[DataTerbukaSettings]


class DataTerbuka(SmartCityApp):
    manifest = Manifest(
        key="data-terbuka",
        name={"id": "Data Terbuka", "en": "Open Data"},
        description={
            "id": (
                "Portal data terbuka daerah (Satu Data Indonesia) dengan API yang kompatibel CKAN."
            ),
            "en": "The region's open-data portal (Satu Data Indonesia) with a CKAN-compatible API.",
        },
        dimension="governance",
        secondary_dimensions=(),
        version="0.1.0",
        publisher="kotacerdas",
        licence="EUPL-1.2",
        config_schema=SCHEMA,
    )
    django_app = "kotacerdas.apps.data_terbuka.apps.DataTerbukaConfig"
    config_model = DataTerbukaSettings
    # The region's portal also answers at /r/<region>/data/ (CKAN clients are given that).
    public_alias = "data"

    def public_urls(self) -> list[Any]:
        from kotacerdas.apps.data_terbuka.urls import public_urls

        return public_urls()

    def staff_urls(self) -> list[Any]:
        from kotacerdas.apps.data_terbuka.urls import staff_urls

        return staff_urls()

    def root_urls(self) -> list[RootRoute]:
        from kotacerdas.apps.data_terbuka.urls import root_routes

        return root_routes()

    def console_entries(self) -> list[ConsoleEntry]:
        from kotacerdas.apps.data_terbuka.urls import console_entries

        return console_entries()

    def kpis(self, ctx: Ctx) -> list[KPI]:
        from kotacerdas.apps.data_terbuka.contract import kpis

        return kpis(ctx)

    def indicator_feeds(self) -> list[IndicatorFeed]:
        return [
            IndicatorFeed(
                "data-terbuka:fresh-datasets",
                "fresh_datasets",
                {
                    "id": "Dataset terbuka yang mutakhir sesuai jadwal rilisnya",
                    "en": "Open datasets up to date with their release schedule",
                },
                {"id": "saat ini", "en": "now"},
                score=share,
            )
        ]

    def periodic_jobs(self) -> list[PeriodicJob]:
        from kotacerdas.apps.data_terbuka.contract import periodic_jobs

        return periodic_jobs()

    def seed_demo(self, regions: list[Region]) -> None:
        from kotacerdas.apps.data_terbuka.demo import seed

        seed(regions)
