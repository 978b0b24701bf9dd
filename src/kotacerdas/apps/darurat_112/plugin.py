"""Darurat 112 on the app contract. Imported while settings load: hooks import lazily."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kotacerdas.apps.darurat_112.config import SCHEMA, D112Context, Darurat112Settings
from kotacerdas.contract import (
    KPI,
    Access,
    ConsoleEntry,
    Dataset,
    IndicatorFeed,
    Manifest,
    MapLayer,
    PeriodicJob,
    SmartCityApp,
)

if TYPE_CHECKING:
    from kotacerdas.core.models import Agency, Region


def _active(ctx: D112Context) -> int:
    from kotacerdas.apps.darurat_112.contract import active_count

    return active_count(ctx)


def _mine(ctx: D112Context) -> int:
    from kotacerdas.apps.darurat_112.contract import my_dispatch_count

    return my_dispatch_count(ctx)


def _expire(ctx: D112Context) -> object:
    from kotacerdas.apps.darurat_112.services.warnings import expire_warnings

    return expire_warnings(ctx)


def _watch(ctx: D112Context) -> object:
    from kotacerdas.apps.darurat_112.services.jobs import watch

    return watch(ctx)


class Darurat112(SmartCityApp):
    manifest = Manifest(
        key="darurat-112",
        name={"id": "Darurat 112", "en": "Emergency 112"},
        description={
            "id": "Panggilan darurat 112, penugasan responden dengan target waktu, dan "
            "peringatan dini CAP.",
            "en": "112 emergency calls, dispatch to responders against a target time, and CAP "
            "public warnings.",
        },
        dimension="society",
        secondary_dimensions=("living",),
        version="0.1.0",
        publisher="kotacerdas",
        licence="EUPL-1.2",
        config_schema=SCHEMA,
    )
    django_app = "kotacerdas.apps.darurat_112.apps.Darurat112Config"
    config_model = Darurat112Settings

    def public_urls(self) -> list[Any]:
        from kotacerdas.apps.darurat_112 import urls

        return urls.public_urls()

    def staff_urls(self) -> list[Any]:
        from kotacerdas.apps.darurat_112 import urls

        return urls.staff_urls()

    def console_entries(self) -> list[ConsoleEntry]:
        return [
            ConsoleEntry(
                "calls",
                {"id": "Panggilan 112", "en": "112 calls"},
                "console",
                Access.STAFF,
                "queue",
                count=_active,
            ),
            ConsoleEntry(
                "responder",
                {"id": "Penugasan saya", "en": "My dispatches"},
                "responder",
                Access.STAFF,
                "queue",
                count=_mine,
            ),
            # Call-takers open it from the board with N; the admin also finds it in the menu.
            ConsoleEntry(
                "new-call",
                {"id": "Panggilan baru", "en": "New call"},
                "new-call",
                Access.ADMIN,
            ),
            ConsoleEntry(
                "warnings",
                {"id": "Peringatan dini", "en": "Public warnings"},
                "warnings-console",
                Access.STAFF,
            ),
            # BPBD staff open it from the warnings page; the admin also finds it in the menu.
            ConsoleEntry(
                "new-warning",
                {"id": "Peringatan baru", "en": "New warning"},
                "warning-new",
                Access.ADMIN,
            ),
        ]

    def kpis(self, ctx: D112Context) -> list[KPI]:
        from kotacerdas.apps.darurat_112 import contract

        return contract.kpis(ctx)

    def map_layers(self, ctx: D112Context) -> list[MapLayer]:
        from kotacerdas.apps.darurat_112 import contract

        return contract.map_layers(ctx)

    def datasets(self, ctx: D112Context) -> list[Dataset]:
        from kotacerdas.apps.darurat_112 import contract

        return contract.datasets(ctx)

    def indicator_feeds(self) -> list[IndicatorFeed]:
        return [
            IndicatorFeed(
                key="darurat-112:within-target",
                kpi="within-target",
                title={
                    "id": "Kejadian darurat yang ditangani dalam target waktu",
                    "en": "Emergencies handled within the target time",
                },
                period={"id": "hari ini", "en": "today"},
            )
        ]

    def periodic_jobs(self) -> list[PeriodicJob]:
        return [
            PeriodicJob("darurat-112-watch", 30, _watch),
            PeriodicJob("darurat-112-warnings-expire", 300, _expire),
        ]

    def agency_open_work(self, ctx: D112Context, agency: Agency) -> int:
        from kotacerdas.apps.darurat_112 import contract

        return contract.agency_open_work(ctx, agency.pk)

    def seed_demo(self, regions: list[Region]) -> None:
        from kotacerdas.apps.darurat_112.demo import seed

        seed(regions)
