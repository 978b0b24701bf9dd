"""Citizens' pages: today's prices, one market, one commodity over time, and CSV export."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterator
from zoneinfo import ZoneInfo

from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from kotacerdas.apps.harga_pangan import queries
from kotacerdas.apps.harga_pangan.config import HargaPanganConfig
from kotacerdas.apps.harga_pangan.services.values import today
from kotacerdas.contract import AppContext

Ctx = AppContext[HargaPanganConfig]

MAX_EXPORT_DAYS = 366
WIB = ZoneInfo("Asia/Jakarta")


def today_prices(request: HttpRequest, ctx: Ctx) -> HttpResponse:
    region, config = ctx.region, ctx.config
    trends = queries.trends(region, config)
    statuses = queries.market_statuses(region, config)
    return render(
        request,
        "harga_pangan/today.html",
        {
            "region": region,
            "config": config,
            "day": today(),
            "trends": trends,
            "statuses": statuses,
            "missing": [s for s in statuses if s.state == "missing"],
            "spiking": [t for t in trends if t.tier is not None],
            "above": [t for t in trends if t.above_reference],
            # Row links share one reversed prefix: 75 reverse() calls cost ~15 ms.
            "base": reverse("harga_pangan:today", args=[region.slug]),
        },
    )


def market(request: HttpRequest, ctx: Ctx, market: str) -> HttpResponse:
    region, config = ctx.region, ctx.config
    found = config.market(market)
    if found is None:
        raise Http404(_("No such market"))
    day = today()
    history = queries.market_prices(region, found.key, day - dt.timedelta(days=30), day)
    rows = []
    for item in config.items:
        series = history.get(item.key, [])
        latest = series[-1] if series else None
        previous = series[-2] if len(series) > 1 else None
        rows.append(
            {
                "item": item,
                "latest": latest,
                "previous": previous,
                "change": queries.percent(latest[1], previous[1]) if latest and previous else None,
                "spark": [p for _d, p, _f in series],
            }
        )
    return render(
        request,
        "harga_pangan/market.html",
        {
            "region": region,
            "market": found,
            "rows": rows,
            "day": day,
        },
    )


def commodity(request: HttpRequest, ctx: Ctx, item: str) -> HttpResponse:
    region, config = ctx.region, ctx.config
    found = config.item(item)
    if found is None:
        raise Http404(_("No such commodity"))
    day = today()
    history = queries.item_history(region, found.key, day - dt.timedelta(days=365))
    chart = {
        # Noon WIB of each market day, in Unix seconds: the chart labels days in WIB.
        "days": [int(dt.datetime.combine(h.day, dt.time(12), WIB).timestamp()) for h in history],
        "average": [round(h.average) for h in history],
        "low": [h.low for h in history],
        "high": [h.high for h in history],
        "reference": found.reference_price,
    }
    names = {m.key: m.label for m in config.markets}
    prices = [(names.get(p.market, p.market), p) for p in queries.prices_on(region, day, found.key)]
    return render(
        request,
        "harga_pangan/commodity.html",
        {
            "region": region,
            "item": found,
            "chart": chart,
            "prices": prices,
            "day": day,
            "latest": history[-1] if history else None,
        },
    )


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_export(request: HttpRequest, ctx: Ctx) -> HttpResponseBase:
    """Prices per market and day; ``?from=&to=`` (ISO dates, at most a year), default 30 days."""
    region, config = ctx.region, ctx.config
    until = today()
    try:
        until = dt.date.fromisoformat(request.GET.get("to") or until.isoformat())
        since = dt.date.fromisoformat(
            request.GET.get("from") or (until - dt.timedelta(days=29)).isoformat()
        )
    except ValueError:
        return HttpResponse(
            _("from/to must be dates like 2026-01-31"),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    if since > until or (until - since).days >= MAX_EXPORT_DAYS:
        return HttpResponse(
            _("from must be before to, at most a year apart"),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    items = {i.key: i for i in config.items}
    markets = {m.key: m.name for m in config.markets}
    writer = csv.writer(_Echo())

    def lines() -> Iterator[str]:
        yield writer.writerow(
            ["tanggal", "pasar", "nama_pasar", "komoditas", "varian", "satuan", "harga_rp"]
        )
        for day, market_key, item_key, price in queries.export_rows(region, since, until):
            item = items.get(item_key)
            yield writer.writerow(
                [
                    day.isoformat(),
                    market_key,
                    markets.get(market_key, market_key),
                    item.name if item else item_key,
                    item.variant if item else "",
                    item.unit if item else "",
                    price,
                ]
            )

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    filename = f"harga-pangan-{region.slug}-{since}-{until}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
