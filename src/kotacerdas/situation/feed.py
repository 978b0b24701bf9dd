"""The alert feed: the core's alert rows of a region, as an operator or a citizen may see them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from kotacerdas.contract import Alert
from kotacerdas.core.alerts import OPEN
from kotacerdas.core.models import AlertRecord, Region
from kotacerdas.core.tenancy import Scope

RECENT_CLEARED = dt.timedelta(hours=24)
# A wall shows what needs attention: every open alert (up to a screenful and more), and only
# the last few cleared ones for context.
OPEN_LIMIT = 40
CLEARED_LIMIT = 10
PUBLIC = "the public room shows alerts their app marked public"


def _visible(scope: Scope, *, private: bool) -> QuerySet[AlertRecord]:
    if private:
        return AlertRecord.objects.scoped(scope)
    return AlertRecord.objects.unscoped(PUBLIC).filter(public=True)


def room_alerts(region: Region, scope: Scope, *, private: bool) -> list[AlertRecord]:
    """Open alerts newest first, then the few cleared in the last day.

    The public room reads only ``public=True`` rows: internal alerts and notes stay inside.
    """
    rows = _visible(scope, private=private).filter(region=region)
    since = timezone.now() - RECENT_CLEARED
    open_alerts = rows.filter(state__in=OPEN).order_by("-raised_at")[:OPEN_LIMIT]
    cleared = rows.filter(state=AlertRecord.State.CLEARED, cleared_at__gte=since).order_by(
        "-cleared_at"
    )[:CLEARED_LIMIT]
    return [*open_alerts, *cleared]


def room_alert(region: Region, scope: Scope, alert_id: int, *, private: bool) -> AlertRecord | None:
    return _visible(scope, private=private).filter(region=region, pk=alert_id).first()


def alert_counts(region: Region, scope: Scope, *, private: bool) -> dict[str, int]:
    """Active and acknowledged counts: the room's own tiles next to the apps' KPIs."""
    counts = {"active": 0, "acknowledged": 0}
    rows = _visible(scope, private=private).filter(region=region, state__in=OPEN)
    for state in rows.values_list("state", flat=True):
        counts[state] += 1
    return counts


@dataclass(frozen=True)
class AppAlert:
    """An alert an app reports through the contract (not an alert row): shown, not acted on."""

    app_key: str
    alert: Alert

    @property
    def severity_label(self) -> str:
        try:
            return str(AlertRecord.Severity(self.alert.severity).label)
        except ValueError:
            return self.alert.severity

    @property
    def raised(self) -> dt.datetime | None:
        try:
            raised = dt.datetime.fromisoformat(self.alert.raised_at)
        except (TypeError, ValueError):
            return None
        return raised if timezone.is_aware(raised) else None


def app_alerts(
    pairs: list[tuple[str, Alert]], records: list[AlertRecord], *, private: bool
) -> list[AppAlert]:
    """Contract alerts the caller may see, minus those the app also raised as a row (the row
    is the one an operator acts on, so it is the one shown)."""
    raised = {(r.app_key, r.condition) for r in records if r.state in OPEN}
    return [
        AppAlert(key, alert)
        for key, alert in pairs
        if (private or alert.public) and (key, alert.key) not in raised
    ]
