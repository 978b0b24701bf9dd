"""Reads for pages and Open311: public lists, the staff inbox, timelines, personal data,
and what the pages' maps need."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

from django.db.models import Avg, Count, F, QuerySet
from django.utils import timezone

from kotacerdas.apps.aduan_warga.config import AduanContext
from kotacerdas.apps.aduan_warga.models import (
    OPEN_STATES,
    Follower,
    Photo,
    Rating,
    Report,
    ReportAction,
    Reporter,
    Status,
)
from kotacerdas.contract import Access
from kotacerdas.core.maps import map_data
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
    """What map.js needs: the shared map data (tiles, outline) and the status colours."""
    return map_data(region, colours={str(k): v for k, v in STATUS_COLOURS.items()})


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


# Nearby reports (FixMyStreet's "is this your problem?"): a bounding box the database can
# answer from the coordinates, then the exact distance in Python on the few rows left.
NEARBY_METRES = 200
EARTH_METRES = 6_371_000.0


@dataclass(frozen=True)
class Nearby:
    report: Report
    metres: int
    followers: int


def haversine_metres(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_METRES * math.asin(min(1.0, math.sqrt(a)))


def nearby(
    ctx: AduanContext,
    service_code: str,
    lat: float,
    lng: float,
    metres: int = NEARBY_METRES,
    limit: int = 5,
) -> list[Nearby]:
    """Open reports of the same category within ``metres`` of a point, nearest first."""
    if not (-90 <= lat <= 90 and -180 <= lng <= 180) or not service_code:
        return []
    dlat = math.degrees(metres / EARTH_METRES)
    dlng = dlat / max(math.cos(math.radians(lat)), 0.01)
    rows = Report.objects.scoped(ctx.scope).filter(
        region=ctx.region,
        service_code=service_code[:50],
        status__in=OPEN_STATES,
        lat__range=(lat - dlat, lat + dlat),
        lng__range=(lng - dlng, lng + dlng),
    )
    found = []
    for row in rows.order_by("-created_at")[:200]:
        assert row.lat is not None and row.lng is not None  # the range filter saw them
        distance = haversine_metres(lat, lng, row.lat, row.lng)
        if distance <= metres:
            found.append((distance, row))
    found.sort(key=lambda pair: pair[0])
    found = found[:limit]
    counts = follower_counts([row.pk for _, row in found], ctx.region_id)
    return [Nearby(row, round(d), counts.get(row.pk, 0)) for d, row in found]


def follower_counts(report_ids: list[int], region_id: int) -> dict[int, int]:
    """How many follow each report: a count, never who (their e-mails are personal data)."""
    if not report_ids:
        return {}
    scope = Scope.region_system(region_id, "how many follow a report: counts only")
    rows = (
        Follower.objects.scoped(scope)
        .filter(report_id__in=report_ids)
        .values("report_id")
        .annotate(n=Count("pk"))
    )
    return {r["report_id"]: r["n"] for r in rows}


def average_rating(region_id: int, since: dt.datetime | None = None) -> tuple[float | None, int]:
    """The mean score of the reporters' ratings and how many there are (no comments)."""
    scope = Scope.region_system(region_id, "the average rating: an aggregate of scores")
    rows = Rating.objects.scoped(scope).filter(region_id=region_id)
    if since is not None:
        rows = rows.filter(at__gte=since)
    result = rows.aggregate(mean=Avg("score"), n=Count("pk"))
    mean = result["mean"]
    return (None if mean is None else round(float(mean), 2)), int(result["n"] or 0)
