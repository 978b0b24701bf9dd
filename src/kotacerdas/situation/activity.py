"""The room's chart series: events per hour and app over the last day, from the event bus.

Every app already reports what happens through events, so the chart needs nothing from any
app: a flood of readings, a burst of reports or a run of alerts shows as a rising line.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from kotacerdas.core.models import Event

HOURS = 24
HOUR = dt.timedelta(hours=1)
SYSTEM = "the situation room charts a region's activity for whoever may see its room"


def hourly_activity(region_id: int, now: dt.datetime | None = None) -> dict[str, Any]:
    """``{"x": [epoch seconds per hour], "series": {app_key: [count per hour]}}``."""
    end = (now or timezone.now()).replace(minute=0, second=0, microsecond=0)
    start = end - dt.timedelta(hours=HOURS - 1)
    hours = [start + dt.timedelta(hours=i) for i in range(HOURS)]
    # One count per hour in SQL (24 conditional counts per app) rather than truncating each
    # event's timestamp: SQLite's hour truncation is a Python function called per row.
    counts = {
        f"h{i}": Count("id", filter=Q(created_at__gte=h, created_at__lt=h + HOUR))
        for i, h in enumerate(hours)
    }
    rows: Any = (  # the stubs type values() rows by their declared keys, not annotate's
        Event.objects.unscoped(SYSTEM)
        .filter(region_id=region_id, created_at__gte=start, created_at__lt=end + HOUR)
        .values("app_key")
        .annotate(**counts)
    )
    series = {row["app_key"]: [row[f"h{i}"] for i in range(HOURS)] for row in rows}
    return {"x": [int(h.timestamp()) for h in hours], "series": series}
