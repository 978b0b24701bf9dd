"""Periodic jobs: staleness (a sensor silent for N× its interval), raw retention, and
storage prepared ahead (PostgreSQL partitions for the coming months)."""

from __future__ import annotations

import time

from django.utils.translation import gettext as _

from kotacerdas.apps.sensor_kota import store
from kotacerdas.apps.sensor_kota.derive.evaluate import KEY, evaluate
from kotacerdas.apps.sensor_kota.derive.notify import close_alert, indonesian, open_alert
from kotacerdas.apps.sensor_kota.models import Sensor, Station
from kotacerdas.core.models import AppInstallation, Region

SYSTEM = "sensor-kota periodic job over every region"


def _regions() -> list[tuple[Region, dict[str, object]]]:
    rows = AppInstallation.objects.unscoped(SYSTEM).filter(app_key=KEY, enabled=True)
    return [(row.region, dict(row.config)) for row in rows.select_related("region")]


def check_staleness(now_ms: int | None = None) -> int:
    """Raise a staleness alert per silent sensor, clear it when data returns; also refresh
    every station's status, catching what per-batch throttling skipped."""
    now_ms = now_ms or int(time.time() * 1000)
    raised = 0
    for region, config in _regions():
        factor = float(config.get("staleness_factor", 3))  # type: ignore[arg-type]
        for station in Station.objects.unscoped(SYSTEM).filter(region=region):
            sensors = list(Sensor.objects.unscoped(SYSTEM).filter(station=station))
            latest = store.latest([s.pk for s in sensors])
            for sensor in sensors:
                condition = f"stale:{sensor.code}"
                seen = latest.get(sensor.pk)
                if seen is not None and now_ms - seen[0] <= factor * sensor.interval_seconds * 1000:
                    close_alert(region, condition)
                    continue
                title = indonesian(
                    lambda s=sensor, st=station: (
                        _("Sensor %(sensor)s at %(station)s sends no data")
                        % {"sensor": s.code, "station": st.name}
                    )
                )
                open_alert(region, config, station, condition, "warning", title)
                raised += 1
            if latest:
                evaluate(region, config, station)
    return raised


def prune_raw() -> int:
    """Delete raw readings past each region's retention; rollups keep the history."""
    deleted = 0
    now_ms = int(time.time() * 1000)
    regions = _regions()
    longest = max(
        (int(config.get("raw_retention_days", 400)) for _r, config in regions),  # type: ignore[call-overload]
        default=None,
    )
    if longest is not None:
        # Past every region's retention: whole months go at once, without row deletes.
        store.drop_raw_before(now_ms - longest * 86_400_000)
    for region, config in regions:
        days = int(config.get("raw_retention_days", 400))  # type: ignore[call-overload]
        ids = list(
            Sensor.objects.unscoped(SYSTEM).filter(region=region).values_list("pk", flat=True)
        )
        deleted += store.prune_raw(now_ms - days * 86_400_000, ids)
    return deleted


def prepare_storage() -> list[str]:
    return store.prepare_ahead(int(time.time() * 1000))
