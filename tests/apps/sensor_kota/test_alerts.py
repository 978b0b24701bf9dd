"""Flood status, ISPU category, thresholds, rate of rise and staleness become alerts once."""

from __future__ import annotations

import time

from django.core import mail

from kotacerdas.apps.sensor_kota.models import Station
from kotacerdas.apps.sensor_kota.services.jobs import check_staleness
from kotacerdas.core.models import AlertRecord, Event

from .conftest import World, context_of

NOW = int(time.time()) - 30


def level(world: World, cm: float, at: int = NOW) -> None:
    assert world.post([{"sensor": world.level.code, "ts": at, "value": cm}]).status_code == 200


def open_alerts(world: World, prefix: str) -> list[AlertRecord]:
    return list(
        AlertRecord.objects.unscoped("test").filter(
            region=world.semarang,
            condition__startswith=prefix,
            state__in=["active", "acknowledged"],
        )
    )


def test_flood_status_follows_the_station_thresholds(world: World) -> None:
    level(world, 40, NOW - 600)
    assert Station.objects.unscoped("test").get(pk=world.river.pk).flood_level == "normal"
    level(world, 120, NOW - 300)
    river = Station.objects.unscoped("test").get(pk=world.river.pk)
    assert river.flood_level == "siaga"
    [alert] = open_alerts(world, "flood:")
    assert "Siaga" in alert.title and alert.severity == "warning" and alert.public


def test_a_flood_is_one_alert_that_worsens_then_clears(world: World) -> None:
    level(world, 120, NOW - 900)
    level(world, 130, NOW - 600)  # still Siaga: no second alert
    level(world, 210, NOW - 300)  # Awas: the same alert, now critical
    [alert] = open_alerts(world, "flood:")
    assert alert.severity == "critical" and "Awas" in alert.title
    level(world, 20)
    assert open_alerts(world, "flood:") == []
    assert AlertRecord.objects.unscoped("test").filter(condition="flood:sungai").count() == 1


def test_new_alerts_are_mailed_to_the_agency_and_subscribers_once(world: World) -> None:
    level(world, 120, NOW - 600)
    level(world, 125, NOW - 300)
    flood_mails = [m for m in mail.outbox if "Siaga" in m.subject]
    assert len(flood_mails) == 1
    assert sorted(flood_mails[0].to) == ["bpbd@semarang.go.id", "piket@semarang.go.id"]


def test_unhealthy_air_raises_an_ispu_alert_that_clears_when_air_improves(world: World) -> None:
    body = [{"sensor": world.pm25.code, "ts": NOW - i * 60, "value": 120} for i in range(10)]
    assert world.post(body).status_code == 200
    air = Station.objects.unscoped("test").get(pk=world.air.pk)
    assert (air.ispu_category, air.critical_pollutant) == ("tidak_sehat", "pm25")
    assert len(open_alerts(world, "ispu:")) == 1
    clean = [{"sensor": world.pm25.code, "ts": NOW - 1000 - i, "value": 0} for i in range(5000)]
    assert world.post(clean).status_code == 200
    assert open_alerts(world, "ispu:") == []


def test_threshold_rule_from_configuration(world: World) -> None:
    world.post([{"sensor": world.rain.code, "ts": NOW, "value": 80}])  # default rule: > 50 mm
    [alert] = open_alerts(world, "threshold:")
    assert alert.condition == f"threshold:{world.rain.code}"


def test_rate_of_rise_is_per_hour(world: World) -> None:
    level(world, 10, NOW - 3600)
    level(world, 55, NOW)  # +45 cm in an hour, over the default 40 cm/h
    assert [a.condition for a in open_alerts(world, "rise:")] == [f"rise:{world.level.code}"]


def test_a_silent_sensor_is_stale_after_three_intervals(world: World) -> None:
    level(world, 10, NOW - 30)
    now_ms = (NOW + 60) * 1000
    ctx = context_of(world.semarang)
    check_staleness(ctx, now_ms)
    stale = {a.condition for a in open_alerts(world, "stale:")}
    assert f"stale:{world.level.code}" not in stale  # 90 s < 3 × 60 s
    assert f"stale:{world.rain.code}" in stale  # never reported
    check_staleness(ctx, now_ms + 200_000)
    stale_again = [
        a for a in open_alerts(world, "stale:") if a.condition.endswith(world.level.code)
    ]
    assert len(stale_again) == 1
    check_staleness(ctx, now_ms + 300_000)  # still silent: still one alert
    assert (
        len([a for a in open_alerts(world, "stale:") if a.condition.endswith(world.level.code)])
        == 1
    )


def test_one_event_per_station_per_batch_not_per_reading(world: World) -> None:
    before = Event.objects.unscoped("test").count()
    body = [
        {"sensor": s.code, "ts": NOW - i, "value": 10}
        for s in (world.level, world.rain, world.pm25)
        for i in range(200)
    ]
    assert world.post(body).status_code == 200
    events = Event.objects.unscoped("test").filter(
        app_key="sensor-kota", kind__in=["reading", "station.status"]
    )
    stations = sorted(e.payload["station"] for e in events.filter(pk__gt=0))
    assert stations == ["sungai", "udara"]
    assert Event.objects.unscoped("test").count() - before >= 2


def test_private_station_events_are_not_public(world: World) -> None:
    world.post([{"sensor": world.secret.code, "ts": NOW, "value": 10}])
    event = Event.objects.unscoped("test").filter(payload__station="rahasia").get()
    assert event.public is False
