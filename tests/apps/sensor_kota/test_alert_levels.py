"""Flood alerts carry their BPBD level (a Siaga alert is tagged Siaga, not by its severity),
both languages of their title, and who may see them: flood and air quality public, a silent
sensor (technical) for staff only; a gauge's own thresholds come from the station."""

from __future__ import annotations

import time

from kotacerdas.apps.sensor_kota.models import Station
from kotacerdas.apps.sensor_kota.services.jobs import check_staleness
from kotacerdas.core.models import AlertRecord

from .conftest import World, context_of

NOW = int(time.time()) - 30


def alert(world: World, condition: str) -> AlertRecord:
    return AlertRecord.objects.unscoped("test").get(
        region=world.semarang, condition=condition, state__in=["active", "acknowledged"]
    )


def post(world: World, sensor: str, value: float, at: int) -> None:
    assert world.post([{"sensor": sensor, "ts": at, "value": value}]).status_code == 200


def test_flood_alerts_carry_the_bpbd_level_and_technical_alerts_stay_private(
    world: World,
) -> None:
    post(world, world.level.code, 70, NOW - 900)  # Waspada (60)
    waspada = alert(world, "flood:sungai")
    assert waspada.data["level"] == "waspada" and "Waspada" in waspada.title
    post(world, world.level.code, 120, NOW - 600)  # Siaga (100): same severity, new level
    siaga = alert(world, "flood:sungai")
    assert siaga.pk == waspada.pk and siaga.severity == "warning"
    assert siaga.data["level"] == "siaga" and siaga.data["station"] == "sungai"
    assert siaga.title.startswith("Status banjir Siaga") and siaga.public
    assert siaga.data["titles"]["en"].startswith("Flood status Siaga at")
    post(world, world.level.code, 210, NOW - 300)
    awas = alert(world, "flood:sungai")
    assert (awas.data["level"], awas.severity) == ("awas", "critical")

    # Air quality: public, with its ISPU in the data.
    post(world, world.pm25.code, 150, NOW - 300)
    ispu = alert(world, "ispu:udara")
    assert ispu.public and ispu.data["ispu"] > 100 and ispu.data["titles"]["en"]

    # A private station's flood alert is private too.
    post(world, world.secret.code, 500, NOW - 300)
    assert not alert(world, "flood:rahasia").public

    # Sensors that stopped sending: technical, staff only, even at a public station.
    check_staleness(context_of(world.semarang), now_ms=(NOW + 86_400) * 1000)
    stale = alert(world, f"stale:{world.level.code}")
    assert not stale.public and "tidak mengirim data" in stale.title
    assert stale.data["titles"]["en"] == f"Sensor {world.level.code} at Sungai sends no data"
    public_open = AlertRecord.objects.unscoped("test").filter(
        region=world.semarang, public=True, condition__startswith="stale:"
    )
    assert not public_open.exists()


def test_a_gauge_uses_its_own_thresholds_else_the_region_defaults(world: World) -> None:
    # The Kendal gauge has no thresholds of its own: the defaults (Waspada 60, Siaga 100).
    post_kendal = [{"sensor": world.kendal_level.code, "ts": NOW - 300, "value": 80}]
    assert world.post(post_kendal, key=world.kendal_key).status_code == 200
    bodri = Station.objects.unscoped("test").get(pk=world.kendal_river.pk)
    assert bodri.flood_thresholds_cm == {} and bodri.flood_level == "waspada"
    # Its own thresholds, set on the station, take over at the next reading.
    bodri.flood_thresholds_cm = {"waspada": 100, "siaga": 150, "awas": 250}
    bodri.save(update_fields=["flood_thresholds_cm"])
    post_kendal = [{"sensor": world.kendal_level.code, "ts": NOW - 200, "value": 81}]
    assert world.post(post_kendal, key=world.kendal_key).status_code == 200
    bodri.refresh_from_db()
    assert bodri.flood_level == "normal"
