"""The periodic SLA job: warn before deadlines, flag and escalate overdue reports, auto-close.

Idempotent: a report is warned once per deadline, flagged and escalated once, and a closed
report is never touched again, so the runner may call it as often as it likes.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kotacerdas.apps.aduan_warga.models import Report, ReportAction, Status
from kotacerdas.apps.aduan_warga.services.notify import escalate, notify_agency
from kotacerdas.apps.aduan_warga.services.publishing import KEY, announce
from kotacerdas.apps.aduan_warga.services.workflow import auto_close
from kotacerdas.apps.aduan_warga.settings import region_settings
from kotacerdas.core.alerts import clear_alert, raise_alert
from kotacerdas.core.calendar import add_working_days
from kotacerdas.core.models import Region

SYSTEM = "the SLA job checks every region's deadlines"
WAITING = [Status.RECEIVED, Status.VERIFIED, Status.POSTPONED, Status.DISPOSED, Status.IN_PROGRESS]


def _flag_overdue(now: dt.datetime) -> Counter[int]:
    late = (
        Report.objects.unscoped(SYSTEM)
        .select_for_update(of=("self",))
        .select_related("region", "agency")
    )
    flagged: Counter[int] = Counter()
    for report in late.filter(status__in=WAITING, due_at__lt=now, overdue=False):
        report.overdue = True
        report.escalated_at = now
        report.save(update_fields=["overdue", "escalated_at"])
        ReportAction.objects.unscoped(SYSTEM).create(
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
        flagged[report.region_id] += 1
    return flagged


def _warn(now: dt.datetime) -> int:
    soon = (
        Report.objects.unscoped(SYSTEM)
        .select_related("region", "agency")
        .filter(
            status__in=[Status.DISPOSED, Status.IN_PROGRESS],
            warned_at__isnull=True,
            overdue=False,
            due_at__gte=now,
        )
    )
    warned = 0
    for report in soon:
        conf = region_settings(report.region)
        days = conf.warn_before_days() if conf else 1
        if report.due_at is not None and add_working_days(now, days) >= report.due_at:
            report.warned_at = now
            report.save(update_fields=["warned_at"])
            transaction.on_commit(lambda r=report: notify_agency(r, "deadline"))  # type: ignore[misc]
            warned += 1
    return warned


def _auto_close(now: dt.datetime) -> int:
    waiting = (
        Report.objects.unscoped(SYSTEM)
        .select_for_update(of=("self",))
        .select_related("region", "agency")
        .filter(status=Status.RESOLVED, due_at__lt=now)
    )
    closed = 0
    for report in waiting:
        auto_close(report, now)
        closed += 1
    return closed


def _alerts() -> None:
    """One alert per region while it has overdue reports (deduplicated by the core)."""
    counts = Counter(
        Report.objects.unscoped(SYSTEM)
        .filter(status__in=WAITING, overdue=True)
        .values_list("region_id", flat=True)
    )
    for region in Region.objects.all():
        if counts[region.pk]:
            n = counts[region.pk]
            raise_alert(
                region,
                KEY,
                "overdue",
                "warning" if n < 10 else "critical",
                _("%(n)d citizen reports are overdue") % {"n": n},
                data={"overdue": n},
            )
        else:
            clear_alert(region, KEY, "overdue")


def check_deadlines(now: dt.datetime | None = None) -> dict[str, int]:
    now = now or timezone.now()
    with transaction.atomic():
        flagged = _flag_overdue(now)
        warned = _warn(now)
        closed = _auto_close(now)
    _alerts()
    return {"overdue": sum(flagged.values()), "warned": warned, "closed": closed}
