"""The app's entry point: the manifest, the typed configuration and every hook.

Like every plugin module it is imported while Django's settings load, so it imports no
models, views or services at the top: each hook imports its module when called and
delegates (URLs to ``urls``, the situation room's and the console's hooks to ``contract``).
Every hook and view receives the app context (``ctx``): the region, the typed configuration
and the caller, resolved by the platform.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kotacerdas.contract import (
    KPI,
    AppContext,
    ConsoleEntry,
    Dataset,
    Manifest,
    MapLayer,
    PeriodicJob,
    RootRoute,
    SmartCityApp,
)
from kotacerdas_example.config import SCHEMA, TamanConfig

if TYPE_CHECKING:
    from kotacerdas.core.models import Region

Ctx = AppContext[TamanConfig]


class ContohTaman(SmartCityApp):
    manifest = Manifest(
        key="contoh-taman",
        name={"id": "Contoh Taman Kota", "en": "Example City Parks"},
        description={"id": "Daftar taman kota sebuah daerah.", "en": "A region's city parks."},
        dimension="living",
        secondary_dimensions=("environment",),
        version="0.1.0",
        publisher="Tim Uji kotacerdas",
        licence="EUPL-1.2",
        config_schema=SCHEMA,
    )
    django_app = "kotacerdas_example.apps.ExampleConfig"
    config_model = TamanConfig

    def public_urls(self) -> list[Any]:
        from kotacerdas_example import urls

        return urls.public_urls()

    def staff_urls(self) -> list[Any]:
        from kotacerdas_example import urls

        return urls.staff_urls()

    def root_urls(self) -> list[RootRoute]:
        from kotacerdas_example import urls

        return urls.root_routes()

    def api_router(self) -> Any:
        from kotacerdas_example.api import router

        return router

    def console_entries(self) -> list[ConsoleEntry]:
        from kotacerdas_example import contract

        return contract.console_entries()

    def kpis(self, ctx: Ctx) -> list[KPI]:
        from kotacerdas_example import contract

        return contract.kpis(ctx)

    def map_layers(self, ctx: Ctx) -> list[MapLayer]:
        from kotacerdas_example import contract

        return contract.map_layers(ctx)

    def datasets(self, ctx: Ctx) -> list[Dataset]:
        from kotacerdas_example import contract

        return contract.datasets(ctx)

    def periodic_jobs(self) -> list[PeriodicJob]:
        from kotacerdas_example import contract

        return contract.periodic_jobs()

    def seed_demo(self, regions: list[Region]) -> None:
        from kotacerdas_example import demo

        demo.seed_demo(regions)
