"""What the situation room, the catalog, open data and the console get from Harga Pangan.

Every hook receives the app context. Alerts are not a hook: price-spike alerts are core
alert rows raised and cleared by ``services/spikes.py`` whenever today's averages change.
"""

from __future__ import annotations

from typing import Any

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
            of=total,
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


def _price_rows(ctx: Ctx) -> Any:
    """Every price entered, per day, market and commodity (rupiah)."""
    from kotacerdas.apps.harga_pangan.models import Price

    config = ctx.config
    items = {i.key: (i.label, i.unit, i.reference_price) for i in config.items}
    markets = {m.key: m.name for m in config.markets}
    rows = (
        Price.objects.scoped(ctx.scope)
        .filter(region=ctx.region)
        .order_by("day", "market", "item")
        .values_list("day", "market", "item", "price", "flagged")
    )
    for day, market_key, item_key, price, flagged in rows.iterator(chunk_size=5000):
        label, unit, reference = items.get(item_key, (item_key, "", None))
        name = markets.get(market_key, market_key)
        yield (day, market_key, name, item_key, label, unit, price, reference, bool(flagged))


def _average_rows(ctx: Ctx) -> Any:
    from kotacerdas.apps.harga_pangan.models import DailyAverage

    items = {i.key: (i.label, i.unit) for i in ctx.config.items}
    rows = (
        DailyAverage.objects.scoped(ctx.scope)
        .filter(region=ctx.region)
        .order_by("day", "item")
        .values_list("day", "item", "average", "low", "high", "markets")
    )
    for day, item_key, average, low, high, markets in rows.iterator(chunk_size=5000):
        label, unit = items.get(item_key, (item_key, ""))
        yield (day, item_key, label, unit, round(average, 2), low, high, markets)


def _reference_rows(ctx: Ctx) -> Any:
    for item in ctx.config.items:
        yield (
            item.key,
            item.label,
            item.unit,
            item.reference_price,
            item.reference_kind if item.reference_price is not None else "",
        )


def datasets(ctx: Ctx) -> list[Dataset]:
    from kotacerdas.contract import Column, Frequency, Link, Table

    region = ctx.region
    url = reverse("harga_pangan:csv", args=[region.slug])

    def t(id_: str, en: str) -> dict[str, str]:
        return {"id": id_, "en": en}

    day = Column("tanggal", "date", t("Tanggal", "Date"))
    item = [
        Column(
            "komoditas",
            "text",
            t("Kode komoditas", "Commodity code"),
            "",
            t("<komoditas>:<varian>", "<commodity>:<variant>"),
        ),
        Column("nama_komoditas", "text", t("Komoditas", "Commodity")),
        Column("satuan", "text", t("Satuan", "Unit")),
    ]
    prices = Table(
        "harga-harian",
        t("Harga harian per pasar dan komoditas", "Daily prices per market and commodity"),
        [
            day,
            Column("pasar", "text", t("Kode pasar", "Market code")),
            Column("nama_pasar", "text", t("Pasar", "Market")),
            *item,
            Column("harga", "integer", t("Harga", "Price"), "Rp"),
            Column("harga_acuan", "integer", t("Harga acuan (HET/HAP)", "Reference price"), "Rp"),
            Column("ditandai", "boolean", t("Ditandai petugas", "Flagged for checking")),
        ],
        lambda: _price_rows(ctx),
    )
    averages = Table(
        "rata-rata-harian",
        t("Rata-rata harian per komoditas", "Daily average per commodity"),
        [
            day,
            *item,
            Column("rata_rata", "numeric", t("Rata-rata", "Average"), "Rp"),
            Column("terendah", "integer", t("Terendah", "Lowest"), "Rp"),
            Column("tertinggi", "integer", t("Tertinggi", "Highest"), "Rp"),
            Column(
                "jumlah_pasar", "integer", t("Pasar yang melapor", "Markets reporting"), "pasar"
            ),
        ],
        lambda: _average_rows(ctx),
    )
    references = Table(
        "harga-acuan",
        t("Harga acuan HET/HAP", "HET/HAP reference prices"),
        [
            *item,
            Column("harga_acuan", "integer", t("Harga acuan", "Reference price"), "Rp"),
            Column(
                "jenis_acuan",
                "text",
                t("Jenis acuan", "Kind"),
                "",
                t(
                    "HET (harga eceran tertinggi) atau HAP (harga acuan pembelian)",
                    "HET (retail ceiling) or HAP (purchase reference)",
                ),
            ),
        ],
        lambda: _reference_rows(ctx),
    )
    return [
        Dataset(
            "harga-pangan",
            t(
                f"Harga pangan per pasar {region.name}",
                f"Staple-food prices per market, {region.name}",
            ),
            t(
                "Harga harian bahan pokok di setiap pasar dalam rupiah, rata-rata harian dan "
                "harga acuan HET/HAP.",
                "Daily prices of staple foods at each market in rupiah, daily averages and "
                "HET/HAP reference prices.",
            ),
            Frequency.DAILY,
            "disdag",
            tables=[prices, averages, references],
            links=[
                Link(url, "CSV", t("Harga 30 hari terakhir (CSV)", "Prices, last 30 days (CSV)"))
            ],
            tags=["harga-pangan", "inflasi", "pasar"],
            dimension="economy",
            priority=True,
        )
    ]
