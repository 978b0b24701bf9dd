"""Public statistics: calls per day by type and response times, aggregated — no caller's
number, name, address or description ever reaches this page."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from kotacerdas.apps.darurat_112 import queries
from kotacerdas.apps.darurat_112.config import D112Context
from kotacerdas.apps.darurat_112.contract import category_names
from kotacerdas.apps.darurat_112.views.common import duration
from kotacerdas.core.calendar import local_date

DAYS = 14


def statistics(request: HttpRequest, ctx: D112Context) -> HttpResponse:
    language = request.LANGUAGE_CODE if request.LANGUAGE_CODE in ("id", "en") else "id"
    names = category_names(ctx)
    today = local_date(timezone.now())
    days = [today - dt.timedelta(days=i) for i in range(DAYS - 1, -1, -1)]
    per: dict[str, dict[dt.date, int]] = defaultdict(dict)
    for day, category, n in queries.daily_calls(ctx.region_id, days=DAYS + 1):
        if day >= days[0]:
            per[category][day] = n
    order = [*[t.key for t in ctx.config.incident_types], "prank", "silent", "test"]
    table = [
        {
            "name": names.get(c, {}).get(language, c),
            "counts": [per[c].get(d, 0) for d in days],
            "total": sum(per[c].values()),
        }
        for c in order + sorted(set(per) - set(order))
        if c in per
    ]
    totals = [sum(row["counts"][i] for row in table) for i in range(len(days))]  # type: ignore[index]
    times = [
        {
            **row,
            "a2d": duration(row["median_a2d"]),
            "d2s": duration(row["median_d2s"]),
            "share": round(100 * row["within"] / row["on_scene"]) if row["on_scene"] else None,
        }
        for row in queries.daily_times(ctx.region_id, days=DAYS + 1)
        if row["day"] >= days[0]
    ]
    from kotacerdas.apps.darurat_112.services.warnings import published

    since = dt.datetime.combine(days[0], dt.time(0), tzinfo=queries.WIB)
    warned = Counter(
        local_date(sent)
        for sent in published(ctx.region)
        .filter(msg_type="Alert", sent_at__gte=since)
        .values_list("sent_at", flat=True)
        if sent is not None
    )
    return render(
        request,
        "darurat_112/public/statistics.html",
        {
            "region": ctx.region,
            "days": days,
            "table": table,
            "totals": totals,
            "times": times,
            "target": ctx.config.target_minutes,
            "warned": [warned.get(d, 0) for d in days],
            "warned_total": sum(warned.values()),
        },
    )
