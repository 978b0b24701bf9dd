"""Spike tiers from configuration, and alerts raised, escalated and cleared."""

from __future__ import annotations

import datetime as dt

import pytest

from kotacerdas.apps.harga_pangan.lists import APP_KEY, PriceLists
from kotacerdas.apps.harga_pangan.schema import SCHEMA
from kotacerdas.apps.harga_pangan.services.entry import submit_market_day
from kotacerdas.core.models import AlertRecord
from kotacerdas.core.services.config_schema import validate_config
from kotacerdas.core.tenancy import Scope
from tests.apps.harga_pangan.conftest import put_prices
from tests.conftest import Demo

CHILLI = "cabai-rawit:merah"
DEFAULTS = PriceLists.from_config(validate_config(SCHEMA, {}))


@pytest.mark.parametrize(
    ("rise", "tier"),
    [
        (4.9, None),
        (5.0, None),
        (5.1, "watch"),
        (8.5, "waspada"),
        (12.01, "siaga"),
        (20.0, "siaga"),
        (20.5, "critical"),
        (-30, None),
    ],
)
def test_default_tiers_are_strictly_above_the_threshold(rise: float, tier: str | None) -> None:
    found = DEFAULTS.tier_for(rise)
    assert (found.key if found else None) == tier


def test_tiers_come_from_configuration() -> None:
    config = validate_config(
        SCHEMA,
        {
            "spike_tiers": [
                {"key": "lonjakan", "name": "Lonjakan", "percent": 10, "severity": "warning"},
            ]
        },
    )
    lists = PriceLists.from_config(config)
    assert lists.tier_for(9.9) is None
    tier = lists.tier_for(10.5)
    assert tier is not None and tier.key == "lonjakan"


def _open(demo: Demo) -> list[AlertRecord]:
    return list(
        AlertRecord.objects.unscoped("test").filter(
            region=demo.semarang,
            app_key=APP_KEY,
            state__in=[AlertRecord.State.ACTIVE, AlertRecord.State.ACKNOWLEDGED],
        )
    )


def _enter(demo: Demo, lists: PriceLists, market: str, price: int) -> None:
    from kotacerdas.apps.harga_pangan.services.values import today

    scope = Scope.for_user(demo.user("disdag-semarang"))
    submit_market_day(
        scope, demo.user("disdag-semarang"), demo.semarang, lists, market, today(), {CHILLI: price}
    )


def test_spike_raises_escalates_and_clears_an_alert(
    demo: Demo, lists: PriceLists, yesterday: dt.date
) -> None:
    put_prices(demo.semarang, {CHILLI: 50000}, yesterday)
    _enter(demo, lists, "pasar-johar", 55000)  # +10 %: waspada
    [alert] = _open(demo)
    assert alert.condition == f"spike:{CHILLI}" and alert.severity == "warning"
    assert alert.public and alert.data["tier"] == "waspada"
    _enter(demo, lists, "pasar-bulu", 65000)  # average 60000: +20 % is siaga, not critical
    [alert] = _open(demo)
    assert alert.data["tier"] == "siaga"
    _enter(demo, lists, "pasar-bulu", 70000)  # average 62500: +25 % critical
    [alert] = _open(demo)
    assert alert.severity == "critical"
    _enter(demo, lists, "pasar-johar", 50000)
    _enter(demo, lists, "pasar-bulu", 51000)  # +1 %: back to normal
    assert _open(demo) == []
    cleared = AlertRecord.objects.unscoped("test").get(pk=alert.pk)
    assert cleared.state == AlertRecord.State.CLEARED


def test_a_fall_raises_nothing(demo: Demo, lists: PriceLists, yesterday: dt.date) -> None:
    put_prices(demo.semarang, {CHILLI: 50000}, yesterday)
    _enter(demo, lists, "pasar-johar", 40000)
    assert _open(demo) == []
