"""What the situation room, the catalog and open data get from Harga Pangan."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from kotacerdas.apps.harga_pangan.lists import APP_KEY, lists_for
from kotacerdas.apps.harga_pangan.queries import market_statuses, markets_reporting, trends
from kotacerdas.contract import KPI, Alert, Dataset, MapLayer
from kotacerdas.core.models import AlertRecord, Region

# Map colours by market status; the legend is in the layer's properties.
COLOURS = {"ok": "#2e7d32", "spike": "#c62828", "missing": "#757575"}


def kpis(region: Region) -> list[KPI]:
    lists = lists_for(region)
    if lists is None:
        return []
    rows = trends(region, lists)
    spiking = sum(1 for t in rows if t.tier is not None)
    changes = [t.change_percent for t in rows if t.change_percent is not None]
    average = round(sum(changes) / len(changes), 2) if changes else None
    reporting = markets_reporting(region, lists)
    total = len(lists.markets)
    return [
        KPI(
            "commodities_in_spike",
            _("Commodities in a price spike"),
            spiking,
            "",
            "economy",
            state="bad" if spiking else "good",
        ),
        KPI(
            "markets_reporting",
            _("Markets reporting today"),
            reporting,
            f"/ {total}",
            "economy",
            state="good" if reporting == total else "warning",
        ),
        KPI(
            "average_change",
            _("Average price change"),
            average,
            "%",
            "economy",
            state="neutral" if average is None or abs(average) <= 5 else "warning",
        ),
    ]


def map_layers(region: Region) -> list[MapLayer]:
    lists = lists_for(region)
    if lists is None:
        return []
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
                "name": s.market.name,
                "kind": s.market.kind,
                "status": s.state,
                "status_label": labels[s.state],
                "colour": COLOURS[s.state],
                "prices_today": s.reported,
                "rising": s.rising,
                "url": reverse("harga_pangan:market", args=[region.slug, s.market.key]),
            },
        }
        for s in market_statuses(region, lists)
    ]
    return [
        MapLayer(
            "markets",
            _("Markets by price status"),
            {"type": "FeatureCollection", "features": features},
        )
    ]


def alerts(region: Region) -> list[Alert]:
    open_alerts = AlertRecord.objects.unscoped("the app lists its own region's alerts").filter(
        region=region,
        app_key=APP_KEY,
        state__in=[AlertRecord.State.ACTIVE, AlertRecord.State.ACKNOWLEDGED],
    )
    return [
        Alert(a.condition, a.title, a.severity, a.raised_at.isoformat(), a.public, a.detail)
        for a in open_alerts.order_by("-raised_at")
    ]


def datasets(region: Region) -> list[Dataset]:
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
