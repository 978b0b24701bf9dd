"""Aduan Warga on the app contract. Imported with the settings: hooks import lazily."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kotacerdas.apps.aduan_warga.schema import SCHEMA
from kotacerdas.contract import KPI, Dataset, Manifest, MapLayer, PeriodicJob, SmartCityApp

if TYPE_CHECKING:
    from kotacerdas.core.models import Region


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

    def public_urls(self) -> list[Any]:
        from kotacerdas.apps.aduan_warga import urls

        return list(urls.public_urls)

    def staff_urls(self) -> list[Any]:
        from kotacerdas.apps.aduan_warga import urls

        return list(urls.staff_urls)

    def root_urls(self) -> list[Any]:
        from kotacerdas.apps.aduan_warga import urls

        return list(urls.root_urls)

    def kpis(self, region: Region) -> list[KPI]:
        from kotacerdas.apps.aduan_warga.kpis import region_kpis

        return region_kpis(region)

    def map_layers(self, region: Region) -> list[MapLayer]:
        from kotacerdas.apps.aduan_warga.kpis import open_reports_layer

        return [open_reports_layer(region)]

    def datasets(self, region: Region) -> list[Dataset]:
        from django.utils.translation import gettext as _

        base = f"/open311/v2/requests.json?jurisdiction_id={region.code}"
        return [
            Dataset(
                "aduan-warga",
                _("Citizen reports"),
                _(
                    "Citizen reports of the last 90 days, without the reporters' personal data "
                    "(Open311 GeoReport v2)."
                ),
                resources=[
                    {"url": base, "format": "JSON", "name": "Open311 requests.json"},
                    {
                        "url": base.replace(".json", ".xml"),
                        "format": "XML",
                        "name": "Open311 requests.xml",
                    },
                ],
                tags=["aduan", "open311", "layanan-publik"],
            )
        ]

    def periodic_jobs(self) -> list[PeriodicJob]:
        from kotacerdas.apps.aduan_warga.services.jobs import check_deadlines

        return [PeriodicJob("aduan-warga-deadlines", 300, check_deadlines)]

    def seed_demo(self, regions: list[Region]) -> None:
        from kotacerdas.apps.aduan_warga.demo import seed

        seed(regions)
