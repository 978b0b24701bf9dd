"""Reads for pages and the API: public lists, the staff inbox, timelines, personal data."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import F, QuerySet
from django.utils import timezone

from kotacerdas.apps.aduan_warga.models import (
    OPEN_STATES,
    Photo,
    Report,
    ReportAction,
    Reporter,
    Status,
)
from kotacerdas.core.models import Region
from kotacerdas.core.tenancy import Scope


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


def public_reports(region: Region, filters: PublicFilters) -> QuerySet[Report]:
    rows = Report.objects.scoped(Scope.public()).filter(region=region).select_related("agency")
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
        ReportAction.objects.unscoped("a report's public timeline: public entries only")
        .filter(report=report, public=True)
        .select_related("agency")
    )


def inbox(scope: Scope, region: Region, status: str = "") -> QuerySet[Report]:
    """The staff inbox: earliest deadline first; agency staff see only their agency's reports."""
    rows = Report.objects.scoped(scope).filter(region=region).select_related("agency")
    agency_staff = scope.staff_regions is not None and region.pk in scope.staff_regions
    if agency_staff and not scope.is_region_admin(region.pk):
        rows = rows.filter(agency_id__in=scope.agencies)
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


def staff_report(scope: Scope, region: Region, ticket: str) -> Report | None:
    rows = inbox(scope, region, "all").select_related("duplicate_of")
    return rows.filter(ticket=ticket).first()


def reporter_for(scope: Scope, report: Report) -> Reporter | None:
    """The reporter's identity for staff who need it: the region's admins always; agency
    staff only when the reporter did not ask to stay anonymous."""
    if not scope.is_staff_of(report.region_id):  # province officers read, but need no names
        return None
    row = Reporter.objects.scoped(scope).filter(report=report).first()
    if row is None:
        return None
    if row.anonymous and not scope.is_region_admin(report.region_id):
        return None
    return row


def is_late(report: Report, now: dt.datetime | None = None) -> bool:
    now = now or timezone.now()
    return report.is_open and report.due_at is not None and report.due_at < now


def photos_of(report: Report) -> QuerySet[Photo]:
    return Photo.objects.scoped(Scope.public()).filter(report=report)
