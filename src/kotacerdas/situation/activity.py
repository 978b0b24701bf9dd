"""The room's chart series: events per hour and app over the last day, from the event bus.

Every app already reports what happens through events, so the chart needs nothing from any
app: a flood of readings, a burst of reports or a run of alerts shows as a rising line.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection
from django.db.models import CharField, Count
from django.db.models.functions import Cast, Substr, TruncHour
from django.utils import timezone

from kotacerdas.core.models import Event

HOURS = 24
HOUR = dt.timedelta(hours=1)
SYSTEM = "the situation room charts a region's activity for whoever may see its room"


def _hour() -> Any:
    """The event's UTC hour, grouped in SQL. SQLite stores ``2026-11-27 10:25:03.1`` (UTC):
    its first 13 characters are the hour, a C string slice per row; Django's TruncHour there
    is a Python function called per row (a busy region has tens of thousands a day)."""
    if connection.vendor == "sqlite":
        return Substr(Cast("created_at", CharField()), 1, 13)
    return TruncHour("created_at", tzinfo=dt.UTC)


def _hour_key(hour: Any) -> str:
    if isinstance(hour, dt.datetime):
        return hour.astimezone(dt.UTC).strftime("%Y-%m-%d %H")
    return str(hour).replace("T", " ")[:13]


def hourly_activity(region_id: int, now: dt.datetime | None = None) -> dict[str, Any]:
    """``{"x": [epoch seconds per hour], "series": {app_key: [count per hour]}}``."""
    end = (now or timezone.now()).replace(minute=0, second=0, microsecond=0)
    start = end - dt.timedelta(hours=HOURS - 1)
    hours = [start + dt.timedelta(hours=i) for i in range(HOURS)]
    rows = (
        Event.objects.unscoped(SYSTEM)
        .filter(region_id=region_id, created_at__gte=start, created_at__lt=end + HOUR)
        .annotate(hour=_hour())
        .values_list("app_key", "hour")
        .annotate(n=Count("id"))
    )
    index = {_hour_key(h): i for i, h in enumerate(hours)}
    series: dict[str, list[int]] = {}
    for app_key, hour, n in rows:
        slot = index.get(_hour_key(hour))
        if slot is not None:
            series.setdefault(app_key, [0] * HOURS)[slot] = n
    return {"x": [int(h.timestamp()) for h in hours], "series": series}
