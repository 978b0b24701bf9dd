"""Reads: events expanded into occurrences (WIB), destinations and visitors, products."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db.models import Q, Sum
from django.utils import timezone

from kotacerdas.apps.agenda_wisata.models import (
    Business,
    Destination,
    Event,
    Product,
    Status,
    VisitorCount,
)
from kotacerdas.apps.agenda_wisata.services.recurrence import WIB, Occurrence, occurrences

if TYPE_CHECKING:
    from kotacerdas.apps.agenda_wisata.config import AgendaWisataSettings
    from kotacerdas.contract import AppContext

    Ctx = AppContext[AgendaWisataSettings]

MAX_RANGE_DAYS = 400


def today() -> dt.date:
    return timezone.now().astimezone(WIB).date()


def events(ctx: Ctx) -> Any:
    return Event.objects.scoped(ctx.scope).filter(region=ctx.region).select_related("organiser")


def event(ctx: Ctx, pk: int) -> Event | None:
    found: Event | None = events(ctx).filter(pk=pk).first()
    return found


def between(
    ctx: Ctx,
    since: dt.date,
    until: dt.date,
    category: str = "",
    free: bool = False,
    include_cancelled: bool = True,
) -> list[Occurrence]:
    """Occurrences overlapping the WIB days ``since``..``until``, in start order."""
    start = dt.datetime.combine(since, dt.time(0), WIB)
    end = dt.datetime.combine(until + dt.timedelta(days=1), dt.time(0), WIB)
    rows = events(ctx).filter(starts_at__lt=end).filter(Q(ends_at__gte=start) | ~Q(weekdays=[]))
    if category:
        rows = rows.filter(category=category)
    if free:
        rows = rows.filter(is_free=True)
    if not include_cancelled:
        rows = rows.exclude(status=Status.CANCELLED)
    out: list[Occurrence] = []
    for e in rows:
        out.extend(occurrences(e, since, until))
    out.sort(key=lambda o: (o.starts, o.event.pk))
    return out


def _last_day(o: Occurrence) -> dt.date:
    # An event ending at midnight does not take up the next day.
    end = o.ends - dt.timedelta(seconds=1) if o.ends > o.starts else o.ends
    return end.date()


def month_grid(occ: list[Occurrence], year: int, month: int) -> list[list[dict[str, Any]]]:
    """Weeks (Monday first) of day cells, each with that day's occurrences."""
    first = dt.date(year, month, 1)
    last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    day = first - dt.timedelta(days=first.weekday())
    end = last + dt.timedelta(days=6 - last.weekday())
    weeks: list[list[dict[str, Any]]] = []
    while day <= end:
        if day.weekday() == 0:
            weeks.append([])
        items = [o for o in occ if o.starts.date() <= day <= _last_day(o)]
        weeks[-1].append({"day": day, "inside": day.month == month, "items": items})
        day += dt.timedelta(days=1)
    return weeks


def destinations(ctx: Ctx) -> Any:
    return Destination.objects.scoped(ctx.scope).filter(region=ctx.region)


def destination(ctx: Ctx, slug: str) -> Destination | None:
    found: Destination | None = destinations(ctx).filter(slug=slug).first()
    return found


def visits(ctx: Ctx, place: Destination, months: int = 24) -> list[VisitorCount]:
    since = today().replace(day=1) - dt.timedelta(days=31 * months)
    return list(
        VisitorCount.objects.scoped(ctx.scope)
        .filter(region=ctx.region, destination=place, month__gte=since)
        .order_by("month")
    )


def visitors_in(ctx: Ctx, month: dt.date) -> int | None:
    total = (
        VisitorCount.objects.scoped(ctx.scope)
        .filter(region=ctx.region, month=month)
        .aggregate(n=Sum("visitors"))["n"]
    )
    return None if total is None else int(total)


def businesses(ctx: Ctx) -> Any:
    return Business.objects.scoped(ctx.scope).filter(region=ctx.region)


def business(ctx: Ctx, slug: str) -> Business | None:
    found: Business | None = businesses(ctx).filter(slug=slug).first()
    return found


def products(ctx: Ctx, category: str = "", halal: bool = False, q: str = "") -> Any:
    rows = Product.objects.scoped(ctx.scope).filter(region=ctx.region).select_related("business")
    if category:
        rows = rows.filter(business__category=category)
    if halal:
        rows = rows.exclude(business__halal_number="")
    if q:
        rows = rows.filter(Q(name__icontains=q) | Q(business__name__icontains=q))
    return rows.order_by("business__name", "name")


def public_paths(ctx: Ctx, base: str) -> list[str]:
    """Detail pages for the sitemap: ``base`` is ``/r/<region>/agenda-wisata/``."""
    paths = [f"{base}acara/{pk}/" for pk in events(ctx).values_list("pk", flat=True)[:3000]]
    paths += [f"{base}wisata/{s}/" for s in destinations(ctx).values_list("slug", flat=True)[:1000]]
    paths += [f"{base}umkm/{s}/" for s in businesses(ctx).values_list("slug", flat=True)[:1000]]
    return paths
