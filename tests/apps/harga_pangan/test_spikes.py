"""Spike tiers from configuration, and alerts raised, escalated and cleared."""

from __future__ import annotations

import datetime as dt

import pytest

from kotacerdas.apps.harga_pangan.config import APP_KEY, SCHEMA, HargaPanganConfig
from kotacerdas.apps.harga_pangan.services.entry import submit_market_day
from kotacerdas.contract import Severity
from kotacerdas.core.models import AlertRecord
from kotacerdas.core.services.config_schema import validate_config
from tests.apps.harga_pangan.conftest import context_for, put_prices
from tests.conftest import Demo

CHILLI = "cabai-rawit:merah"
DEFAULTS = HargaPanganConfig.model_validate(validate_config(SCHEMA, {}))


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
    typed = HargaPanganConfig.model_validate(config)
    assert typed.tier_for(9.9) is None
    tier = typed.tier_for(10.5)
    assert tier is not None and tier.key == "lonjakan"
    assert tier.severity is Severity.WARNING


def test_default_tier_severities_are_the_core_vocabulary() -> None:
    assert [t.severity for t in DEFAULTS.tiers] == [
        Severity.INFO,
        Severity.WARNING,
        Severity.WARNING,
        Severity.CRITICAL,
    ]
    assert all(isinstance(t.severity, Severity) for t in DEFAULTS.tiers)


def _open(demo: Demo) -> list[AlertRecord]:
    return list(
        AlertRecord.objects.unscoped("test").filter(
            region=demo.semarang,
            app_key=APP_KEY,
            state__in=[AlertRecord.State.ACTIVE, AlertRecord.State.ACKNOWLEDGED],
        )
    )


def _enter(demo: Demo, config: HargaPanganConfig, market: str, price: int) -> None:
    from kotacerdas.apps.harga_pangan.services.values import today

    ctx = context_for(demo.semarang, "disdag-semarang")
    submit_market_day(ctx, demo.user("disdag-semarang"), market, today(), {CHILLI: price})


def test_spike_raises_escalates_and_clears_an_alert(
    demo: Demo, config: HargaPanganConfig, yesterday: dt.date
) -> None:
    put_prices(demo.semarang, {CHILLI: 50000}, yesterday)
    _enter(demo, config, "pasar-johar", 55000)  # +10 %: waspada
    [alert] = _open(demo)
    assert alert.condition == f"spike:{CHILLI}" and alert.severity == "warning"
    assert alert.public and alert.data["tier"] == "waspada"
    _enter(demo, config, "pasar-bulu", 65000)  # average 60000: +20 % is siaga, not critical
    [alert] = _open(demo)
    assert alert.data["tier"] == "siaga"
    _enter(demo, config, "pasar-bulu", 70000)  # average 62500: +25 % critical
    [alert] = _open(demo)
    assert alert.severity == "critical"
    _enter(demo, config, "pasar-johar", 50000)
    _enter(demo, config, "pasar-bulu", 51000)  # +1 %: back to normal
    assert _open(demo) == []
    cleared = AlertRecord.objects.unscoped("test").get(pk=alert.pk)
    assert cleared.state == AlertRecord.State.CLEARED


def test_a_fall_raises_nothing(demo: Demo, config: HargaPanganConfig, yesterday: dt.date) -> None:
    put_prices(demo.semarang, {CHILLI: 50000}, yesterday)
    _enter(demo, config, "pasar-johar", 40000)
    assert _open(demo) == []
