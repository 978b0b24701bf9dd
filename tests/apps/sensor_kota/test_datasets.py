"""Sensor Kota's open datasets: hourly and daily values from the rollups, ISPU per day."""

from __future__ import annotations

import pytest

from kotacerdas.apps.sensor_kota.models import RollupHour, Sensor, Station
from kotacerdas.contract import get_app
from tests.apps.data_terbuka.backend import refresh
from tests.conftest import Demo

pytestmark = pytest.mark.django_db
T = "test"


def test_hourly_daily_and_ispu_tables(demo: Demo) -> None:
    from kotacerdas.platform.context import region_context

    app = get_app("sensor-kota")
    assert app is not None
    ctx = region_context(app, demo.semarang)
    assert ctx is not None
    found = {d.name: d for d in app.datasets(ctx)}
    assert found["sensor-kota-per-jam"].frequency == "real-time"
    assert found["sensor-kota-harian"].frequency == "harian"
    assert {d.opd for d in found.values()} == {"dlh"}
    public = Sensor.objects.unscoped(T).filter(region=demo.semarang, station__public=True)
    hours = RollupHour.objects.filter(sensor_id__in=list(public.values_list("pk", flat=True)))
    [hourly] = found["sensor-kota-per-jam"].tables
    rows = list(hourly.rows())
    assert len(rows) == hours.count()
    private = set(
        Station.objects.unscoped(T)
        .filter(region=demo.semarang, public=False)
        .values_list("code", flat=True)
    )
    assert not {r[0] for r in rows} & private
    daily, ispu = found["sensor-kota-harian"].tables
    days = list(daily.rows())
    if rows:
        assert days and sum(r[8] for r in days) == sum(h.n for h in hours)
    for row in ispu.rows():
        assert 0 <= row[3] <= 500 and row[4]


def test_feeds_publish_them(demo: Demo) -> None:
    report = refresh(demo.semarang)
    assert not [r for r in report.refused if "sensor-kota" in r]
