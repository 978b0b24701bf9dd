"""The one write path every way in uses: validated rows → store → derived status."""

from __future__ import annotations

import time

from kotacerdas.apps.sensor_kota import store
from kotacerdas.apps.sensor_kota.config import SensorKotaConfig, typed_config
from kotacerdas.apps.sensor_kota.derive.evaluate import after_batch
from kotacerdas.apps.sensor_kota.ingest.directory import Directory, directory
from kotacerdas.apps.sensor_kota.ingest.validate import Window
from kotacerdas.apps.sensor_kota.store.gcpause import gc_paused
from kotacerdas.contract import AppContext
from kotacerdas.core.models import AppInstallation, Region
from kotacerdas.core.services.config_schema import ConfigInvalid

KEY = "sensor-kota"
CACHE_SECONDS = 5.0
Row = tuple[int, int, float]
Installed = tuple[Region, SensorKotaConfig]
_installed: dict[int, tuple[float, Installed | None]] = {}


def context(ctx: AppContext[SensorKotaConfig]) -> tuple[Directory, Window]:
    """The sensors a request may write and the time window it may write in."""
    return directory(ctx.region_id), Window(ctx.config.raw_retention_days)


def store_rows(region: Region, config: SensorKotaConfig, rows: list[Row]) -> store.WriteResult:
    """Write a validated batch atomically, then update the status of the touched stations."""
    # write_batch is one transaction itself; opening it there (not here) lets it queue for
    # SQLite's write turn before BEGIN instead of polling for the lock inside it.
    result = store.write_batch(rows)
    if result.new_by_sensor:
        refs = directory(region.pk).by_key
        stations = {refs[sid].station_id for sid in result.new_by_sensor if sid in refs}
        after_batch(region, config, stations)  # takes the write turn for its writes only
    return result


def installed(region_id: int) -> Installed | None:
    """The region and its typed configuration, for the MQTT worker, which has no request.

    Every other way in gets both from its app context. The worker may not import the
    platform's context resolution, so until the contract offers a context outside a
    request, this reads the installation through the core models (as before the contract),
    validates it against the schema (defaults filled) and keeps it ``CACHE_SECONDS``.
    ``None``: the region has not enabled Sensor Kota, or its configuration is broken.
    """
    now = time.monotonic()
    hit = _installed.get(region_id)
    if hit is None or hit[0] < now:
        row = (
            AppInstallation.objects.unscoped("the MQTT worker reads its app's configuration")
            .filter(region_id=region_id, app_key=KEY, enabled=True)
            .select_related("region")
            .first()
        )
        found: Installed | None = None
        if row is not None:
            try:
                found = (row.region, typed_config(row.config))
            except ConfigInvalid:
                found = None
        hit = _installed[region_id] = (now + CACHE_SECONDS, found)
    return hit[1]


def forget_configs() -> None:
    _installed.clear()


__all__ = ["context", "gc_paused", "installed", "store_rows"]
