"""The data migration moves per-station flood thresholds from the configuration onto the
stations; stations without any keep the region's defaults, and the old key is gone."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE_APP = ("sensor_kota", "0004_station_console_fields")
AFTER_APP = ("sensor_kota", "0005_thresholds_to_stations")


@pytest.mark.django_db(transaction=True)
def test_configured_thresholds_move_onto_their_stations() -> None:
    executor = MigrationExecutor(connection)
    before = [BEFORE_APP, *executor.loader.graph.leaf_nodes("core")]
    executor.migrate(before)
    try:
        executor = MigrationExecutor(connection)
        old = executor.loader.project_state(before).apps
        region_id = _seed(old)
        executor.migrate([AFTER_APP])
        executor = MigrationExecutor(connection)
        new = executor.loader.project_state([AFTER_APP]).apps
        station = new.get_model("sensor_kota", "Station")
        installation = new.get_model("core", "AppInstallation")
        rows = {s.code: s.flood_thresholds_cm for s in station.objects.filter(region_id=region_id)}
        assert rows == {"sungai": {"waspada": 60.0, "siaga": 100.0, "awas": 200.0}, "kali": {}}
        config = installation.objects.get(region_id=region_id, app_key="sensor-kota").config
        assert "flood_station_thresholds_cm" not in config
        assert config["alert_emails"] == ["piket@semarang.go.id"]  # the rest is untouched
    finally:  # the schema as every later test expects it
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())


def _seed(apps: object) -> int:
    get = apps.get_model  # type: ignore[attr-defined]
    province = get("core", "Province").objects.create(code="33", name="Jawa Tengah")
    region = get("core", "Region").objects.create(
        province=province,
        code="33.74",
        name="Kota Semarang",
        kind="kota",
        slug="semarang",
        centre_lat=-7,
        centre_lng=110.4,
        bbox_west=110,
        bbox_south=-7.2,
        bbox_east=110.6,
        bbox_north=-6.8,
    )
    get("core", "AppInstallation").objects.create(
        region=region,
        app_key="sensor-kota",
        config={
            "alert_emails": ["piket@semarang.go.id"],
            "flood_station_thresholds_cm": {
                "sungai": {"waspada": 60, "siaga": 100, "awas": 200},
                "gone": {"waspada": 1, "siaga": 2, "awas": 3},  # no such station: dropped
            },
        },
    )
    station = get("sensor_kota", "Station")
    for code in ("sungai", "kali"):
        station.objects.create(
            region=region, code=code, name=code, kind="water", lat=-7.0, lng=110.4
        )
    return int(region.pk)
