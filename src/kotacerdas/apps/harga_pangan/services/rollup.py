"""Keeping DailyAverage in step with Price, so pages and KPIs never scan raw prices."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Avg, Count, Max, Min

from kotacerdas.apps.harga_pangan.models import DailyAverage, Price
from kotacerdas.core.models import Region
from kotacerdas.core.tenancy import Action, Scope


def refresh_averages(
    scope: Scope, region: Region, items: Iterable[str], days: Iterable[dt.date]
) -> None:
    """Recompute the region averages of these items on these days from the raw prices;
    ``scope`` is the writer's (the officer, the machine client, the demo)."""
    items, days = set(items), set(days)
    if not items or not days:
        return
    stats = (
        Price.objects.scoped(scope)
        .filter(region=region, item__in=items, day__in=days)
        .values("item", "day")
        .annotate(avg=Avg("price"), low=Min("price"), high=Max("price"), n=Count("id"))
    )
    rows = [
        DailyAverage(
            region=region,
            item=s["item"],
            day=s["day"],
            average=s["avg"],
            low=s["low"],
            high=s["high"],
            markets=s["n"],
        )
        for s in stats
    ]
    DailyAverage.objects.scoped(scope, Action.CHANGE).bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["region", "item", "day"],
        update_fields=["average", "low", "high", "markets"],
    )
