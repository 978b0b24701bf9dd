"""What the situation room, the catalog, open data and the console get from Harga Pangan.

Every hook receives the app context. Alerts are not a hook: price-spike alerts are core
alert rows raised and cleared by ``services/spikes.py`` whenever today's averages change.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from kotacerdas.apps.harga_pangan.config import HargaPanganConfig
from kotacerdas.apps.harga_pangan.queries import (
    market_statuses,
    markets_not_reported,
    markets_reporting,
    trends,
)
from kotacerdas.contract import KPI, AppContext, Dataset, KpiState, MapLayer

Ctx = AppContext[HargaPanganConfig]

# Map colours by market status; the legend is in the layer's properties.
COLOURS = {"ok": "#2e7d32", "spike": "#c62828", "missing": "#757575"}

__all__ = ["datasets", "kpis", "map_layers", "markets_not_reported"]


def kpis(ctx: Ctx) -> list[KPI]:
    region, config = ctx.region, ctx.config
    rows = trends(region, config)
    spiking = sum(1 for t in rows if t.tier is not None)
    above = sum(1 for t in rows if t.above_reference)
    changes = [t.change_percent for t in rows if t.change_percent is not None]
    average = round(sum(changes) / len(changes), 2) if changes else None
    reporting = markets_reporting(region, config)
    total = len(config.markets)
    return [
        KPI(
            "commodities_in_spike",
            _("Commodities in a price spike"),
            spiking,
            "",
            "economy",
            state=KpiState.BAD if spiking else KpiState.GOOD,
        ),
        KPI(
            "commodities_above_reference",
            _("Commodities above their HET/HAP"),
            above,
            "",
            "economy",
            state=KpiState.WARNING if above else KpiState.GOOD,
        ),
        KPI(
            "markets_reporting",
            _("Markets reporting today"),
            reporting,
            f"/ {total}",
            "economy",
            state=KpiState.GOOD if reporting == total else KpiState.WARNING,
        ),
        KPI(
            "average_change",
            _("Average price change"),
            average,
            "%",
            "economy",
            state=(KpiState.NEUTRAL if average is None or abs(average) <= 5 else KpiState.WARNING),
        ),
    ]


def map_layers(ctx: Ctx) -> list[MapLayer]:
    labels = {
        "ok": _("Reported"),
        "spike": _("Reported, prices rising"),
        "missing": _("Not reported today"),
    }
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [s.market.lng, s.market.lat]},
            "properties": {
                "name": s.market.label,
                "kind": s.market.kind,
                "status": s.state,
                "status_label": labels[s.state],
                "colour": COLOURS[s.state],
                "prices_today": s.reported,
                "rising": s.rising,
                "above_reference": s.above,
                "url": reverse("harga_pangan:market", args=[ctx.region.slug, s.market.key]),
            },
        }
        for s in market_statuses(ctx.region, ctx.config)
    ]
    return [
        MapLayer(
            "markets",
            _("Markets by price status"),
            {"type": "FeatureCollection", "features": features},
        )
    ]


def datasets(ctx: Ctx) -> list[Dataset]:
    region = ctx.region
    url = reverse("harga_pangan:csv", args=[region.slug])
    return [
        Dataset(
            f"harga-pangan-{region.slug}",
            _("Staple-food prices per market, %(region)s") % {"region": region.name},
            _("Daily prices of staple foods at each market, in rupiah."),
            resources=[{"url": url, "format": "CSV", "name": _("Prices, last 30 days")}],
            tags=["harga-pangan", "inflasi", "pasar"],
        )
    ]
