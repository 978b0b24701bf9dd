"""The LAPOR! workflow: every step checks who may take it, records who and when, and
moves the deadline. Coordinating admin: verify, tunda, bukan wewenang, archive, merge,
classify, dispose. Agency staff: follow up, resolve. Reporter: confirm or reopen.

Every step acts in one region, the context's: its configuration gives the deadlines, and
a report of another region is "no such report" whoever the caller is.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kotacerdas.apps.aduan_warga.config import AduanContext
from kotacerdas.apps.aduan_warga.models import Kind, Report, ReportAction, Status
from kotacerdas.apps.aduan_warga.services import NotPermitted, ReportInvalid
from kotacerdas.apps.aduan_warga.services.notify import notify_agency, notify_reporter
from kotacerdas.apps.aduan_warga.services.publishing import announce
from kotacerdas.core.calendar import add_working_days
from kotacerdas.core.models import Agency
from kotacerdas.core.tenancy import Action, Scope

S = Status
TRIAGE = {S.RECEIVED, S.VERIFIED, S.POSTPONED}
# Re-disposition is allowed while the agency works on it; the old step stays in history.
DISPOSABLE = TRIAGE | {S.DISPOSED, S.IN_PROGRESS}
HANDLING = {S.DISPOSED, S.IN_PROGRESS}


@dataclass(frozen=True)
class Actor:
    """Who takes a step, in which region's context; ``scope`` is what they may change."""

    ctx: AduanContext
    scope: Scope
    user: AbstractBaseUser | None = None
    label: str = ""

    @classmethod
    def staff(cls, ctx: AduanContext, user: AbstractBaseUser) -> Actor:
        name = user.get_full_name() if hasattr(user, "get_full_name") else ""
        return cls(ctx, ctx.scope, user, name or user.get_username())

    @classmethod
    def system(cls, ctx: AduanContext, label: str, reason: str) -> Actor:
        """The reporter (who proved the tracking token) or a job: a scope of this region."""
        return cls(ctx, Scope.region_system(ctx.region_id, reason), None, label)


def _load(actor: Actor, report_id: int) -> Report:
    report = (
        Report.objects.scoped(actor.scope, Action.CHANGE)
        .select_for_update(of=("self",))
        .select_related("region", "agency")
        .filter(pk=report_id, region_id=actor.ctx.region_id)
        .first()
    )
    if report is None:
        raise NotPermitted(_("This report does not exist or you may not change it."))
    return report


def _admin(actor: Actor, report: Report) -> None:
    if not actor.scope.is_region_admin(report.region_id):
        raise NotPermitted(_("Only the region's coordinating admin may do this."))


def _handler(actor: Actor, report: Report) -> None:
    if actor.scope.is_region_admin(report.region_id):
        return
    if report.agency_id is None or report.agency_id not in actor.scope.agencies:
        raise NotPermitted(_("Only staff of the agency handling this report may do this."))


def _from(report: Report, allowed: set[Status]) -> None:
    if report.status not in allowed:
        raise ReportInvalid(
            "status",
            _("A report that is %(status)s cannot take this step.")
            % {"status": report.get_status_display()},
        )


def _needs(note: str, what: str) -> str:
    note = note.strip()
    if not note:
        raise ReportInvalid("note", _("Write %(what)s.") % {"what": what})
    if len(note) > 4000:
        raise ReportInvalid("note", _("The note is longer than 4,000 characters."))
    return note


def record(
    report: Report,
    actor: Actor,
    action: str,
    status: Status,
    *,
    note: str = "",
    public: bool = True,
    due_days: int | None = None,
    keep_due: bool = False,
) -> ReportAction:
    """Apply a step: status, deadline, history row, event and the reporter's e-mail."""
    now = timezone.now()
    changed = report.status != status
    report.status = status
    report.updated_at = now
    if not keep_due:
        report.due_at = add_working_days(now, due_days) if due_days is not None else None
        report.overdue = False
        report.warned_at = None
    if public and note:
        report.status_notes = note[:500]
    report.save()
    entry = ReportAction.objects.scoped(actor.scope, Action.CHANGE).create(
        region_id=report.region_id,
        report=report,
        action=action,
        status=status,
        note=note,
        public=public,
        actor_id=None if actor.user is None else actor.user.pk,
        actor_label=actor.label or "system",
        agency=report.agency,
        at=now,
    )
    announce(report, "report.updated")
    if public and changed:
        transaction.on_commit(lambda: notify_reporter(report, entry))
    return entry


def _step(actor: Actor, report_id: int, check: str, allowed: set[Status]) -> Report:
    report = _load(actor, report_id)
    (_admin if check == "admin" else _handler)(actor, report)
    _from(report, allowed)
    return report


def _conf_days(actor: Actor, which: str) -> int:
    conf = actor.ctx.config
    return conf.auto_close_days if which == "close" else conf.follow_up_days()


@transaction.atomic
def verify(actor: Actor, report_id: int, note: str = "") -> Report:
    report = _step(actor, report_id, "admin", {S.RECEIVED, S.POSTPONED})
    record(report, actor, "verify", S.VERIFIED, note=note.strip(), keep_due=True)
    return report


@transaction.atomic
def postpone(actor: Actor, report_id: int, note: str) -> Report:
    report = _step(actor, report_id, "admin", {S.RECEIVED, S.VERIFIED})
    record(
        report, actor, "postpone", S.POSTPONED, note=_needs(note, _("the reason")), keep_due=True
    )
    return report


@transaction.atomic
def not_authority(actor: Actor, report_id: int, note: str) -> Report:
    report = _step(actor, report_id, "admin", DISPOSABLE)
    record(
        report,
        actor,
        "not_authority",
        S.NOT_AUTHORITY,
        note=_needs(note, _("who handles it instead")),
    )
    report.closed_at = report.updated_at
    report.save(update_fields=["closed_at"])
    return report


@transaction.atomic
def archive(actor: Actor, report_id: int, note: str) -> Report:
    report = _step(actor, report_id, "admin", set(S) - {S.ARCHIVED})
    record(report, actor, "archive", S.ARCHIVED, note=_needs(note, _("the reason")))
    report.closed_at = report.updated_at
    report.save(update_fields=["closed_at"])
    return report


@transaction.atomic
def merge(actor: Actor, report_id: int, into_ticket: str) -> Report:
    report = _step(actor, report_id, "admin", DISPOSABLE)
    target = (
        Report.objects.scoped(actor.scope, Action.CHANGE)
        .filter(region_id=report.region_id, ticket=into_ticket.strip().upper())
        .exclude(pk=report.pk)
        .first()
    )
    if target is None or target.status == S.DUPLICATE:
        raise ReportInvalid("into", _("No other report of this region has that ticket number."))
    report.duplicate_of = target
    record(
        report,
        actor,
        "merge",
        S.DUPLICATE,
        note=_("Merged into report %(ticket)s.") % {"ticket": target.ticket},
    )
    report.closed_at = report.updated_at
    report.save(update_fields=["closed_at", "duplicate_of"])
    return report


@transaction.atomic
def classify(actor: Actor, report_id: int, kind: str) -> Report:
    report = _step(actor, report_id, "admin", DISPOSABLE)
    if kind not in Kind.values:
        raise ReportInvalid("kind", _("Choose aspirasi, pengaduan or permintaan informasi."))
    report.kind = kind
    record(
        report,
        actor,
        "classify",
        Status(report.status),
        note=str(Kind(kind).label),
        public=False,
        keep_due=True,
    )
    return report


@transaction.atomic
def dispose(actor: Actor, report_id: int, agency_slug: str, note: str = "") -> Report:
    report = _step(actor, report_id, "admin", DISPOSABLE)
    agency = (
        Agency.objects.scoped(actor.scope)
        .filter(region_id=report.region_id, slug=agency_slug)
        .first()
    )
    if agency is None:
        raise ReportInvalid("agency", _("Choose an agency of this region."))
    action = "redispose" if report.agency_id else "dispose"
    report.agency = agency
    record(
        report,
        actor,
        action,
        S.DISPOSED,
        note=note.strip() or agency.name,
        due_days=_conf_days(actor, "follow"),
    )
    transaction.on_commit(lambda: notify_agency(report, "disposed"))
    return report


@transaction.atomic
def follow_up(actor: Actor, report_id: int, note: str, public: bool = True) -> Report:
    report = _step(actor, report_id, "handler", HANDLING)
    text = _needs(note, _("the follow-up"))
    if not public:
        record(report, actor, "note", Status(report.status), note=text, public=False, keep_due=True)
        return report
    if report.first_response_at is None:
        report.first_response_at = timezone.now()
    record(report, actor, "follow_up", S.IN_PROGRESS, note=text, keep_due=True)
    return report


@transaction.atomic
def resolve(actor: Actor, report_id: int, note: str) -> Report:
    report = _step(actor, report_id, "handler", HANDLING)
    now = timezone.now()
    report.resolved_at = now
    report.first_response_at = report.first_response_at or now
    # The reporter now has auto_close_days working days to confirm or reopen.
    record(
        report,
        actor,
        "resolve",
        S.RESOLVED,
        note=_needs(note, _("what was done")),
        due_days=_conf_days(actor, "close"),
    )
    return report


def _reporter(ctx: AduanContext) -> Actor:
    return Actor.system(ctx, "reporter", "the reporter answers through the tracking link")


def _reporter_report(actor: Actor, report_id: int) -> Report:
    report = _load(actor, report_id)
    _from(report, {S.RESOLVED})
    return report


@transaction.atomic
def confirm(ctx: AduanContext, report_id: int) -> Report:
    """The reporter (who proved the tracking token) confirms the work is done."""
    reporter = _reporter(ctx)
    report = _reporter_report(reporter, report_id)
    report.closed_at = timezone.now()
    record(report, reporter, "confirm", S.CLOSED)
    return report


@transaction.atomic
def reopen(ctx: AduanContext, report_id: int, note: str) -> Report:
    reporter = _reporter(ctx)
    report = _reporter_report(reporter, report_id)
    report.resolved_at = None
    record(
        report,
        reporter,
        "reopen",
        S.IN_PROGRESS,
        note=_needs(note, _("what is still wrong")),
        due_days=_conf_days(reporter, "follow"),
    )
    transaction.on_commit(lambda: notify_agency(report, "reopened"))
    return report


def auto_close(ctx: AduanContext, report: Report, now: dt.datetime) -> None:
    """The reporter did not answer in time (called by the periodic job, in its transaction,
    with the region's job context)."""
    report.closed_at = now
    record(
        report,
        Actor(ctx, ctx.scope, None, "system"),
        "auto_close",
        S.CLOSED,
        note=_("Closed automatically: no answer from the reporter."),
    )
