"""Harga Pangan tests start from the demo with Semarang's prices cleared, so every figure
a test asserts comes from rows the test itself wrote."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from kotacerdas.apps.harga_pangan.config import APP_KEY, HargaPanganConfig
from kotacerdas.apps.harga_pangan.models import DailyAverage, Price
from kotacerdas.apps.harga_pangan.services.rollup import refresh_averages
from kotacerdas.apps.harga_pangan.services.values import today
from kotacerdas.contract import AppContext, get_app
from kotacerdas.core.models import AlertRecord, Region
from kotacerdas.core.tenancy import Scope
from kotacerdas.platform.context import region_context
from tests.conftest import Demo

RESET = "tests start from known prices"


def context_for(region: Region, username: str | None = None) -> AppContext[Any]:
    """The app's context in ``region`` for a demo user (``None``: the region's system scope),
    as the platform builds it for a request or a hook."""
    from django.contrib.auth.models import User

    app = get_app(APP_KEY)
    assert app is not None
    scope = None if username is None else Scope.for_user(User.objects.get(username=username))
    ctx = region_context(app, region, scope)
    assert ctx is not None
    return ctx


@pytest.fixture
def config(demo: Demo) -> HargaPanganConfig:
    for region in (demo.semarang, demo.kendal):
        Price.objects.unscoped(RESET).filter(region=region).delete()
        DailyAverage.objects.unscoped(RESET).filter(region=region).delete()
    AlertRecord.objects.unscoped(RESET).filter(app_key=APP_KEY).delete()
    found = context_for(demo.semarang).config
    assert isinstance(found, HargaPanganConfig)
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
    refresh_averages(Scope.system(RESET), region, prices, {day})


@pytest.fixture
def yesterday() -> dt.date:
    return today() - dt.timedelta(days=1)
