"""What the situation room, the catalog and the job runner get from Data Terbuka.

The portal publishes no datasets of its own through ``datasets()`` (it *is* where the other
apps' datasets go); its periodic job refreshes them (``services.feeds``).
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from kotacerdas.apps.data_terbuka.queries import fresh_datasets, region_counts
from kotacerdas.contract import KPI, AppContext, KpiState, PeriodicJob

Ctx = AppContext[Any]
REFRESH_EVERY = 3600  # seconds; daily and monthly datasets skip until they are due

__all__ = ["kpis", "periodic_jobs", "refresh"]


def refresh(ctx: Ctx) -> object:
    from kotacerdas.apps.data_terbuka.services.feeds import refresh_job

    return refresh_job(ctx)


def periodic_jobs() -> list[PeriodicJob]:
    return [PeriodicJob("data-terbuka.feeds", REFRESH_EVERY, refresh)]


def kpis(ctx: Ctx) -> list[KPI]:
    counts = region_counts(ctx)
    fresh, published = fresh_datasets(ctx, timezone.now())
    return [
        KPI("open_datasets", _("Open datasets published"), counts.published, "", "governance"),
        KPI(
            "datasets_waiting_review",
            _("Releases waiting for the walidata"),
            counts.waiting,
            "",
            "governance",
            state=KpiState.WARNING if counts.waiting else KpiState.GOOD,
        ),
        KPI(
            "fresh_datasets",
            _("Open datasets released on schedule"),
            fresh,
            f"/ {published}",
            "governance",
            state=KpiState.GOOD if fresh >= published else KpiState.WARNING,
            of=published,
        ),
    ]
