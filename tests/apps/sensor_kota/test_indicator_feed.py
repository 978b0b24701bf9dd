"""Sensor Kota feeds the maturity index: stations reporting recently out of active ones."""

from __future__ import annotations

import time

import pytest
from django.utils import timezone

from kotacerdas.apps.sensor_kota import store
from kotacerdas.apps.sensor_kota.contract import REPORTING_HOURS
from kotacerdas.contract import KPI, get_app

from .conftest import World, context_of

HOUR_MS = 3_600_000


def feed_and_kpi(world: World) -> tuple[float | None, KPI]:
    app = get_app("sensor-kota")
    assert app is not None
    [feed] = [f for f in app.indicator_feeds() if f.key == "sensor-kota:stations-reporting"]
    kpis = {k.key: k for k in app.kpis(context_of(world.semarang))}
    kpi = kpis[feed.kpi]
    return feed.score(kpi), kpi


def test_a_station_counts_when_any_sensor_reported_recently(world: World) -> None:
    now_ms = int(time.time() * 1000)
    store.write_batch(
        [
            (world.rain.pk, now_ms - HOUR_MS, 2.0),  # the river gauge: its rain sensor only
            (world.pm25.pk, now_ms - (REPORTING_HOURS + 6) * HOUR_MS, 40.0),  # air: too old
            (world.secret.pk, now_ms - HOUR_MS, 10.0),  # private: not in public figures
        ]
    )
    score, kpi = feed_and_kpi(world)
    assert (kpi.value, kpi.of) == (1, 2)  # two public active stations, one reporting
    assert score == pytest.approx(50.0)


def test_retired_stations_leave_the_whole_and_silence_scores_zero(world: World) -> None:
    world.air.retired_at = timezone.now()
    world.air.save(update_fields=["retired_at"])
    score, kpi = feed_and_kpi(world)
    assert (kpi.value, kpi.of) == (0, 1)
    assert score == 0.0
