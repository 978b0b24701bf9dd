"""Reads for pages, the API and the contract hooks; dashboards read DailyAverage rollups."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from kotacerdas.apps.harga_pangan.config import HargaPanganConfig, Item, Market, Tier
from kotacerdas.apps.harga_pangan.models import DailyAverage, Price
from kotacerdas.apps.harga_pangan.services.values import today as wib_today
from kotacerdas.contract import AppContext
from kotacerdas.core.models import Region
from kotacerdas.core.tenancy import Scope

WINDOW = 30  # days of history the today page shows and compares with


def percent(now: float | None, before: float | None) -> float | None:
    if now is None or not before:
        return None
    return (now - before) / before * 100


@dataclass
class ItemTrend:
    item: Item
    today: float | None = None
    yesterday: float | None = None
    week_ago: float | None = None
    month_ago: float | None = None
    baseline: float | None = None
    markets: int = 0
    tier: Tier | None = None
    series: list[tuple[dt.date, float]] = field(default_factory=list)

    @property
    def change_percent(self) -> float | None:
        return percent(self.today, self.baseline)

    @property
    def sparkline_values(self) -> list[float]:
        return [v for _d, v in self.series]

    @property
    def day_change(self) -> float | None:
        return percent(self.today, self.yesterday)

    @property
    def week_change(self) -> float | None:
        return percent(self.today, self.week_ago)

    @property
    def month_change(self) -> float | None:
        return percent(self.today, self.month_ago)

    @property
    def reference_gap(self) -> float | None:
        """How far today's average is above (+) or below (−) the HET/HAP, in percent."""
        return self.item.reference_gap(self.today)

    @property
    def above_reference(self) -> bool:
        """Today's average is above the HET/HAP, whatever the day-to-day tier says."""
        return self.item.above_reference(self.today)


def trends(
    region: Region, config: HargaPanganConfig, day: dt.date | None = None
) -> list[ItemTrend]:
    """Every configured item's region average on ``day`` against its history."""
    day = day or wib_today()
    rows = (
        DailyAverage.objects.scoped(Scope.public())
        .filter(region=region, day__gte=day - dt.timedelta(days=WINDOW), day__lte=day)
        .order_by("day")
        .values_list("item", "day", "average", "markets")
    )
    history: dict[str, dict[dt.date, tuple[float, int]]] = defaultdict(dict)
    for key, d, average, markets in rows:
        history[key][d] = (average, markets)
    result = []
    for item in config.items:
        days = history.get(item.key, {})
        trend = ItemTrend(item, series=[(d, v[0]) for d, v in days.items()])
        if day in days:
            trend.today, trend.markets = days[day]
        trend.yesterday = _on(days, day - dt.timedelta(days=1))
        trend.week_ago = _on(days, day - dt.timedelta(days=7))
        trend.month_ago = _on(days, day - dt.timedelta(days=WINDOW))
        before = [v[0] for d, v in days.items() if d < day][-config.baseline_days :]
        trend.baseline = sum(before) / len(before) if before else None
        trend.tier = config.tier_for(trend.change_percent)
        result.append(trend)
    return result


def _on(days: dict[dt.date, tuple[float, int]], day: dt.date) -> float | None:
    value = days.get(day)
    return None if value is None else value[0]


@dataclass
class MarketStatus:
    market: Market
    reported: int = 0  # items with a price today
    rising: int = 0  # items up more than the first tier against the day before
    above: int = 0  # items priced above their HET/HAP today

    @property
    def state(self) -> str:
        if not self.reported:
            return "missing"
        return "spike" if self.rising else "ok"


def market_statuses(
    region: Region, config: HargaPanganConfig, day: dt.date | None = None
) -> list[MarketStatus]:
    """Which markets reported on ``day``, and how many of their items rose into a tier."""
    day = day or wib_today()
    prices = Price.objects.scoped(Scope.public()).filter(region=region)
    # Two narrow queries without the date column: converting 2,500 dates, or a correlated
    # subquery per price, costs more than the rows themselves (bench_harga_pangan).
    fields = ("market", "item", "price")
    now = prices.filter(day=day).values_list(*fields)
    before = {
        (m, i): p for m, i, p in prices.filter(day=day - dt.timedelta(days=1)).values_list(*fields)
    }
    statuses = {m.key: MarketStatus(m) for m in config.markets}
    for market, item, price in now:
        status = statuses.get(market)
        if status is None:
            continue
        status.reported += 1
        found = config.item(item)
        if found is not None and found.above_reference(price):
            status.above += 1
        if config.tier_for(percent(price, before.get((market, item)))) is not None:
            status.rising += 1
    return list(statuses.values())


def market_prices(
    region: Region, market: str, since: dt.date, until: dt.date
) -> dict[str, list[tuple[dt.date, int, bool]]]:
    """One market's prices per item between two days, oldest first."""
    rows = (
        Price.objects.scoped(Scope.public())
        .filter(region=region, market=market, day__gte=since, day__lte=until)
        .order_by("day")
        .values_list("item", "day", "price", "flagged")
    )
    result: dict[str, list[tuple[dt.date, int, bool]]] = defaultdict(list)
    for item, d, price, flagged in rows:
        result[item].append((d, price, flagged))
    return result


def item_history(region: Region, item: str, since: dt.date) -> list[DailyAverage]:
    return list(
        DailyAverage.objects.scoped(Scope.public())
        .filter(region=region, item=item, day__gte=since)
        .order_by("day")
    )


def prices_on(
    region: Region, day: dt.date, item: str | None = None, market: str | None = None
) -> list[Price]:
    rows = Price.objects.scoped(Scope.public()).filter(region=region, day=day)
    if item is not None:
        rows = rows.filter(item=item)
    if market is not None:
        rows = rows.filter(market=market)
    return list(rows.order_by("market", "item"))


def export_rows(
    region: Region, since: dt.date, until: dt.date
) -> Iterator[tuple[dt.date, str, str, int]]:
    """(day, market, item, price) for open data, streamed in day order."""
    rows = (
        Price.objects.scoped(Scope.public())
        .filter(region=region, day__gte=since, day__lte=until)
        .order_by("day", "market", "item")
        .values_list("day", "market", "item", "price")
    )
    return rows.iterator(chunk_size=5000)


def markets_reporting(region: Region, config: HargaPanganConfig, day: dt.date | None = None) -> int:
    """How many configured markets have at least one price on ``day``.

    A set in Python, not SELECT DISTINCT: SQLite answers DISTINCT through the unique
    (region, market, item, day) index and scans the region's whole year (~130 ms).
    """
    reported = set(
        Price.objects.scoped(Scope.public())
        .filter(region=region, day=day or wib_today())
        .values_list("market", flat=True)
    )
    return len(reported & {m.key for m in config.markets})


def markets_not_reported(ctx: AppContext[HargaPanganConfig]) -> int:
    """The console's "Entri harga" count: configured markets without a price today (one
    query)."""
    return len(ctx.config.markets) - markets_reporting(ctx.region, ctx.config)
