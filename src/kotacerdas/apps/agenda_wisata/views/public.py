"""Citizens' and visitors' pages: the calendar (list, month, this weekend), an event,
destinations, local products, photos and the feeds (iCalendar, Atom)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from kotacerdas.apps.agenda_wisata import feeds, queries
from kotacerdas.apps.agenda_wisata.config import AgendaWisataSettings
from kotacerdas.apps.agenda_wisata.models import Business, Destination, Event, Product, Status
from kotacerdas.apps.agenda_wisata.services.recurrence import WIB, weekend
from kotacerdas.apps.agenda_wisata.views.forms import FACILITY_LABELS, WEEKDAYS
from kotacerdas.contract import AppContext

Ctx = AppContext[AgendaWisataSettings]
# A list shows at most this many occurrences; the page says how many more and asks to narrow.
MAX_LISTED = 200
PHOTO_MODELS: dict[str, type[Event | Destination | Business | Product]] = {
    "acara": Event,
    "wisata": Destination,
    "umkm": Business,
    "produk": Product,
}


def _base(ctx: Ctx, request: HttpRequest, context: dict[str, Any]) -> dict[str, Any]:
    return {"region": ctx.region, "config": ctx.config, "today": queries.today(), **context}


def _photo_path(ctx: Ctx, kind: str, row: Any, size: str = "full") -> str:
    if not row.image:
        return ""
    return reverse("agenda_wisata:photo", args=[ctx.region.slug, kind, row.pk, size])


def _date(raw: str) -> dt.date | None:
    raw = raw.strip()[:10]
    if not raw:
        return None
    value = dt.date.fromisoformat(raw)
    if not 2000 <= value.year <= 2100:
        raise ValueError(raw)
    return value


def agenda(request: HttpRequest, ctx: Ctx) -> HttpResponse:
    """The list view: from today on, filtered by category, free and a date range."""
    today = queries.today()
    error = ""
    category = request.GET.get("kategori", "")[:40]
    if category and ctx.config.event_category(category) is None:
        error, category = _("There is no such category."), ""
    free = request.GET.get("gratis") == "1"
    since, until = today, today + dt.timedelta(days=60)
    try:
        since = _date(request.GET.get("dari", "")) or since
        until = _date(request.GET.get("sampai", "")) or max(until, since + dt.timedelta(days=60))
    except ValueError:
        error = _("Dates look like 2026-12-31.")
        since, until = today, today + dt.timedelta(days=60)
    if until < since:
        error, until = _("The end of the range is before its start."), since + dt.timedelta(days=60)
    if (until - since).days > queries.MAX_RANGE_DAYS:
        error, until = (
            _("Choose at most a year."),
            since + dt.timedelta(days=queries.MAX_RANGE_DAYS),
        )
    occ = queries.between(ctx, since, until, category, free)
    return render(
        request,
        "agenda_wisata/agenda.html",
        _base(
            ctx,
            request,
            {
                "occurrences": occ[:MAX_LISTED],
                "more": max(0, len(occ) - MAX_LISTED),
                "since": since,
                "until": until,
                "category": category,
                "free": free,
                "error": error,
                "view": "list",
            },
        ),
        status=400 if error else 200,
    )


def this_weekend(request: HttpRequest, ctx: Ctx) -> HttpResponse:
    saturday, sunday = weekend(queries.today())
    occ = queries.between(ctx, saturday, sunday)
    return render(
        request,
        "agenda_wisata/weekend.html",
        _base(
            ctx,
            request,
            {"occurrences": occ, "saturday": saturday, "sunday": sunday, "view": "weekend"},
        ),
    )


def month(request: HttpRequest, ctx: Ctx) -> HttpResponse:
    today = queries.today()
    raw = request.GET.get("bulan", "")[:7]
    error = ""
    first = today.replace(day=1)
    if raw:
        try:
            first = dt.date.fromisoformat(raw + "-01")
            if not 2000 <= first.year <= 2100:
                raise ValueError(raw)
        except ValueError:
            error, first = _("The month looks like 2026-12."), today.replace(day=1)
    category = request.GET.get("kategori", "")[:40]
    if category and ctx.config.event_category(category) is None:
        category = ""
    free = request.GET.get("gratis") == "1"
    last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    start = first - dt.timedelta(days=first.weekday())
    end = last + dt.timedelta(days=6 - last.weekday())
    occ = queries.between(ctx, start, end, category, free)
    inside = [o for o in occ if o.starts.date() <= last and o.ends.date() >= first]
    prev = (first - dt.timedelta(days=1)).replace(day=1)
    nxt = last + dt.timedelta(days=1)
    return render(
        request,
        "agenda_wisata/month.html",
        _base(
            ctx,
            request,
            {
                "weeks": queries.month_grid(occ, first.year, first.month),
                "first": first,
                "prev": prev,
                "next": nxt,
                "error": error,
                "weekdays": [d for _n, d in WEEKDAYS],
                "category": category,
                "free": free,
                "occurrences": inside[:MAX_LISTED],
                "more": max(0, len(inside) - MAX_LISTED),
                "view": "month",
            },
        ),
        status=400 if error else 200,
    )


def event(request: HttpRequest, ctx: Ctx, pk: int) -> HttpResponse:
    row = queries.event(ctx, pk)
    if row is None:
        raise Http404(_("No such event"))
    today = queries.today()
    upcoming = [
        o
        for o in queries.between(ctx, today, today + dt.timedelta(days=120))
        if o.event.pk == row.pk
    ]
    url = request.build_absolute_uri()
    photo = _photo_path(ctx, "acara", row)
    image = request.build_absolute_uri(photo) if photo else ""
    ld = feeds.event_jsonld(row, url, image, ctx.region, upcoming[0].starts if upcoming else None)
    category = ctx.config.event_category(row.category)
    return render(
        request,
        "agenda_wisata/event.html",
        _base(
            ctx,
            request,
            {
                "event": row,
                "upcoming": upcoming[:12],
                "jsonld": ld,
                "photo": photo,
                "category": category,
                "weekday_names": [str(WEEKDAYS[d][1]) for d in row.weekdays],
                "start": row.starts_at.astimezone(WIB),
                "end": row.ends_at.astimezone(WIB),
                "cancelled": [dt.date.fromisoformat(d) for d in row.cancelled_dates],
            },
        ),
    )


def destinations(request: HttpRequest, ctx: Ctx) -> HttpResponse:
    rows = list(queries.destinations(ctx))
    wd = queries.today().weekday()
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [d.lng, d.lat]},
            "properties": {
                "name": d.name,
                "url": reverse("agenda_wisata:destination", args=[ctx.region.slug, d.slug]),
            },
        }
        for d in rows
    ]
    from kotacerdas.core.maps import map_data

    return render(
        request,
        "agenda_wisata/destinations.html",
        _base(
            ctx,
            request,
            {
                "destinations": [
                    (d, (d.hours or [""] * 7)[wd] if len(d.hours or []) == 7 else "") for d in rows
                ],
                "map": map_data(
                    ctx.region, features={"type": "FeatureCollection", "features": features}
                ),
                "view": "destinations",
            },
        ),
    )


def destination(request: HttpRequest, ctx: Ctx, slug: str) -> HttpResponse:
    row = queries.destination(ctx, slug)
    if row is None:
        raise Http404(_("No such destination"))
    url = request.build_absolute_uri()
    photo = _photo_path(ctx, "wisata", row)
    image = request.build_absolute_uri(photo) if photo else ""
    visits = queries.visits(ctx, row)
    chart = {
        "months": [int(dt.datetime.combine(v.month, dt.time(12), WIB).timestamp()) for v in visits],
        "visitors": [v.visitors for v in visits],
    }
    hours = list(row.hours or []) + [""] * (7 - len(row.hours or []))
    from kotacerdas.core.maps import map_data

    point = {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [row.lng, row.lat]},
        "properties": {"name": row.name},
    }
    return render(
        request,
        "agenda_wisata/destination.html",
        _base(
            ctx,
            request,
            {
                "place": row,
                "photo": photo,
                "jsonld": feeds.destination_jsonld(row, url, image, ctx.region),
                "hours": [
                    (WEEKDAYS[i][1], hours[i], i == queries.today().weekday()) for i in range(7)
                ],
                "facilities": [FACILITY_LABELS.get(f, f) for f in row.facilities],
                "chart": chart,
                "visits": visits[-12:],
                "map": map_data(
                    ctx.region, features={"type": "FeatureCollection", "features": [point]}
                ),
            },
        ),
    )


def products(request: HttpRequest, ctx: Ctx) -> HttpResponse:
    category = request.GET.get("kategori", "")[:40]
    if category and ctx.config.product_category(category) is None:
        category = ""
    halal = request.GET.get("halal") == "1"
    q = request.GET.get("q", "")[:80].strip()
    rows = list(queries.products(ctx, category, halal, q)[:300])
    return render(
        request,
        "agenda_wisata/products.html",
        _base(
            ctx,
            request,
            {"products": rows, "category": category, "halal": halal, "q": q, "view": "products"},
        ),
    )


def business(request: HttpRequest, ctx: Ctx, slug: str) -> HttpResponse:
    row = queries.business(ctx, slug)
    if row is None:
        raise Http404(_("No such business"))
    return render(
        request,
        "agenda_wisata/business.html",
        _base(
            ctx,
            request,
            {
                "business": row,
                "products": list(
                    Product.objects.scoped(ctx.scope).filter(region=ctx.region, business=row)
                ),
                "photo": _photo_path(ctx, "umkm", row),
                "category": ctx.config.product_category(row.category),
            },
        ),
    )


def photo(request: HttpRequest, ctx: Ctx, kind: str, pk: int, size: str) -> FileResponse:
    """MEDIA is not served by the platform: photos go out through here, region checked."""
    model = PHOTO_MODELS.get(kind)
    if model is None or size not in {"full", "thumb"}:
        raise Http404
    row = model.objects.scoped(ctx.scope).filter(pk=pk, region=ctx.region).first()
    if row is None or not row.image:
        raise Http404
    root = Path(settings.MEDIA_ROOT).resolve()
    path = (root / (row.image if size == "full" else row.thumbnail)).resolve()
    if root not in path.parents or not path.is_file():
        raise Http404
    response = FileResponse(path.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "public, max-age=86400"
    return response


def _event_url(request: HttpRequest, ctx: Ctx) -> Any:
    base = request.build_absolute_uri(reverse("agenda_wisata:index", args=[ctx.region.slug]))
    return lambda e: f"{base}acara/{e.pk}/"


def ics(request: HttpRequest, ctx: Ctx, key: str = "") -> HttpResponse:
    """The region's calendar (or one category's) for calendar apps: RFC 5545."""
    rows = queries.events(ctx)
    name = _("Events in %(region)s") % {"region": ctx.region.name}
    if key:
        category = ctx.config.event_category(key)
        if category is None:
            return HttpResponse(
                _("There is no such category."),
                status=404,
                content_type="text/plain; charset=utf-8",
            )
        rows = rows.filter(category=key)
        name = f"{name} · {category.label}"
    since = dt.datetime.now(WIB) - dt.timedelta(days=400)
    rows = rows.exclude(ends_at__lt=since, weekdays=[]).order_by("starts_at")[:2000]
    body = feeds.calendar(name, ctx.region, rows, _event_url(request, ctx))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    filename = f"agenda-{ctx.region.slug}{'-' + key if key else ''}.ics"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "public, max-age=900"
    return response


def atom(request: HttpRequest, ctx: Ctx) -> HttpResponse:
    url_of = _event_url(request, ctx)
    rows = [(e, url_of(e)) for e in queries.events(ctx).order_by("-created_at")[:50]]
    body = feeds.atom(
        _("New events in %(region)s") % {"region": ctx.region.name},
        request.build_absolute_uri(reverse("agenda_wisata:index", args=[ctx.region.slug])),
        request.build_absolute_uri(),
        rows,
        get_language() or "id",
    )
    return HttpResponse(body, content_type="application/atom+xml; charset=utf-8")


__all__ = ["Status"]
