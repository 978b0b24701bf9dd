"""Raising, acknowledging and clearing alerts; every change is also an event."""

from __future__ import annotations

import re
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kotacerdas.core.audit import record
from kotacerdas.core.events import publish
from kotacerdas.core.models import AlertRecord, Region
from kotacerdas.core.tenancy import Action, Scope
from kotacerdas.core.vocab import Severity

OPEN = [AlertRecord.State.ACTIVE, AlertRecord.State.ACKNOWLEDGED]
SYSTEM = "apps raise and clear alerts of their own region"
REASON_MAX = AlertRecord._meta.get_field("close_reason").max_length or 200
# A reason is one line typed by an operator: no control characters, line breaks included.
CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def alert_payload(alert: AlertRecord) -> dict[str, Any]:
    return {
        "id": alert.pk,
        "app": alert.app_key,
        "condition": alert.condition,
        "severity": alert.severity,
        "title": alert.title,
        "detail": alert.detail,
        "state": alert.state,
        "public": alert.public,
        "raised_at": alert.raised_at.isoformat(),
        "data": alert.data,
    }


def raise_alert(
    region: Region,
    app_key: str,
    condition: str,
    severity: Severity,
    title: str,
    *,
    detail: str = "",
    public: bool = False,
    data: dict[str, Any] | None = None,
    title_en: str = "",
    detail_en: str = "",
) -> tuple[AlertRecord, bool]:
    """Open an alert for ``condition`` unless one is open; returns (alert, created).

    An open alert whose severity or title changed is updated in place (a flood going from
    Siaga to Awas is the same condition getting worse), never duplicated.

    ``title`` and ``detail`` are stored in Indonesian, the platform's first language. The
    texts in other languages live in ``data["titles"]`` / ``data["details"]``
    (``{"id": …, "en": …}``, which an app may pass itself); ``title_en``/``detail_en`` fill
    them in. Pages in English show those.
    """
    data = dict(data or {})
    for key, own, english in (("titles", title, title_en), ("details", detail, detail_en)):
        if english:
            data[key] = {"id": own, **(data.get(key) or {}), "en": english}
    rows = AlertRecord.objects.unscoped(SYSTEM)
    with transaction.atomic():
        existing = (
            rows.select_for_update()
            .filter(region=region, app_key=app_key, condition=condition, state__in=OPEN)
            .first()
        )
        if existing is not None:
            if (existing.severity, existing.title) != (severity, title):
                existing.severity, existing.title, existing.detail = severity, title, detail
                existing.data = data
                existing.public = public
                existing.state = AlertRecord.State.ACTIVE
                existing.save()
                publish(region, app_key, "alert.updated", alert_payload(existing), public=public)
            return existing, False
        try:
            with transaction.atomic():
                alert = rows.create(
                    region=region,
                    app_key=app_key,
                    condition=condition,
                    severity=severity,
                    title=title,
                    detail=detail,
                    public=public,
                    data=data,
                )
        except IntegrityError:  # another worker opened it between our read and insert
            return rows.get(
                region=region, app_key=app_key, condition=condition, state__in=OPEN
            ), False
        publish(region, app_key, "alert.raised", alert_payload(alert), public=public)
        return alert, True


def clear_alert(
    region: Region, app_key: str, condition: str, by: AbstractBaseUser | None = None
) -> AlertRecord | None:
    """Close the open alert for ``condition`` (the condition ended); None if none is open."""
    rows = AlertRecord.objects.unscoped(SYSTEM).filter(
        region=region, app_key=app_key, condition=condition, state__in=OPEN
    )
    # Apps call this for every condition that is fine, after each batch of readings: the
    # usual answer is "nothing open", and a plain read costs no write transaction (on
    # SQLite, no turn on the database's single write lock).
    if not rows.exists():
        return None
    with transaction.atomic():
        alert = rows.select_for_update().first()
        if alert is None:
            return None
        return _close(alert, by)


def _close(alert: AlertRecord, by: AbstractBaseUser | None, reason: str = "") -> AlertRecord:
    alert.state = AlertRecord.State.CLEARED
    alert.cleared_at = timezone.now()
    alert.cleared_by_id = by.pk if by is not None else None
    alert.close_reason = reason
    alert.save()
    publish(
        alert.region_id, alert.app_key, "alert.cleared", alert_payload(alert), public=alert.public
    )
    return alert


class AlertNotFound(LookupError):
    pass


class BadReason(ValueError):
    """The operator's reason for closing is missing, too long or holds control characters;
    the message says which, in the caller's language."""


def clean_reason(raw: object) -> str:
    """The reason for closing an alert by hand, stripped; ``BadReason`` when unusable."""
    reason = str(raw or "").strip()
    if not reason:
        raise BadReason(_("Say briefly why the alert is closed."))
    if CONTROL.search(reason):
        raise BadReason(_("The reason must be one line of text, without control characters."))
    if len(reason) > REASON_MAX:
        raise BadReason(
            _("The reason may be at most %(max)d characters (it has %(n)d).")
            % {"max": REASON_MAX, "n": len(reason)}
        )
    return reason


def acknowledge(scope: Scope, alert_id: int, user: AbstractBaseUser) -> AlertRecord:
    """An operator saw it. Only callers who may change the alert's region can."""
    with transaction.atomic():
        alert = (
            AlertRecord.objects.scoped(scope, Action.CHANGE)
            .select_for_update()
            .filter(pk=alert_id, state=AlertRecord.State.ACTIVE)
            .first()
        )
        if alert is None:
            raise AlertNotFound(f"no active alert {alert_id} that you may acknowledge")
        alert.state = AlertRecord.State.ACKNOWLEDGED
        alert.acknowledged_at = timezone.now()
        alert.acknowledged_by_id = user.pk
        alert.save()
        _audit("alert.acknowledged", alert, user)
        publish(
            alert.region_id,
            alert.app_key,
            "alert.acknowledged",
            alert_payload(alert),
            public=alert.public,
        )
        return alert


def close_by_operator(
    scope: Scope, alert_id: int, user: AbstractBaseUser, reason: str
) -> AlertRecord:
    """An operator clears an alert by hand (the condition is handled), saying why."""
    reason = clean_reason(reason)
    with transaction.atomic():
        alert = (
            AlertRecord.objects.scoped(scope, Action.CHANGE)
            .select_for_update()
            .filter(pk=alert_id, state__in=OPEN)
            .first()
        )
        if alert is None:
            raise AlertNotFound(f"no open alert {alert_id} that you may clear")
        _audit("alert.closed", alert, user, reason=reason)
        return _close(alert, user, reason)


def _audit(action: str, alert: AlertRecord, user: AbstractBaseUser, **extra: str) -> None:
    """An operator's hand on an alert, in the audit log (inside the caller's transaction)."""
    record(
        action,
        region=alert.region_id,
        actor_id=user.pk,
        app_key=alert.app_key,
        target=alert.title[:200],
        detail={
            "alert_id": alert.pk,
            "condition": alert.condition,
            "severity": alert.severity,
            **extra,
        },
    )
