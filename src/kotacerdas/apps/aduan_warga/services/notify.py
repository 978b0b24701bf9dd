"""E-mail through Django's mail API: reporters on public status changes, agencies on work.

What goes to the reporter and followers carries only public texts (``public_message``);
what goes to agency staff may carry internal notes (they are staff).

Mail goes out after the commit (callers use ``transaction.on_commit``), so a rolled-back
step never tells anyone anything; a failing mail server never breaks the step itself.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from kotacerdas.core.calendar import WIB
from kotacerdas.core.models import Agency, Membership
from kotacerdas.core.tenancy import Role, Scope

if TYPE_CHECKING:
    from kotacerdas.apps.aduan_warga.models import Follower, Report, ReportAction

log = logging.getLogger(__name__)
SYSTEM = "mail goes to the people a report concerns"


def _send(subject: str, body: str, to: list[str]) -> None:
    to = sorted({a for a in to if a})
    if not to:
        return
    try:
        send_mail(subject, body, None, to)
    except OSError:  # SMTP down: the step stands; the log tells the operator
        log.exception("could not send %r", subject)


def _status_body(report: Report, entry: ReportAction, opening: str) -> list[str]:
    """The public part of a status mail: the status and the public message, never ``note``."""
    return [
        opening % {"ticket": report.ticket, "status": report.get_status_display()},
        entry.public_message,
    ]


def notify_reporter(report: Report, entry: ReportAction) -> None:
    """The reporter's mail on a public status change, with the private tracking link; then
    the followers' mails (every caller of this one is a public status change)."""
    from kotacerdas.apps.aduan_warga.models import Reporter
    from kotacerdas.apps.aduan_warga.services.tracking import tracking_url

    scope = Scope.region_system(report.region_id, SYSTEM)
    reporter = Reporter.objects.scoped(scope).filter(report=report).first()
    if reporter is not None and reporter.email:
        with translation.override(reporter.language or settings.LANGUAGE_CODE):
            subject = _("Report %(ticket)s: %(status)s") % {
                "ticket": report.ticket,
                "status": report.get_status_display(),
            }
            parts = _status_body(
                report, entry, _("The status of your report %(ticket)s is now: %(status)s.")
            )
            parts.append(
                _("Follow it, answer or rate the handling through your private link: %(url)s")
                % {"url": tracking_url(report)}
            )
            _send(subject, "\n\n".join(p for p in parts if p), [reporter.email])
    notify_followers(report, entry)


def notify_followers(report: Report, entry: ReportAction) -> None:
    """Each follower's own mail (no one sees the others' addresses), with an unfollow link."""
    from kotacerdas.apps.aduan_warga.services import follow
    from kotacerdas.apps.aduan_warga.services.tracking import public_url, unfollow_url

    for follower in follow.followers(report):
        with translation.override(follower.language or settings.LANGUAGE_CODE):
            subject = _("Report %(ticket)s: %(status)s") % {
                "ticket": report.ticket,
                "status": report.get_status_display(),
            }
            parts = _status_body(
                report, entry, _("The report %(ticket)s you follow is now: %(status)s.")
            )
            parts += [
                _("See it here: %(url)s") % {"url": public_url(report)},
                _("Stop following: %(url)s") % {"url": unfollow_url(follower, report)},
            ]
            _send(subject, "\n\n".join(p for p in parts if p), [follower.email])


def welcome_follower(report: Report, follower: Follower) -> None:
    """The first mail to a new follower: what they follow and how to stop."""
    from kotacerdas.apps.aduan_warga.services.tracking import public_url, unfollow_url

    with translation.override(follower.language or settings.LANGUAGE_CODE):
        subject = _("You follow report %(ticket)s") % {"ticket": report.ticket}
        body = "\n\n".join(
            [
                _(
                    "You will get an e-mail when the status of report %(ticket)s changes. "
                    "Your address is never shown to anyone."
                )
                % {"ticket": report.ticket},
                _("See it here: %(url)s") % {"url": public_url(report)},
                _("Did not ask for this, or want to stop? %(url)s")
                % {"url": unfollow_url(follower, report)},
            ]
        )
        _send(subject, body, [follower.email])


def _active_members(members: QuerySet[Membership]) -> QuerySet[Membership]:
    # Deactivated memberships (core's ``Membership.is_active``) receive nothing.
    return members.filter(is_active=True) if hasattr(Membership, "is_active") else members


def agency_addresses(agency: Agency) -> list[str]:
    """The agency's own contact addresses (core's ``notification_addresses`` where the core
    has it, else the one ``email``)."""
    addresses = getattr(agency, "notification_addresses", None)
    if callable(addresses):
        return [str(a) for a in addresses()]
    return [agency.email] if agency.email else []


def _staff_of(region_id: int, agency_id: int) -> list[str]:
    scope = Scope.region_system(region_id, SYSTEM)
    members = _active_members(Membership.objects.scoped(scope)).filter(
        role=Role.AGENCY_STAFF, agency_id=agency_id
    )
    users = get_user_model().objects.filter(pk__in=members.values("user_id"), is_active=True)
    return [str(u.email) for u in users]


def staff_emails(report: Report, roles: tuple[str, ...]) -> list[str]:
    """Addresses of the agency (its own and its active staff's) or of the region admins."""
    if Role.AGENCY_STAFF in roles:
        if report.agency is None:
            return []
        return agency_addresses(report.agency) + _staff_of(report.region_id, report.agency.pk)
    # Region admins have their region on the membership.
    scope = Scope.region_system(report.region_id, SYSTEM)
    members = _active_members(Membership.objects.scoped(scope)).filter(
        role__in=roles, region_id=report.region_id
    )
    users = get_user_model().objects.filter(pk__in=members.values("user_id"), is_active=True)
    return [str(u.email) for u in users]


def console_url(region_slug: str, ticket: str = "") -> str:
    """The console page of a report (or the agency's work queue), as a link for e-mail."""
    from kotacerdas.apps.aduan_warga.services.tracking import site_url

    if ticket:
        path = reverse("aduan_warga-console:report", args=[region_slug, ticket])
    else:
        path = reverse("aduan_warga-console:work", args=[region_slug])
    return site_url() + path


def notify_agency(report: Report, why: str, entry: ReportAction | None = None) -> None:
    """Tell the agency handling ``report`` (its addresses and active staff) that work
    arrived or is due. The mail goes to staff only, so it carries the coordinating admin's
    instruction (``entry.note``), but nothing of the reporter: staff see the reporter on
    the console page, where the anonymity rules apply."""
    due = report.due_at.astimezone(WIB).strftime("%d-%m-%Y %H:%M WIB") if report.due_at else "-"
    messages = {
        "disposed": _("Report %(ticket)s was disposed to your agency. Follow up by %(due)s."),
        "reopened": _("The reporter reopened report %(ticket)s. Follow up by %(due)s."),
        "deadline": _("Report %(ticket)s is due by %(due)s."),
    }
    text = messages[why] % {"ticket": report.ticket, "due": due}
    parts = [text, f"{report.category_name}: {report.description[:500]}"]
    if report.address:
        parts.append(_("Address: %(address)s") % {"address": report.address[:250]})
    if entry is not None and entry.note:
        parts.append(_("Instruction (internal): %(note)s") % {"note": entry.note})
    parts.append(
        _("Open it in the console: %(url)s")
        % {"url": console_url(report.region.slug, report.ticket)}
    )
    _send(text, "\n\n".join(parts), staff_emails(report, (Role.AGENCY_STAFF,)))


def notify_agency_work(agency: Agency, region_slug: str, tickets: list[str]) -> None:
    """Tell an agency that another agency's unfinished reports were moved to it."""
    if not tickets:
        return
    text = _("%(n)d reports were reassigned to your agency.") % {"n": len(tickets)}
    listed = ", ".join(tickets[:50]) + (" …" if len(tickets) > 50 else "")
    body = "\n\n".join(
        [
            text,
            listed,
            _("Open your work queue: %(url)s") % {"url": console_url(region_slug)},
        ]
    )
    _send(text, body, agency_addresses(agency) + _staff_of(agency.region_id, agency.pk))


def escalate(report: Report) -> None:
    text = _("Report %(ticket)s is overdue.") % {"ticket": report.ticket}
    who = report.agency.name if report.agency else _("the coordinating admin")
    body = _("%(text)s It waits for %(who)s.") % {"text": text, "who": who}
    _send(text, body, staff_emails(report, (Role.REGION_ADMIN,)))
