"""Reads of the agency work queue ("Tugas saya"): the reports an agency has to handle.

A report is in an agency's queue while it is disposed to the agency or in progress there.
Overdue ones come first (past the current step's deadline, ``due_at``, counted in working
days when it was set; or flagged ``overdue`` by the SLA job), then the oldest. Agency staff
see their own agencies' queue; the region's admins (and read-only province officers) see
every agency's, with a filter by agency.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import BooleanField, Case, Count, Q, QuerySet, Value, When
from django.utils import timezone

from kotacerdas.apps.aduan_warga.config import AduanContext
from kotacerdas.apps.aduan_warga.models import Report, Status
from kotacerdas.core.calendar import working_days_between
from kotacerdas.core.models import Agency

QUEUE_STATES = (Status.DISPOSED, Status.IN_PROGRESS)


def own_queue_only(ctx: AduanContext) -> bool:
    """Agency staff work their own agencies' queue; admins and readers see all of them."""
    return ctx.is_staff and not ctx.is_admin


def _queue(ctx: AduanContext) -> QuerySet[Report]:
    rows = Report.objects.scoped(ctx.scope).filter(region=ctx.region, status__in=QUEUE_STATES)
    if own_queue_only(ctx):
        return rows.filter(agency_id__in=ctx.agencies)
    return rows.filter(agency__isnull=False)


def _late(now: dt.datetime) -> Q:
    return Q(overdue=True) | Q(due_at__lt=now)


def work_queue(
    ctx: AduanContext, agency: str = "", now: dt.datetime | None = None
) -> QuerySet[Report]:
    """The queue, overdue first, then by age (oldest first); ``agency`` is a slug filter."""
    now = now or timezone.now()
    rows = _queue(ctx).select_related("agency")
    if agency:
        rows = rows.filter(agency__slug=agency[:40])
    late = Case(
        When(_late(now), then=Value(True)), default=Value(False), output_field=BooleanField()
    )
    return rows.annotate(late=late).order_by("-late", "created_at", "pk")


def work_count(ctx: AduanContext) -> int:
    """The navigation's count beside "Tugas saya": one count on (region, status)."""
    if not ctx.is_staff:
        return 0
    return _queue(ctx).count()


@dataclass(frozen=True)
class AgencyLoad:
    slug: str
    name: str
    open: int
    late: int


def load_by_agency(ctx: AduanContext, now: dt.datetime | None = None) -> list[AgencyLoad]:
    """Each agency's open and overdue count (one grouped query), for the admin's filter."""
    now = now or timezone.now()
    counts: dict[int, tuple[int, int]] = {
        row["agency_id"]: (row["n"], row["late"])
        for row in _queue(ctx)
        .values("agency_id")
        .annotate(n=Count("pk"), late=Count("pk", filter=_late(now)))
    }
    agencies = Agency.objects.scoped(ctx.scope).filter(region=ctx.region).order_by("name")
    return [
        AgencyLoad(a.slug, a.short_name or a.name, *counts.get(a.pk, (0, 0)))
        for a in agencies
        if a.pk in counts or getattr(a, "is_active", True)
    ]


def days_late(report: Report, now: dt.datetime) -> int:
    """Working days past the deadline (0 when not late or on the deadline's own day)."""
    if report.due_at is None or report.due_at >= now:
        return 0
    return working_days_between(report.due_at, now)
