"""The hooks' bodies: console entries, KPIs, map layers, datasets and jobs.

``plugin.py`` imports this module inside each hook, so what it imports (queries, services,
models in a real app) loads only once Django is ready.
"""

from __future__ import annotations

from kotacerdas.contract import (
    KPI,
    Access,
    AppContext,
    Column,
    ConsoleEntry,
    Dataset,
    Frequency,
    KpiState,
    MapLayer,
    PeriodicJob,
    Table,
)
from kotacerdas_example import queries, services
from kotacerdas_example.config import TamanConfig

Ctx = AppContext[TamanConfig]


def console_entries() -> list[ConsoleEntry]:
    """A work page with a live count (one cheap read) for staff, a settings page for admins.
    ``url_name`` is a name in ``urls.staff_urls()``."""
    return [
        ConsoleEntry(
            "parks",
            {"id": "Taman", "en": "Parks"},
            "index",
            Access.STAFF,
            "queue",
            count=queries.park_count,
        ),
        ConsoleEntry(
            "settings",
            {"id": "Pengaturan taman", "en": "Park settings"},
            "settings",
            Access.ADMIN,
            "settings",
        ),
    ]


def kpis(ctx: Ctx) -> list[KPI]:
    n = queries.park_count(ctx)
    state = KpiState.GOOD if n >= ctx.config.target_parks else KpiState.WARNING
    return [KPI("parks", "Jumlah taman", n, "taman", "living", state=state)]


def map_layers(ctx: Ctx) -> list[MapLayer]:
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [p.lng, p.lat]},
            "properties": {"name": p.name},
        }
        for p in queries.parks(ctx)
    ]
    return [MapLayer("parks", "Taman", {"type": "FeatureCollection", "features": features})]


def datasets(ctx: Ctx) -> list[Dataset]:
    """One open dataset with one typed table; ``rows`` is called when the portal refreshes."""
    parks = Table(
        "taman",
        {"id": "Daftar taman", "en": "Parks"},
        [
            Column("nama", "text", {"id": "Nama taman", "en": "Park name"}),
            Column("lintang", "numeric", {"id": "Lintang", "en": "Latitude"}, unit="derajat"),
            Column("bujur", "numeric", {"id": "Bujur", "en": "Longitude"}, unit="derajat"),
        ],
        rows=lambda: ((p.name, p.lat, p.lng) for p in queries.parks(ctx)),
    )
    return [
        Dataset(
            "taman-kota",
            {"id": "Taman kota", "en": "City parks"},
            {"id": "Daftar taman kota.", "en": "The city's parks."},
            Frequency.MONTHLY,
            opd="dlh",
            tables=[parks],
            tags=["taman"],
        )
    ]


def periodic_jobs() -> list[PeriodicJob]:
    # per_region (the default): the runner calls check_parks(ctx) once per region that
    # enabled the app, each in its own transaction.
    return [PeriodicJob("check-parks", 3600, services.check_parks)]
