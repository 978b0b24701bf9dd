"""Fasilitas Kesehatan on the app contract. Imported while settings load: hooks import lazily."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kotacerdas.apps.fasilitas_kesehatan.config import SCHEMA, FasilitasKesehatanSettings
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
    SmartCityApp,
    share,
)

if TYPE_CHECKING:
    from ninja import Router

    from kotacerdas.core.models import Region

Ctx = AppContext[FasilitasKesehatanSettings]


def _stale(ctx: Ctx) -> int:
    from kotacerdas.apps.fasilitas_kesehatan.contract import stale_count

    return stale_count(ctx)


def _run_checks(ctx: Ctx) -> None:
    from kotacerdas.apps.fasilitas_kesehatan.services.alerts import run_checks

    run_checks(ctx)


class FasilitasKesehatan(SmartCityApp):
    manifest = Manifest(
        key="fasilitas-kesehatan",
        name={"id": "Fasilitas Kesehatan", "en": "Health Facilities"},
        description={
            "id": (
                "Fasilitas kesehatan dan ketersediaan tempat tidur per kelas, "
                "pencari publik, API FHIR R4."
            ),
            "en": (
                "Health facilities and bed availability per room class, "
                "a public finder, a FHIR R4 API."
            ),
        },
        dimension="living",
        secondary_dimensions=(),
        version="0.1.0",
        publisher="kotacerdas",
        licence="EUPL-1.2",
        config_schema=SCHEMA,
        features={
            "id": [
                "Pencari tempat tidur kosong terdekat",
                "Pembaruan tempat tidur satu layar dan API",
                "API FHIR R4 (Location, Organization, HealthcareService)",
            ],
            "en": [
                "Nearest free bed finder",
                "One-screen and API bed updates",
                "FHIR R4 API (Location, Organization, HealthcareService)",
            ],
        },
    )
    django_app = "kotacerdas.apps.fasilitas_kesehatan.apps.FasilitasKesehatanConfig"
    config_model = FasilitasKesehatanSettings

    def public_urls(self) -> list[Any]:
        from kotacerdas.apps.fasilitas_kesehatan.urls import public_urls

        return public_urls()

    def staff_urls(self) -> list[Any]:
        from kotacerdas.apps.fasilitas_kesehatan.urls import staff_urls

        return staff_urls()

    def api_router(self) -> Router:
        from kotacerdas.apps.fasilitas_kesehatan.api import router

        return router

    def console_entries(self) -> list[ConsoleEntry]:
        return [
            ConsoleEntry(
                "beds",
                {"id": "Tempat tidur", "en": "Hospital beds"},
                "home",
                Access.STAFF,
                "queue",
                count=_stale,
            ),
            # The registry is Dinkes's and the region admin's, not every agency's.
            ConsoleEntry(
                "facility-new",
                {"id": "Faskes baru", "en": "New facility"},
                "facility-new",
                Access.ADMIN,
                "page",
            ),
            ConsoleEntry(
                "keys",
                {"id": "Kunci API faskes", "en": "Facility API keys"},
                "keys",
                Access.ADMIN,
                "settings",
            ),
        ]

    def kpis(self, ctx: Ctx) -> list[KPI]:
        from kotacerdas.apps.fasilitas_kesehatan.contract import kpis

        return kpis(ctx)

    def indicator_feeds(self) -> list[IndicatorFeed]:
        return [
            IndicatorFeed(
                "fasilitas-kesehatan:beds-reporting",
                "beds_reporting",
                {
                    "id": "Faskes yang memperbarui data tempat tidur",
                    "en": "Facilities keeping their bed counts up to date",
                },
                {"id": "dalam batas data terlambat", "en": "within the staleness window"},
                score=share,
            )
        ]

    def map_layers(self, ctx: Ctx) -> list[MapLayer]:
        from kotacerdas.apps.fasilitas_kesehatan.contract import map_layers

        return map_layers(ctx)

    def datasets(self, ctx: Ctx) -> list[Dataset]:
        from kotacerdas.apps.fasilitas_kesehatan.contract import datasets

        return datasets(ctx)

    def periodic_jobs(self) -> list[PeriodicJob]:
        return [PeriodicJob("fasilitas-kesehatan.checks", 600, _run_checks)]

    def seed_demo(self, regions: list[Region]) -> None:
        from kotacerdas.apps.fasilitas_kesehatan.demo import seed

        seed(regions)
