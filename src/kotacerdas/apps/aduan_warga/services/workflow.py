"""The LAPOR! workflow: every step checks who may take it, records who and when, and
moves the deadline. Coordinating admin: verify, tunda, bukan wewenang, archive, merge,
classify, dispose. Agency staff: follow up, resolve. Reporter: confirm or reopen.

Every step acts in one region, the context's: its configuration gives the deadlines, and
a report of another region is "no such report" whoever the caller is.

``RULES`` is the one list of who may take which staff step from which state: the steps
enforce it (``refusal``) and the console offers only what it allows (``allowed_actions``).
Staff write two texts per step: ``note``, internal (an instruction, a reason: staff only,
never public, never mailed to the reporter), and optionally ``public_message``, what the
public timeline, Open311 and the reporter's e-mail show.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from kotacerdas.apps.aduan_warga.config import AduanContext
from kotacerdas.apps.aduan_warga.models import OPEN_STATES, Kind, Report, ReportAction, Status
from kotacerdas.apps.aduan_warga.services import NotPermitted, ReportInvalid
from kotacerdas.apps.aduan_warga.services.notify import (
    notify_agency,
    notify_agency_work,
    notify_reporter,
)
from kotacerdas.apps.aduan_warga.services.publishing import announce
from kotacerdas.core import audit
from kotacerdas.core.calendar import add_working_days
from kotacerdas.core.models import Agency
from kotacerdas.core.tenancy import Action, Scope

S = Status
TRIAGE = frozenset({S.RECEIVED, S.VERIFIED, S.POSTPONED})
# Re-disposition is allowed while the agency works on it; the old step stays in history.
DISPOSABLE = TRIAGE | {S.DISPOSED, S.IN_PROGRESS}
HANDLING = frozenset({S.DISPOSED, S.IN_PROGRESS})
# An agency's unfinished work: open, or resolved and waiting for the reporter (who may
# reopen it back to the agency).
UNFINISHED = frozenset(OPEN_STATES | {S.RESOLVED})
TEXT_LIMIT = 4000
# Newlines and tabs are text; other control characters are not.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Rule:
    """Who may take a step (the region's coordinating admin, or the staff of the agency
    handling the report, admins included) and from which states."""

    who: Literal["admin", "handler"]
    states: frozenset[Status]


# The one list of staff steps, in the order the console offers them: the services check
# it, and the console shows only the steps it allows (``allowed_actions``).
RULES: dict[str, Rule] = {
    "verify": Rule("admin", frozenset({S.RECEIVED, S.POSTPONED})),
    "dispose": Rule("admin", DISPOSABLE),
    "classify": Rule("admin", DISPOSABLE),
    "postpone": Rule("admin", frozenset({S.RECEIVED, S.VERIFIED})),
    "not_authority": Rule("admin", DISPOSABLE),
    "merge": Rule("admin", DISPOSABLE),
    "archive": Rule("admin", frozenset(set(S) - {S.ARCHIVED})),
    "follow_up": Rule("handler", HANDLING),
    "resolve": Rule("handler", HANDLING),
    "note": Rule("handler", frozenset(S)),
}


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


def refusal(actor: Actor, report: Report, step: str) -> NotPermitted | ReportInvalid | None:
    """Why ``actor`` may not take ``step`` on ``report`` now, or None when they may."""
    rule = RULES[step]
    region_id = report.region_id
    if region_id != actor.ctx.region_id:
        return NotPermitted(_("This report does not exist or you may not change it."))
    if rule.who == "admin":
        if not actor.scope.is_region_admin(region_id):
            return NotPermitted(_("Only the region's coordinating admin may do this."))
    elif not actor.scope.is_region_admin(region_id) and (
        report.agency_id is None or report.agency_id not in actor.scope.agencies
    ):
        return NotPermitted(_("Only staff of the agency handling this report may do this."))
    if report.status not in rule.states:
        return ReportInvalid(
            "status",
            _("A report that is %(status)s cannot take this step.")
            % {"status": report.get_status_display()},
        )
    return None


def allowed_actions(report: Report, actor: Actor) -> list[str]:
    """The steps ``actor`` may take on ``report`` in its current state, in ``RULES`` order:
    what the console offers, from the same rules the steps enforce."""
    return [step for step in RULES if refusal(actor, report, step) is None]


def _step(actor: Actor, report_id: int, step: str) -> Report:
    report = _load(actor, report_id)
    refused = refusal(actor, report, step)
    if refused is not None:
        raise refused
    return report


@dataclass(frozen=True)
class Texts:
    """What staff wrote for one step: ``note`` for staff only, ``public_message`` for
    citizens (the timeline, Open311, the reporter's e-mail)."""

    note: str = ""
    public_message: str = ""


def _clean(text: str, field: str) -> str:
    text = (text or "").strip()
    if len(text) > TEXT_LIMIT:
        if field == "note":
            raise ReportInvalid(field, _("The note is longer than 4,000 characters."))
        raise ReportInvalid(
            field, _("The message for the reporter is longer than 4,000 characters.")
        )
    if CONTROL.search(text):
        raise ReportInvalid(field, _("The text holds control characters; remove them."))
    return text


def _texts(note: str, public_message: str, what: str | None = None) -> Texts:
    """Both texts checked; with ``what``, the step needs at least one of them."""
    texts = Texts(_clean(note, "note"), _clean(public_message, "public_message"))
    if what and not (texts.note or texts.public_message):
        raise ReportInvalid("note", _("Write %(what)s.") % {"what": what})
    return texts


def record(
    report: Report,
    actor: Actor,
    action: str,
    status: Status,
    *,
    note: str = "",
    public_message: str = "",
    public: bool = True,
    due_days: int | None = None,
    keep_due: bool = False,
) -> ReportAction:
    """Apply a step: status, deadline, history row, event and the reporter's e-mail.

    ``note`` is internal whatever ``public`` says; a public step shows its status and
    ``public_message`` (blank: the status alone). An internal step carries no message.
    """
    now = timezone.now()
    changed = report.status != status
    public_message = public_message if public else ""
    report.status = status
    report.updated_at = now
    if not keep_due:
        report.due_at = add_working_days(now, due_days) if due_days is not None else None
        report.overdue = False
        report.warned_at = None
    if public:  # Open311's status_notes: the latest public step's message, or none
        report.status_notes = public_message[:500]
    report.save()
    entry = ReportAction.objects.scoped(actor.scope, Action.CHANGE).create(
        region_id=report.region_id,
        report=report,
        action=action,
        status=status,
        note=note,
        public_message=public_message,
        public=public,
        actor_id=None if actor.user is None else actor.user.pk,
        actor_label=actor.label or "system",
        agency=report.agency,
        at=now,
    )
    announce(report, "report.updated")
    if public and (changed or public_message):
        transaction.on_commit(lambda: notify_reporter(report, entry))
    return entry


def _conf_days(actor: Actor, which: str) -> int:
    conf = actor.ctx.config
    return conf.auto_close_days if which == "close" else conf.follow_up_days()


@transaction.atomic
def verify(actor: Actor, report_id: int, note: str = "", public_message: str = "") -> Report:
    report = _step(actor, report_id, "verify")
    texts = _texts(note, public_message)
    record(report, actor, "verify", S.VERIFIED, **vars(texts), keep_due=True)
    return report


@transaction.atomic
def postpone(actor: Actor, report_id: int, note: str = "", public_message: str = "") -> Report:
    report = _step(actor, report_id, "postpone")
    texts = _texts(note, public_message, _("the reason"))
    record(report, actor, "postpone", S.POSTPONED, **vars(texts), keep_due=True)
    return report


def _close(report: Report) -> None:
    report.closed_at = report.updated_at
    report.save(update_fields=["closed_at"])


@transaction.atomic
def not_authority(actor: Actor, report_id: int, note: str = "", public_message: str = "") -> Report:
    report = _step(actor, report_id, "not_authority")
    texts = _texts(note, public_message, _("who handles it instead"))
    record(report, actor, "not_authority", S.NOT_AUTHORITY, **vars(texts))
    _close(report)
    return report


@transaction.atomic
def archive(actor: Actor, report_id: int, note: str = "", public_message: str = "") -> Report:
    report = _step(actor, report_id, "archive")
    texts = _texts(note, public_message, _("the reason"))
    record(report, actor, "archive", S.ARCHIVED, **vars(texts))
    _close(report)
    return report


@transaction.atomic
def merge(
    actor: Actor, report_id: int, into_ticket: str, note: str = "", public_message: str = ""
) -> Report:
    report = _step(actor, report_id, "merge")
    texts = _texts(note, public_message)
    target = (
        Report.objects.scoped(actor.scope, Action.CHANGE)
        .filter(region_id=report.region_id, ticket=into_ticket.strip().upper()[:24])
        .exclude(pk=report.pk)
        .first()
    )
    if target is None or target.status == S.DUPLICATE:
        raise ReportInvalid("into", _("No other report of this region has that ticket number."))
    report.duplicate_of = target
    # Citizens following this report learn where it went, unless staff wrote their own.
    message = texts.public_message or (
        _("Merged into report %(ticket)s.") % {"ticket": target.ticket}
    )
    record(report, actor, "merge", S.DUPLICATE, note=texts.note, public_message=message)
    report.closed_at = report.updated_at
    report.save(update_fields=["closed_at", "duplicate_of"])
    return report


@transaction.atomic
def classify(actor: Actor, report_id: int, kind: str, note: str = "") -> Report:
    report = _step(actor, report_id, "classify")
    if kind not in Kind.values:
        raise ReportInvalid("kind", _("Choose aspirasi, pengaduan or permintaan informasi."))
    extra = _clean(note, "note")
    report.kind = kind
    record(
        report,
        actor,
        "classify",
        Status(report.status),
        note="\n".join(p for p in (str(Kind(kind).label), extra) if p),
        public=False,
        keep_due=True,
    )
    return report


def _active(agencies: QuerySet[Agency]) -> QuerySet[Agency]:
    # Inactive agencies (core's ``Agency.is_active``) take no new work.
    return agencies.filter(is_active=True) if hasattr(Agency, "is_active") else agencies


@transaction.atomic
def dispose(
    actor: Actor, report_id: int, agency_slug: str, note: str = "", public_message: str = ""
) -> Report:
    """Send the report to an agency; ``note`` is the coordinating admin's instruction to
    it (mailed to the agency, never to the reporter)."""
    report = _step(actor, report_id, "dispose")
    texts = _texts(note, public_message)
    agency = (
        _active(Agency.objects.scoped(actor.scope))
        .filter(region_id=report.region_id, slug=agency_slug[:40])
        .first()
    )
    if agency is None:
        raise ReportInvalid("agency", _("Choose an agency of this region."))
    action = "redispose" if report.agency_id else "dispose"
    report.agency = agency
    entry = record(
        report,
        actor,
        action,
        S.DISPOSED,
        **vars(texts),
        due_days=_conf_days(actor, "follow"),
    )
    transaction.on_commit(lambda: notify_agency(report, "disposed", entry))
    return report


@transaction.atomic
def add_note(actor: Actor, report_id: int, note: str) -> Report:
    """An internal note for the report's staff: no status change, nothing public."""
    report = _step(actor, report_id, "note")
    text = _clean(note, "note")
    if not text:
        raise ReportInvalid("note", _("Write the note."))
    record(report, actor, "note", Status(report.status), note=text, public=False, keep_due=True)
    return report


@transaction.atomic
def follow_up(
    actor: Actor, report_id: int, note: str = "", public: bool = True, public_message: str = ""
) -> Report:
    """The agency reports progress (in progress); ``public=False`` is an internal note."""
    if not public:
        return add_note(actor, report_id, note)
    report = _step(actor, report_id, "follow_up")
    texts = _texts(note, public_message, _("the follow-up"))
    if report.first_response_at is None:
        report.first_response_at = timezone.now()
    record(report, actor, "follow_up", S.IN_PROGRESS, **vars(texts), keep_due=True)
    return report


@transaction.atomic
def resolve(actor: Actor, report_id: int, note: str = "", public_message: str = "") -> Report:
    report = _step(actor, report_id, "resolve")
    texts = _texts(note, public_message, _("what was done"))
    now = timezone.now()
    report.resolved_at = now
    report.first_response_at = report.first_response_at or now
    # The reporter now has auto_close_days working days to confirm or reopen.
    record(
        report,
        actor,
        "resolve",
        S.RESOLVED,
        **vars(texts),
        due_days=_conf_days(actor, "close"),
    )
    return report


def _reporter(ctx: AduanContext) -> Actor:
    return Actor.system(ctx, "reporter", "the reporter answers through the tracking link")


def _reporter_report(actor: Actor, report_id: int) -> Report:
    report = _load(actor, report_id)
    if report.status != S.RESOLVED:
        raise ReportInvalid(
            "status",
            _("A report that is %(status)s cannot take this step.")
            % {"status": report.get_status_display()},
        )
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
    """The reporter says the problem is still there. Their reason goes to staff (``note``):
    what a citizen writes may name people, so it is not published."""
    reporter = _reporter(ctx)
    report = _reporter_report(reporter, report_id)
    report.resolved_at = None
    record(
        report,
        reporter,
        "reopen",
        S.IN_PROGRESS,
        note=_texts(note, "", _("what is still wrong")).note,
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
        public_message=_("Closed automatically: no answer from the reporter."),
    )


def open_work(ctx: AduanContext, agency: Agency) -> QuerySet[Report]:
    """The agency's unfinished reports in the context's region."""
    return Report.objects.scoped(ctx.scope).filter(
        region_id=ctx.region_id, agency_id=agency.pk, status__in=UNFINISHED
    )


@transaction.atomic
def reassign_agency(ctx: AduanContext, agency: Agency, to_agency: Agency) -> int:
    """Move an agency's unfinished reports to another agency of the region (before the
    first is deactivated): one internal ``reassign`` step per report, with the admin who
    did it, one audit entry for the move, and one e-mail to the receiving agency. Status
    and deadlines stay. Returns how many reports moved."""
    if not ctx.scope.is_region_admin(ctx.region_id):
        raise NotPermitted(_("Only the region's coordinating admin may do this."))
    if agency.region_id != ctx.region_id or to_agency.region_id != ctx.region_id:
        raise ReportInvalid("to_agency", _("Choose an agency of this region."))
    if to_agency.pk == agency.pk:
        raise ReportInvalid("to_agency", _("Choose another agency to take over the work."))
    if not getattr(to_agency, "is_active", True):
        raise ReportInvalid("to_agency", _("The agency taking over the work is not active."))
    user = get_user_model().objects.filter(pk=ctx.user_id).first() if ctx.user_id else None
    actor = Actor.staff(ctx, user) if user is not None else Actor(ctx, ctx.scope, None, "system")
    rows = (
        Report.objects.scoped(ctx.scope, Action.CHANGE)
        .select_for_update(of=("self",))
        .select_related("region", "agency")
        .filter(region_id=ctx.region_id, agency_id=agency.pk, status__in=UNFINISHED)
        .order_by("created_at")
    )
    moved: list[str] = []
    note = _("Moved from %(from)s to %(to)s: the work of %(from)s was reassigned.") % {
        "from": agency.name,
        "to": to_agency.name,
    }
    for report in rows:
        report.agency = to_agency
        record(
            report, actor, "reassign", Status(report.status), note=note, public=False, keep_due=True
        )
        moved.append(report.ticket)
    if moved:
        audit.record(
            "reports.reassigned",
            region=ctx.region_id,
            actor_id=ctx.user_id,
            actor_label=actor.label,
            app_key="aduan-warga",
            target=agency.slug,
            detail={"to": to_agency.slug, "count": len(moved), "tickets": moved[:500]},
        )
        slug = ctx.region.slug
        transaction.on_commit(lambda: notify_agency_work(to_agency, slug, moved))
    return len(moved)
