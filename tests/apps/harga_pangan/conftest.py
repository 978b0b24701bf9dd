"""Harga Pangan tests start from the demo with Semarang's prices cleared, so every figure
a test asserts comes from rows the test itself wrote."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from kotacerdas.apps.harga_pangan.lists import APP_KEY, PriceLists, lists_for
from kotacerdas.apps.harga_pangan.models import DailyAverage, Price
from kotacerdas.apps.harga_pangan.services.rollup import refresh_averages
from kotacerdas.apps.harga_pangan.services.values import today
from kotacerdas.core.models import AlertRecord, Region
from tests.conftest import Demo

RESET = "tests start from known prices"
Put = Callable[[dict[str, int], dt.date], None]


@pytest.fixture
def lists(demo: Demo) -> PriceLists:
    for region in (demo.semarang, demo.kendal):
        Price.objects.unscoped(RESET).filter(region=region).delete()
        DailyAverage.objects.unscoped(RESET).filter(region=region).delete()
    AlertRecord.objects.unscoped(RESET).filter(app_key=APP_KEY).delete()
    found = lists_for(demo.semarang)
    assert found is not None
    return found


def put_prices(
    region: Region,
    prices: dict[str, int],
    day: dt.date,
    markets: tuple[str, ...] = ("pasar-johar", "pasar-bulu"),
) -> None:
    """The same prices at several markets on one day, rollups refreshed."""
    rows = Price.objects.unscoped(RESET)
    for market in markets:
        for item, price in prices.items():
            rows.create(region=region, market=market, item=item, day=day, price=price)
    refresh_averages(region, prices, {day})


@pytest.fixture
def yesterday() -> dt.date:
    return today() - dt.timedelta(days=1)
