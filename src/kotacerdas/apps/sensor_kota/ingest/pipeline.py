"""The one write path every way in uses: validated rows → store → derived status."""

from __future__ import annotations

import time
from typing import Any

from kotacerdas.apps.sensor_kota import store
from kotacerdas.apps.sensor_kota.derive.evaluate import after_batch
from kotacerdas.apps.sensor_kota.ingest.directory import Directory, directory
from kotacerdas.apps.sensor_kota.ingest.errors import KeyRejected
from kotacerdas.apps.sensor_kota.ingest.keys import KeyGrant
from kotacerdas.apps.sensor_kota.ingest.validate import Window
from kotacerdas.apps.sensor_kota.store.gcpause import gc_paused
from kotacerdas.core.models import AppInstallation

KEY = "sensor-kota"
CACHE_SECONDS = 5.0
_configs: dict[int, tuple[float, dict[str, Any] | None]] = {}
Row = tuple[int, int, float]


def region_config(region_id: int) -> dict[str, Any]:
    """The region's Sensor Kota configuration; a region without the app takes no readings."""
    now = time.monotonic()
    hit = _configs.get(region_id)
    if hit is None or hit[0] < now:
        row = (
            AppInstallation.objects.unscoped("ingestion reads its app's configuration")
            .filter(region_id=region_id, app_key=KEY, enabled=True)
            .values_list("config", flat=True)
            .first()
        )
        hit = _configs[region_id] = (now + CACHE_SECONDS, None if row is None else dict(row))
    if hit[1] is None:
        raise KeyRejected("Sensor Kota is not enabled for this key's region")
    return hit[1]


def context(grant: KeyGrant) -> tuple[Directory, Window]:
    config = region_config(grant.region_id)
    return directory(grant.region_id), Window(int(config.get("raw_retention_days", 400)))


def store_rows(grant: KeyGrant, rows: list[Row]) -> store.WriteResult:
    """Write a validated batch atomically, then update the status of the touched stations."""
    # write_batch is one transaction itself; opening it there (not here) lets it queue for
    # SQLite's write turn before BEGIN instead of polling for the lock inside it.
    result = store.write_batch(rows)
    if result.new_by_sensor:
        refs = directory(grant.region_id).by_key
        stations = {refs[sid].station_id for sid in result.new_by_sensor if sid in refs}
        after_batch(grant.region_id, stations)  # takes the write turn for its writes only
    return result


__all__ = ["context", "gc_paused", "region_config", "store_rows"]


def forget_configs() -> None:
    _configs.clear()
