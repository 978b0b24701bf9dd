"""Reads for pages and Open311: public lists, the staff inbox, timelines, personal data,
and what the pages' maps need."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import F, QuerySet
from django.utils import timezone

from kotacerdas.apps.aduan_warga.config import AduanContext
from kotacerdas.apps.aduan_warga.models import (
    OPEN_STATES,
    Photo,
    Report,
    ReportAction,
    Reporter,
    Status,
)
from kotacerdas.contract import Access
from kotacerdas.core.models import Region
from kotacerdas.core.tenancy import Scope

# Status colours of the map and the list (CSS custom properties read them too).
STATUS_COLOURS = {
    Status.RECEIVED: "#64748b",
    Status.VERIFIED: "#0ea5e9",
    Status.POSTPONED: "#a855f7",
    Status.DISPOSED: "#f59e0b",
    Status.IN_PROGRESS: "#f97316",
    Status.RESOLVED: "#22c55e",
    Status.CLOSED: "#15803d",
    Status.NOT_AUTHORITY: "#94a3b8",
    Status.ARCHIVED: "#cbd5e1",
    Status.DUPLICATE: "#cbd5e1",
}


def map_options(region: Region) -> dict[str, Any]:
    """What map.js needs: the bbox to fit and the tile URL (empty: no base tiles)."""
    return {
        "bbox": [region.bbox_south, region.bbox_west, region.bbox_north, region.bbox_east],
        "centre": [region.centre_lat, region.centre_lng],
        "tiles": getattr(settings, "KOTACERDAS_TILE_URL", ""),
        "colours": {str(k): v for k, v in STATUS_COLOURS.items()},
    }


@dataclass
class PublicFilters:
    category: str = ""
    status: str = ""
    agency: str = ""
    since: dt.date | None = None
    until: dt.date | None = None

    @classmethod
    def from_query(cls, query: Any) -> PublicFilters:
        def day(name: str) -> dt.date | None:
            try:
                return dt.date.fromisoformat(query.get(name, ""))
            except ValueError:
                return None

        status = query.get("status", "")
        return cls(
            query.get("category", "")[:50],
            status if status in Status.values or status == "open" else "",
            query.get("agency", "")[:40],
            day("since"),
            day("until"),
        )


def public_reports(ctx: AduanContext, filters: PublicFilters) -> QuerySet[Report]:
    # Reports are public data: every caller's scope reads them, narrowed to this region.
    rows = Report.objects.scoped(ctx.scope).filter(region=ctx.region).select_related("agency")
    if filters.category:
        rows = rows.filter(service_code=filters.category)
    if filters.status == "open":
        rows = rows.filter(status__in=OPEN_STATES)
    elif filters.status:
        rows = rows.filter(status=filters.status)
    if filters.agency:
        rows = rows.filter(agency__slug=filters.agency)
    if filters.since:
        rows = rows.filter(created_at__date__gte=filters.since)
    if filters.until:
        rows = rows.filter(created_at__date__lte=filters.until)
    return rows.order_by("-created_at")


def public_timeline(report: Report) -> QuerySet[ReportAction]:
    # History rows are private (internal notes, who); the public sees public entries only,
    # and the templates show no staff names, only the agency.
    return (
        ReportAction.objects.scoped(
            Scope.region_system(report.region_id, "a report's public timeline: public entries")
        )
        .filter(report=report, public=True)
        .select_related("agency")
    )


def inbox(ctx: AduanContext, status: str = "") -> QuerySet[Report]:
    """The staff inbox: earliest deadline first; agency staff see only their agency's reports."""
    rows = Report.objects.scoped(ctx.scope).filter(region=ctx.region).select_related("agency")
    if ctx.access == Access.STAFF:  # agency staff, not the region's admin
        rows = rows.filter(agency_id__in=ctx.agencies)
    # Province officers read the whole region, read-only (the services refuse their writes).
    if status == "all":
        pass
    elif status == "overdue":
        rows = rows.filter(overdue=True, status__in=OPEN_STATES)
    elif status in Status.values:
        rows = rows.filter(status=status)
    else:
        rows = rows.filter(status__in=OPEN_STATES)
    return rows.order_by(F("due_at").asc(nulls_last=True), "created_at")


def staff_report(ctx: AduanContext, ticket: str) -> Report | None:
    rows = inbox(ctx, "all").select_related("duplicate_of")
    return rows.filter(ticket=ticket).first()


def reporter_for(ctx: AduanContext, report: Report) -> Reporter | None:
    """The reporter's identity for staff who need it: the region's admins always; agency
    staff only when the reporter did not ask to stay anonymous."""
    if not ctx.is_staff or report.region_id != ctx.region_id:  # province officers need no names
        return None
    row = Reporter.objects.scoped(ctx.scope).filter(report=report).first()
    if row is None:
        return None
    if row.anonymous and not ctx.is_admin:
        return None
    return row


def is_late(report: Report, now: dt.datetime | None = None) -> bool:
    now = now or timezone.now()
    return report.is_open and report.due_at is not None and report.due_at < now


def photos_of(report: Report) -> QuerySet[Photo]:
    return Photo.objects.scoped(Scope.public()).filter(report=report)
