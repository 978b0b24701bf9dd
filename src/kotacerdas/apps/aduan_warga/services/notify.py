"""E-mail through Django's mail API: reporters on public status changes, agencies on work.

Mail goes out after the commit (callers use ``transaction.on_commit``), so a rolled-back
step never tells anyone anything; a failing mail server never breaks the step itself.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.utils.translation import gettext as _

from kotacerdas.core.calendar import WIB
from kotacerdas.core.models import Membership
from kotacerdas.core.tenancy import Role, Scope

if TYPE_CHECKING:
    from kotacerdas.apps.aduan_warga.models import Report, ReportAction

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


def notify_reporter(report: Report, entry: ReportAction) -> None:
    from kotacerdas.apps.aduan_warga.models import Reporter

    scope = Scope.region_system(report.region_id, SYSTEM)
    reporter = Reporter.objects.scoped(scope).filter(report=report).first()
    if reporter is None or not reporter.email:
        return
    subject = _("Report %(ticket)s: %(status)s") % {
        "ticket": report.ticket,
        "status": report.get_status_display(),
    }
    body = "\n\n".join(
        part
        for part in [
            _("The status of your report %(ticket)s is now: %(status)s.")
            % {"ticket": report.ticket, "status": report.get_status_display()},
            entry.note,
            _("Open your private tracking link to follow it or to answer."),
        ]
        if part
    )
    _send(subject, body, [reporter.email])


def staff_emails(report: Report, roles: tuple[str, ...]) -> list[str]:
    """Addresses of the agency (its own and its staff's) or of the region admins."""
    # Region admins and agency staff have their region on the membership (the agency's).
    scope = Scope.region_system(report.region_id, SYSTEM)
    members = Membership.objects.scoped(scope).filter(role__in=roles)
    if Role.AGENCY_STAFF in roles:
        if report.agency_id is None:
            return []
        members = members.filter(agency_id=report.agency_id)
    else:
        members = members.filter(region_id=report.region_id)
    users = get_user_model().objects.filter(pk__in=members.values("user_id"))
    emails = [str(u.email) for u in users]
    if Role.AGENCY_STAFF in roles and report.agency is not None:
        emails.append(report.agency.email)
    return emails


def notify_agency(report: Report, why: str) -> None:
    due = report.due_at.astimezone(WIB).strftime("%d-%m-%Y %H:%M WIB") if report.due_at else "-"
    messages = {
        "disposed": _("Report %(ticket)s was disposed to your agency. Follow up by %(due)s."),
        "reopened": _("The reporter reopened report %(ticket)s. Follow up by %(due)s."),
        "deadline": _("Report %(ticket)s is due by %(due)s."),
    }
    text = messages[why] % {"ticket": report.ticket, "due": due}
    _send(
        text,
        f"{text}\n\n{report.category_name}: {report.description[:500]}",
        staff_emails(report, (Role.AGENCY_STAFF,)),
    )


def escalate(report: Report) -> None:
    text = _("Report %(ticket)s is overdue.") % {"ticket": report.ticket}
    who = report.agency.name if report.agency else _("the coordinating admin")
    body = _("%(text)s It waits for %(who)s.") % {"text": text, "who": who}
    _send(text, body, staff_emails(report, (Role.REGION_ADMIN,)))
