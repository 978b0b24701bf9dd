"""The periodic SLA job: warn before deadlines, flag and escalate overdue reports, auto-close,
and keep the region's "overdue" alert in step.

Run per region (``PeriodicJob`` with ``per_region``): the platform calls it once for every
region that enabled the app, with that region's context and a system scope that reaches
only that region, in a transaction. Idempotent: a report is warned once per deadline,
flagged and escalated once, and a closed report is never touched again, so the runner may
call it as often as it likes.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from kotacerdas.apps.aduan_warga.config import AduanContext
from kotacerdas.apps.aduan_warga.models import Report, ReportAction, ReportTally, Status
from kotacerdas.apps.aduan_warga.services.notify import escalate, notify_agency
from kotacerdas.apps.aduan_warga.services.publishing import KEY, announce
from kotacerdas.apps.aduan_warga.services.workflow import auto_close
from kotacerdas.contract import Severity
from kotacerdas.core.alerts import clear_alert, raise_alert
from kotacerdas.core.calendar import add_working_days
from kotacerdas.core.models import Region
from kotacerdas.core.tenancy import Action, Scope

WAITING = [Status.RECEIVED, Status.VERIFIED, Status.POSTPONED, Status.DISPOSED, Status.IN_PROGRESS]
# From this many overdue reports on, the alert is critical.
CRITICAL_FROM = 10


def _flag_overdue(ctx: AduanContext, now: dt.datetime) -> int:
    late = (
        Report.objects.scoped(ctx.scope, Action.CHANGE)
        .select_for_update(of=("self",))
        .select_related("region", "agency")
        .filter(region=ctx.region, status__in=WAITING, due_at__lt=now, overdue=False)
    )
    history = ReportAction.objects.scoped(ctx.scope, Action.CHANGE)
    flagged = 0
    for report in late:
        report.overdue = True
        report.escalated_at = now
        report.save(update_fields=["overdue", "escalated_at"])
        history.create(
            region_id=report.region_id,
            report=report,
            action="escalate",
            status=report.status,
            note=_("Overdue: escalated to the region admin."),
            public=False,
            actor_label="system",
            agency=report.agency,
            at=now,
        )
        announce(report, "report.updated")
        transaction.on_commit(lambda r=report: escalate(r))  # type: ignore[misc]
        flagged += 1
    return flagged


def _warn(ctx: AduanContext, now: dt.datetime) -> int:
    soon = (
        Report.objects.scoped(ctx.scope, Action.CHANGE)
        .select_related("region", "agency")
        .filter(
            region=ctx.region,
            status__in=[Status.DISPOSED, Status.IN_PROGRESS],
            warned_at__isnull=True,
            overdue=False,
            due_at__gte=now,
        )
    )
    horizon = add_working_days(now, ctx.config.warn_before_days())
    warned = 0
    for report in soon:
        if report.due_at is not None and horizon >= report.due_at:
            report.warned_at = now
            report.save(update_fields=["warned_at"])
            transaction.on_commit(lambda r=report: notify_agency(r, "deadline"))  # type: ignore[misc]
            warned += 1
    return warned


def _auto_close(ctx: AduanContext, now: dt.datetime) -> int:
    waiting = (
        Report.objects.scoped(ctx.scope, Action.CHANGE)
        .select_for_update(of=("self",))
        .select_related("region", "agency")
        .filter(region=ctx.region, status=Status.RESOLVED, due_at__lt=now)
    )
    closed = 0
    for report in waiting:
        auto_close(ctx, report, now)
        closed += 1
    return closed


def overdue_count(region: Region, scope: Scope) -> int:
    """Open overdue reports of the region, from the KPI tallies (a few rows, not a walk over
    every open report)."""
    n = (
        ReportTally.objects.scoped(scope)
        .filter(region=region, is_open=True, overdue=True)
        .aggregate(n=Sum("count"))["n"]
    )
    return int(n or 0)


def sync_overdue_alert(region: Region, scope: Scope) -> int:
    """Raise, update or clear the region's "overdue" alert (the core deduplicates it): the
    only place the app's alert is decided, called by the job (and once by the demo's
    seeding). Returns the number of overdue reports."""
    n = overdue_count(region, scope)
    if n:
        raise_alert(
            region,
            KEY,
            "overdue",
            Severity.WARNING if n < CRITICAL_FROM else Severity.CRITICAL,
            _("%(n)d citizen reports are overdue") % {"n": n},
            data={"overdue": n},
        )
    else:
        clear_alert(region, KEY, "overdue")
    return n


def check_deadlines(ctx: AduanContext, now: dt.datetime | None = None) -> dict[str, int]:
    """The job for one region (``ctx``); ``now`` lets tests move the clock."""
    now = now or timezone.now()
    with transaction.atomic():
        flagged = _flag_overdue(ctx, now)
        warned = _warn(ctx, now)
        closed = _auto_close(ctx, now)
        sync_overdue_alert(ctx.region, ctx.scope)
    return {"overdue": flagged, "warned": warned, "closed": closed}
