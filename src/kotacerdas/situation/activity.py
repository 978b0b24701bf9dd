"""The room's chart series: events per hour and app over the last day, from the event bus.

Every app already reports what happens through events, so the chart needs nothing from any
app: a flood of readings, a burst of reports or a run of alerts shows as a rising line.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count
from django.db.models.functions import TruncHour
from django.utils import timezone

from kotacerdas.core.models import Event

HOURS = 24
SYSTEM = "the situation room charts a region's activity for whoever may see its room"


def hourly_activity(region_id: int, now: dt.datetime | None = None) -> dict[str, Any]:
    """``{"x": [epoch seconds per hour], "series": {app_key: [count per hour]}}``."""
    end = (now or timezone.now()).replace(minute=0, second=0, microsecond=0)
    start = end - dt.timedelta(hours=HOURS - 1)
    hours = [start + dt.timedelta(hours=i) for i in range(HOURS)]
    index = {h: i for i, h in enumerate(hours)}
    rows = (
        Event.objects.unscoped(SYSTEM)
        .filter(region_id=region_id, created_at__gte=start)
        .annotate(hour=TruncHour("created_at", tzinfo=dt.UTC))
        .values("app_key", "hour")
        .annotate(n=Count("id"))
    )
    series: dict[str, list[int]] = {}
    for row in rows:
        slot = index.get(row["hour"])
        if slot is None:
            continue
        series.setdefault(row["app_key"], [0] * HOURS)[slot] = row["n"]
    return {"x": [int(h.timestamp()) for h in hours], "series": series}
