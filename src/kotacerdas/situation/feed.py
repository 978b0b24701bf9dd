"""The alert feed: the core's alert rows of a region, as an operator or a citizen may see them.

Alert rows are the one channel of alerts: apps raise them where they detect a condition
(``kotacerdas.core.alerts.raise_alert``); the room, the province view and notifications
read only these rows, so every open condition shows exactly once.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone

from kotacerdas.core.alerts import OPEN
from kotacerdas.core.models import AlertRecord, Region
from kotacerdas.core.tenancy import Scope

RECENT_CLEARED = dt.timedelta(hours=24)
# A wall shows what needs attention: every open alert (up to a screenful and more), and only
# the last few cleared ones for context.
OPEN_LIMIT = 40
CLEARED_LIMIT = 10
PUBLIC = "the public room shows alerts their app marked public"


HISTORY_PAGE = 50


def _visible(scope: Scope, *, private: bool) -> QuerySet[AlertRecord]:
    if private:
        # Operators see who acknowledged and closed: one join, not a query per item.
        return AlertRecord.objects.scoped(scope).select_related("acknowledged_by", "cleared_by")
    # Citizens: rows their app marked public, whatever the caller's scope would allow;
    # technical alerts (a silent sensor, overdue reports) stay inside.
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


def alert_history(region: Region, scope: Scope, *, before: int | None = None) -> list[AlertRecord]:
    """The console's history: every alert of the region, newest first, a page at a time
    (``before`` is the last id of the previous page)."""
    rows = _visible(scope, private=True).filter(region=region).order_by("-id")
    if before is not None:
        rows = rows.filter(id__lt=before)
    return list(rows[:HISTORY_PAGE])
