"""Aduan Warga on the app contract. Imported with the settings: hooks import lazily.

Every hook receives the app context (``ctx``): the region, its typed configuration
(:class:`~kotacerdas.apps.aduan_warga.config.AduanConfig`) and the caller.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kotacerdas.apps.aduan_warga.config import SCHEMA, AduanConfig, AduanContext
from kotacerdas.contract import (
    KPI,
    Access,
    ConsoleEntry,
    Dataset,
    IndicatorFeed,
    Manifest,
    MapLayer,
    PeriodicJob,
    RootRoute,
    SmartCityApp,
)

if TYPE_CHECKING:
    from kotacerdas.contract.handoff import Intake
    from kotacerdas.core.models import Agency, Region


def _new_reports(ctx: AduanContext) -> int:
    from kotacerdas.apps.aduan_warga.contract import new_reports_count

    return new_reports_count(ctx)


def _my_work(ctx: AduanContext) -> int:
    from kotacerdas.apps.aduan_warga.contract import work_count

    return work_count(ctx)


class AduanWarga(SmartCityApp):
    manifest = Manifest(
        key="aduan-warga",
        name={"id": "Aduan Warga", "en": "Citizen Reports"},
        description={
            "id": "Laporan warga dengan alur LAPOR!: verifikasi, disposisi ke OPD, tindak "
            "lanjut, tenggat hari kerja, dan API Open311 GeoReport v2.",
            "en": "Citizen reports with the LAPOR! workflow: verification, disposition to "
            "agencies, follow-up, working-day deadlines, and an Open311 GeoReport v2 API.",
        },
        dimension="governance",
        secondary_dimensions=("living",),
        version="1.0.0",
        publisher="Pemerintah Kota Semarang",
        licence="EUPL-1.2",
        config_schema=SCHEMA,
        features={
            "id": [
                "Lapor tanpa akun dengan peta dan foto",
                "Alur LAPOR! SP4N",
                "Tenggat hari kerja",
                "Open311 GeoReport v2",
            ],
            "en": [
                "Report without an account, with a map and photos",
                "LAPOR! SP4N workflow",
                "Working-day deadlines",
                "Open311 GeoReport v2",
            ],
        },
    )
    django_app = "kotacerdas.apps.aduan_warga.apps.AduanWargaConfig"
    config_model = AduanConfig

    def public_urls(self) -> list[Any]:
        from kotacerdas.apps.aduan_warga import urls

        return urls.public_urls()

    def staff_urls(self) -> list[Any]:
        from kotacerdas.apps.aduan_warga import urls

        return urls.staff_urls()

    def root_urls(self) -> list[RootRoute]:
        from kotacerdas.apps.aduan_warga import urls

        return urls.root_routes()

    def console_entries(self) -> list[ConsoleEntry]:
        return [
            ConsoleEntry(
                "new-reports",
                {"id": "Aduan baru", "en": "New reports"},
                "inbox",
                Access.STAFF,
                "queue",
                count=_new_reports,
            ),
            ConsoleEntry(
                "my-work",
                {"id": "Tugas saya", "en": "My work"},
                "work",
                Access.STAFF,
                "queue",
                count=_my_work,
            ),
            ConsoleEntry(
                "reports", {"id": "Semua aduan", "en": "All reports"}, "inbox", Access.STAFF
            ),
            ConsoleEntry(
                "open311-clients",
                {"id": "Klien Open311", "en": "Open311 clients"},
                "clients",
                Access.ADMIN,
                "settings",
            ),
        ]

    def kpis(self, ctx: AduanContext) -> list[KPI]:
        from kotacerdas.apps.aduan_warga import contract

        return contract.kpis(ctx)

    def map_layers(self, ctx: AduanContext) -> list[MapLayer]:
        from kotacerdas.apps.aduan_warga import contract

        return contract.map_layers(ctx)

    def datasets(self, ctx: AduanContext) -> list[Dataset]:
        from kotacerdas.apps.aduan_warga import contract

        return contract.datasets(ctx)

    def periodic_jobs(self) -> list[PeriodicJob]:
        from kotacerdas.apps.aduan_warga.services.jobs import check_deadlines

        return [PeriodicJob("aduan-warga-deadlines", 300, check_deadlines)]

    def indicator_feeds(self) -> list[IndicatorFeed]:
        # The share resolved within the service standard is already a percentage.
        return [
            IndicatorFeed(
                "aduan-warga:resolved-on-time",
                "resolved-on-time",
                {"id": "Aduan selesai dalam standar layanan", "en": "Reports resolved on time"},
                {"id": "90 hari terakhir", "en": "last 90 days"},
            )
        ]

    def intakes(self) -> list[Intake]:
        from kotacerdas.apps.aduan_warga.services import intake

        return intake.intakes()

    def agency_open_work(self, ctx: AduanContext, agency: Agency) -> int:
        from kotacerdas.apps.aduan_warga import contract

        return contract.agency_open_work(ctx, agency)

    def reassign_agency_work(self, ctx: AduanContext, agency: Agency, to_agency: Agency) -> int:
        from kotacerdas.apps.aduan_warga import contract

        return contract.reassign_agency_work(ctx, agency, to_agency)

    def seed_demo(self, regions: list[Region]) -> None:
        from kotacerdas.apps.aduan_warga.demo import seed

        seed(regions)
