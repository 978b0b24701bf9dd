"""Agenda & Wisata on the app contract. Imported while settings load: hooks import lazily."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kotacerdas.apps.agenda_wisata.config import SCHEMA, AgendaWisataSettings
from kotacerdas.contract import (
    KPI,
    Access,
    AppContext,
    Brand,
    ConsoleEntry,
    Dataset,
    IndicatorFeed,
    Manifest,
    MapLayer,
    SmartCityApp,
)

if TYPE_CHECKING:
    from kotacerdas.core.models import Region

Ctx = AppContext[AgendaWisataSettings]


def _this_week(ctx: Ctx) -> int:
    from kotacerdas.apps.agenda_wisata.contract import events_this_week

    return events_this_week(ctx)


# Four or more public events a week score 100 (a calendar that is kept up to date).
EVENTS_FOR_FULL_SCORE = 4


def _events_score(kpi: KPI) -> float | None:
    if kpi.value is None:
        return None
    return min(100.0, 100.0 * float(kpi.value) / EVENTS_FOR_FULL_SCORE)


def _visitors_score(kpi: KPI) -> float | None:
    """Visitors against the same month a year earlier: as many or more scores 100."""
    if kpi.value is None or not kpi.previous:
        return None
    return min(100.0, 100.0 * float(kpi.value) / float(kpi.previous))


class AgendaWisata(SmartCityApp):
    manifest = Manifest(
        key="agenda-wisata",
        name={"id": "Agenda & Wisata", "en": "Events & Tourism"},
        description={
            "id": "Agenda acara, destinasi wisata dan produk unggulan daerah, dengan merek daerah.",
            "en": (
                "Events calendar, tourist destinations and local products, "
                "under the region's brand."
            ),
        },
        dimension="branding",
        secondary_dimensions=("economy",),
        version="0.1.0",
        publisher="kotacerdas",
        licence="EUPL-1.2",
        config_schema=SCHEMA,
        features={
            "id": [
                "Kalender acara dan iCalendar",
                "Destinasi wisata dan kunjungan",
                "Katalog UMKM",
            ],
            "en": ["Events calendar and iCalendar", "Destinations and visitors", "Local products"],
        },
    )
    django_app = "kotacerdas.apps.agenda_wisata.apps.AgendaWisataConfig"
    config_model = AgendaWisataSettings

    def public_urls(self) -> list[Any]:
        from kotacerdas.apps.agenda_wisata.urls import public_urls

        return public_urls()

    def staff_urls(self) -> list[Any]:
        from kotacerdas.apps.agenda_wisata.urls import staff_urls

        return staff_urls()

    def console_entries(self) -> list[ConsoleEntry]:
        return [
            ConsoleEntry(
                "agenda",
                {"id": "Agenda & wisata", "en": "Events & tourism"},
                "home",
                Access.STAFF,
                "queue",
                count=_this_week,
            ),
            ConsoleEntry(
                "visitors",
                {"id": "Kunjungan wisata", "en": "Visitor counts"},
                "visitors",
                Access.STAFF,
                "page",
            ),
            ConsoleEntry(
                "brand",
                {"id": "Merek daerah", "en": "Region brand"},
                "brand",
                Access.ADMIN,
                "settings",
            ),
        ]

    def indicator_feeds(self) -> list[IndicatorFeed]:
        return [
            IndicatorFeed(
                "agenda-wisata:events-published",
                "events_this_week",
                {"id": "Agenda acara daerah terbit", "en": "Regional events published"},
                {"id": "minggu ini", "en": "this week"},
                _events_score,
            ),
            IndicatorFeed(
                "agenda-wisata:visitor-trend",
                "visitors_month",
                {
                    "id": "Kunjungan wisata dibanding tahun lalu",
                    "en": "Tourist visits against last year",
                },
                {"id": "bulan terakhir", "en": "latest month"},
                _visitors_score,
            ),
        ]

    def kpis(self, ctx: Ctx) -> list[KPI]:
        from kotacerdas.apps.agenda_wisata.contract import kpis

        return kpis(ctx)

    def map_layers(self, ctx: Ctx) -> list[MapLayer]:
        from kotacerdas.apps.agenda_wisata.contract import map_layers

        return map_layers(ctx)

    def datasets(self, ctx: Ctx) -> list[Dataset]:
        from kotacerdas.apps.agenda_wisata.contract import datasets

        return datasets(ctx)

    def brand(self, ctx: Ctx) -> Brand | None:
        from kotacerdas.apps.agenda_wisata.brand import region_brand

        return region_brand(ctx)

    def public_pages(self, ctx: Ctx) -> list[str]:
        """Paths of the public detail pages, for the sitemap (duck-typed, see the brand notes)."""
        from kotacerdas.apps.agenda_wisata.contract import public_pages

        return public_pages(ctx)

    def seed_demo(self, regions: list[Region]) -> None:
        from kotacerdas.apps.agenda_wisata.demo import seed

        seed(regions)
