"""After resolution: the reporter rates the handling (1–5, an optional comment) or reopens
the report within the region's ``reopen_days`` working days.

Both go through the private tracking link (the view has checked its token). A rating can
be changed while the report is resolved or closed; reopening after the window is refused,
the problem then needs a new report. The average rating is a KPI (``contract.kpis``).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kotacerdas.apps.aduan_warga.config import AduanContext
from kotacerdas.apps.aduan_warga.models import Rating, Report, Status
from kotacerdas.apps.aduan_warga.services import ReportInvalid, workflow
from kotacerdas.core.calendar import add_working_days, local_date, working_days_between
from kotacerdas.core.tenancy import Action, Scope

SYSTEM = "the reporter rates the handling through the tracking link"
MAX_COMMENT = 1000
RATEABLE = frozenset({Status.RESOLVED, Status.CLOSED})


def can_rate(report: Report) -> bool:
    return report.status in RATEABLE and report.resolved_at is not None


def reopen_until(ctx: AduanContext, report: Report) -> dt.date | None:
    """The last WIB day the reporter may reopen, or None if the report is not resolved."""
    if report.status != Status.RESOLVED or report.resolved_at is None:
        return None
    return local_date(add_working_days(report.resolved_at, ctx.config.reopen_days))


def can_reopen(ctx: AduanContext, report: Report, now: dt.datetime | None = None) -> bool:
    if report.status != Status.RESOLVED or report.resolved_at is None:
        return False
    now = now or timezone.now()
    return working_days_between(report.resolved_at, now) <= ctx.config.reopen_days


def _score(raw: object) -> int:
    try:
        score = int(str(raw).strip())
    except ValueError:
        raise ReportInvalid("score", _("Choose a rating from 1 to 5.")) from None
    if not 1 <= score <= 5:
        raise ReportInvalid("score", _("Choose a rating from 1 to 5."))
    return score


def rate(ctx: AduanContext, report: Report, raw_score: object, comment: str = "") -> Rating:
    """Record (or change) the reporter's rating of a resolved or closed report."""
    score = _score(raw_score)
    comment = comment.strip()
    if len(comment) > MAX_COMMENT:
        raise ReportInvalid(
            "comment", _("The comment is longer than %(n)d characters.") % {"n": MAX_COMMENT}
        )
    if report.region_id != ctx.region_id or not can_rate(report):
        raise ReportInvalid("score", _("A report can be rated once it has been resolved."))
    rows = Rating.objects.scoped(Scope.region_system(report.region_id, SYSTEM), Action.CHANGE)
    with transaction.atomic():
        row, _created = rows.update_or_create(
            report=report,
            defaults={
                "region_id": report.region_id,
                "score": score,
                "comment": comment,
                "at": timezone.now(),
            },
        )
    return row


def rating_of(report: Report) -> Rating | None:
    scope = Scope.region_system(report.region_id, SYSTEM)
    return Rating.objects.scoped(scope).filter(report=report).first()


def reopen(ctx: AduanContext, report: Report, note: str, now: dt.datetime | None = None) -> Report:
    """Reopen within the window; after it, a message says so and nothing changes."""
    if report.status == Status.RESOLVED and not can_reopen(ctx, report, now):
        raise ReportInvalid(
            "note",
            _(
                "The %(days)d working days to reopen this report have passed. If the problem "
                "is back, please send a new report."
            )
            % {"days": ctx.config.reopen_days},
        )
    if report.status != Status.RESOLVED:
        raise ReportInvalid(
            "note", _("Only a resolved report can be reopened; send a new report instead.")
        )
    return workflow.reopen(ctx, report.pk, note)
