"""The room's activity chart: events per hour and app over the last day, per region."""

from __future__ import annotations

import datetime as dt

from kotacerdas.core.events import publish
from kotacerdas.core.models import Event
from kotacerdas.situation.activity import HOURS, hourly_activity
from tests.conftest import Demo

NOW = dt.datetime(2026, 11, 27, 10, 25, tzinfo=dt.UTC)


def _event_at(region: object, app_key: str, at: dt.datetime) -> None:
    event = publish(region, app_key, "reading", {})  # type: ignore[arg-type]
    Event.objects.unscoped("test dates an event").filter(pk=event.pk).update(created_at=at)


def test_counts_land_in_their_hour_per_app_and_region(demo: Demo) -> None:
    Event.objects.unscoped("test starts from no events").all().delete()
    _event_at(demo.semarang, "sensor-kota", NOW - dt.timedelta(minutes=5))  # this hour
    _event_at(demo.semarang, "sensor-kota", NOW - dt.timedelta(minutes=20))  # 10:05, this hour
    _event_at(demo.semarang, "sensor-kota", NOW - dt.timedelta(minutes=30))  # 09:55
    _event_at(demo.semarang, "aduan-warga", NOW - dt.timedelta(hours=23))  # oldest hour shown
    _event_at(demo.semarang, "aduan-warga", NOW - dt.timedelta(hours=24))  # too old
    _event_at(demo.kendal, "sensor-kota", NOW)  # another region
    chart = hourly_activity(demo.semarang.pk, NOW)
    assert len(chart["x"]) == HOURS
    assert chart["x"][-1] == int(dt.datetime(2026, 11, 27, 10, tzinfo=dt.UTC).timestamp())
    sensor, reports = chart["series"]["sensor-kota"], chart["series"]["aduan-warga"]
    assert (sensor[-1], sensor[-2], sum(sensor)) == (2, 1, 3)
    assert (reports[0], sum(reports)) == (1, 1)
    assert set(chart["series"]) == {"sensor-kota", "aduan-warga"}
