"""Following a report ("Ini masalah saya juga"): someone with the same problem leaves an
e-mail, is counted on the report and told of its public status changes.

No account and no confirmation round: the welcome mail carries the unfollow link, so an
address given by someone else unsubscribes in one click. The e-mail is personal data: it
is read only with a system scope of the report's region, never shown; pages show counts.
"""

from __future__ import annotations

import hmac

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kotacerdas.apps.aduan_warga.config import AduanContext
from kotacerdas.apps.aduan_warga.models import OPEN_STATES, Follower, Report
from kotacerdas.apps.aduan_warga.services import ReportInvalid
from kotacerdas.apps.aduan_warga.services.tracking import unfollow_token
from kotacerdas.core.tenancy import Action, Scope

SYSTEM = "followers of a report: their e-mail, for its status mails"
MAX_FOLLOWERS = 5000


def _scope(region_id: int) -> Scope:
    return Scope.region_system(region_id, SYSTEM)


def clean_email(raw: str) -> str:
    email = raw.strip()
    if not email:
        raise ReportInvalid("follow_email", _("Write your e-mail address to follow the report."))
    if len(email) > 254:
        raise ReportInvalid(
            "follow_email", _("This field is longer than %(n)d characters.") % {"n": 254}
        )
    try:
        validate_email(email)
    except ValidationError:
        raise ReportInvalid("follow_email", _("This is not a valid e-mail address.")) from None
    return email.lower()


def follow(ctx: AduanContext, report: Report, raw_email: str) -> tuple[Follower, bool]:
    """Add a follower to an open report of the context's region; returns it and whether it
    is new (following twice is not an error: the same row comes back)."""
    email = clean_email(raw_email)
    if report.region_id != ctx.region_id:
        raise ReportInvalid("ticket", _("No report of this region has that ticket number."))
    if report.status not in OPEN_STATES:
        raise ReportInvalid("follow_email", _("This report is finished; it cannot be followed."))
    rows = Follower.objects.scoped(_scope(report.region_id), Action.CHANGE)
    existing = rows.filter(report=report, email=email).first()
    if existing is not None:
        return existing, False
    if rows.filter(report=report).count() >= MAX_FOLLOWERS:
        raise ReportInvalid("follow_email", _("This report cannot take more followers."))
    try:
        with transaction.atomic():
            row = rows.create(
                region_id=report.region_id,
                report=report,
                email=email,
                language=translation.get_language() or "",
                created_at=timezone.now(),
            )
    except IntegrityError:  # the same address at the same moment
        return rows.get(report=report, email=email), False
    return row, True


def find(region_id: int, follower_id: int, token: str) -> Follower | None:
    """The follower an unfollow link names, if its token matches (constant-time)."""
    rows = Follower.objects.scoped(_scope(region_id), Action.CHANGE)
    row = rows.filter(pk=follower_id, region_id=region_id).select_related("report").first()
    if row is None or not hmac.compare_digest(unfollow_token(row), token[:100]):
        return None
    return row


def unfollow(region_id: int, follower_id: int, token: str) -> Follower | None:
    """Remove the follower an unfollow link names; None when there is no such one."""
    row = find(region_id, follower_id, token)
    if row is not None:
        row.delete()
    return row


def count(report: Report) -> int:
    return Follower.objects.scoped(_scope(report.region_id)).filter(report=report).count()


def followers(report: Report) -> list[Follower]:
    return list(Follower.objects.scoped(_scope(report.region_id)).filter(report=report))
