"""Reads for pages, the API and the contract hooks.

Every public read goes through :func:`public_datasets`: published and ``terbuka`` only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Max, QuerySet

from kotacerdas.apps.data_terbuka.models import (
    DatasetState,
    OpenDataset,
    Release,
    ReleaseState,
    Resource,
)
from kotacerdas.contract import AppContext
from kotacerdas.contract.datasets import AccessLevel, Frequency
from kotacerdas.core.tenancy import Scope

Ctx = AppContext[Any]


def public_datasets(scope: Scope | None = None) -> QuerySet[OpenDataset]:
    """Every region's public datasets (published and terbuka), for anyone."""
    return OpenDataset.objects.scoped(scope or Scope.public()).filter(
        state=DatasetState.PUBLISHED, access_level=AccessLevel.OPEN.value
    )


def region_public_datasets(ctx: Ctx) -> QuerySet[OpenDataset]:
    return public_datasets(ctx.scope).filter(region=ctx.region)


def public_resources(dataset: OpenDataset) -> QuerySet[Resource]:
    """A public dataset's resources: links, and tables with a published release."""
    return Resource.objects.scoped(Scope.public()).filter(dataset=dataset).select_related("current")


def release_history(resource: Resource) -> QuerySet[Release]:
    """The resource's published and superseded releases, newest first."""
    return Release.objects.scoped(Scope.public()).filter(
        resource=resource, state__in=[ReleaseState.PUBLISHED, ReleaseState.SUPERSEDED]
    )


def waiting_for_review(ctx: Ctx) -> QuerySet[Release]:
    """Releases the walidata has to review in the region, oldest first."""
    return (
        Release.objects.scoped(ctx.scope)
        .filter(region=ctx.region, state=ReleaseState.SUBMITTED)
        .select_related("resource__dataset__agency")
        .order_by("submitted_at", "pk")
    )


def agency_datasets(ctx: Ctx) -> QuerySet[OpenDataset]:
    """The uploaded datasets the caller produces: the admin's are all the region's, staff
    see their agencies' ones."""
    rows = OpenDataset.objects.scoped(ctx.scope).filter(region=ctx.region, source="upload")
    if ctx.is_admin:
        return rows
    return rows.filter(agency_id__in=ctx.agencies)


@dataclass(frozen=True)
class Counts:
    published: int
    waiting: int


def region_counts(ctx: Ctx) -> Counts:
    return Counts(
        region_public_datasets(ctx).count(),
        Release.objects.scoped(ctx.scope)
        .filter(region=ctx.region, state=ReleaseState.SUBMITTED)
        .count(),
    )


# How long a release stays fresh: its frequency's longest period and a day of grace (the
# refresh job runs hourly, so a daily dataset is rewritten some minutes after midnight).
FRESH_WITHIN = {
    Frequency.REALTIME.value: dt.timedelta(days=1),
    Frequency.DAILY.value: dt.timedelta(days=2),
    Frequency.MONTHLY.value: dt.timedelta(days=32),
    Frequency.QUARTERLY.value: dt.timedelta(days=93),
    Frequency.SEMIANNUAL.value: dt.timedelta(days=185),
    Frequency.YEARLY.value: dt.timedelta(days=367),
}


def fresh_datasets(ctx: Ctx, now: dt.datetime) -> tuple[int, int]:
    """(fresh, published): public datasets whose latest release is within its frequency.

    An app's dataset whose rows had not changed gets no new release, but the refresh job
    still checked it (``refreshed_at``): that counts as a release on time."""
    rows = list(region_public_datasets(ctx).values_list("pk", "frequency", "refreshed_at"))
    released = dict(
        Release.objects.scoped(ctx.scope)
        .filter(
            region=ctx.region,
            resource__dataset_id__in=[pk for pk, _f, _r in rows],
            state__in=[ReleaseState.PUBLISHED, ReleaseState.SUPERSEDED],
        )
        .values("resource__dataset_id")
        .annotate(latest=Max("published_at"))
        .values_list("resource__dataset_id", "latest")
    )
    fresh = 0
    for pk, frequency, refreshed in rows:
        moments = [m for m in (released.get(pk), refreshed) if m is not None]
        window = FRESH_WITHIN.get(frequency, FRESH_WITHIN[Frequency.YEARLY.value])
        if moments and now - max(moments) <= window:
            fresh += 1
    return fresh, len(rows)
