"""Per-station flood thresholds move from the configuration (``flood_station_thresholds_cm``)
to the stations themselves (``Station.flood_thresholds_cm``): they are station data, set in
the console with the station, not policy a region shares through the catalog.

A station that already has its own thresholds keeps them; the configuration key is removed
(the schema no longer knows it). Going back puts them into the configuration again.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

KEY = "sensor-kota"
OLD = "flood_station_thresholds_cm"


def forwards(apps: Any, schema_editor: Any) -> None:
    installation = apps.get_model("core", "AppInstallation")
    station = apps.get_model("sensor_kota", "Station")
    for row in installation.objects.filter(app_key=KEY):
        config = dict(row.config or {})
        if OLD not in config:
            continue
        per_station = config.pop(OLD) or {}
        for code, limits in per_station.items():
            if not isinstance(limits, dict) or not limits:
                continue
            for s in station.objects.filter(region_id=row.region_id, code=code):
                if not s.flood_thresholds_cm:
                    s.flood_thresholds_cm = {str(k): float(v) for k, v in limits.items()}
                    s.save(update_fields=["flood_thresholds_cm"])
        row.config = config
        row.save(update_fields=["config"])


def backwards(apps: Any, schema_editor: Any) -> None:
    installation = apps.get_model("core", "AppInstallation")
    station = apps.get_model("sensor_kota", "Station")
    for row in installation.objects.filter(app_key=KEY):
        own = {
            s.code: s.flood_thresholds_cm
            for s in station.objects.filter(region_id=row.region_id).exclude(
                flood_thresholds_cm={}
            )
        }
        row.config = {**(row.config or {}), OLD: own}
        row.save(update_fields=["config"])


class Migration(migrations.Migration):
    dependencies = [
        ("sensor_kota", "0004_station_console_fields"),
        ("core", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
