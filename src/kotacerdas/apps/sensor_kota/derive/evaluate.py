"""After a batch: recompute the status of the stations it touched, raise or clear alerts,
and publish one event per station (not one per reading) for the situation room.
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kotacerdas.apps.sensor_kota import store
from kotacerdas.apps.sensor_kota.config import SensorKotaConfig
from kotacerdas.apps.sensor_kota.derive import flood, rules
from kotacerdas.apps.sensor_kota.derive.ispu import ispu
from kotacerdas.apps.sensor_kota.derive.notify import close_alert, open_alert, titles
from kotacerdas.apps.sensor_kota.labels import ispu_label
from kotacerdas.apps.sensor_kota.models import Sensor, Station
from kotacerdas.apps.sensor_kota.quantities import AIR_QUANTITIES
from kotacerdas.contract import Severity
from kotacerdas.core.events import publish
from kotacerdas.core.models import Region
from kotacerdas.core.writeturn import write_turn

KEY = "sensor-kota"
SYSTEM = "sensor-kota derives station status for its region"
STATUS_FIELDS = ["ispu", "ispu_category", "critical_pollutant", "flood_level", "status_at"]
_last_run: dict[int, float] = {}


def throttle_seconds() -> float:
    # A busy gateway sends many batches a second; status once every few seconds is enough.
    return float(getattr(settings, "SENSOR_KOTA_EVALUATE_SECONDS", 2.0))


def after_batch(region: Region, config: SensorKotaConfig, station_ids: set[int]) -> None:
    now = time.monotonic()
    due = [s for s in station_ids if now - _last_run.get(s, -1e9) >= throttle_seconds()]
    if not due:
        return
    for sid in due:
        _last_run[sid] = now
    # Each process throttles on its own clock. Skipping a station that another process
    # evaluated moments ago would be cheaper, but that evaluation may predate this batch: a
    # flood reading would then wait for the next one or the staleness job (a minute).
    for station in Station.objects.unscoped(SYSTEM).filter(region=region, pk__in=due):
        evaluate(region, config, station)


def evaluate(region: Region, config: SensorKotaConfig, station: Station) -> None:
    sensors = list(Sensor.objects.unscoped(SYSTEM).filter(station=station))
    latest = store.latest([s.pk for s in sensors])
    now = timezone.now()
    payload: dict[str, Any] = {"station": station.code, "name": station.name, "values": {}}
    for sensor in sensors:
        if sensor.pk in latest:
            ts, value = latest[sensor.pk]
            payload["values"][sensor.quantity] = {"value": value, "ts": ts, "unit": sensor.unit}
    changed = _air(region, config, station, sensors, now) | _water(
        region, config, station, latest, sensors
    )
    rules.check(region, config, station, sensors, latest)
    station.status_at = now
    payload.update(
        ispu=station.ispu, ispu_category=station.ispu_category, flood_level=station.flood_level
    )
    # Only the writes take the write turn: the reads above run beside other processes'
    # batches instead of holding them up (alerts, written only when a state changes, wait
    # for SQLite's own lock).
    with write_turn(), transaction.atomic():
        station.save(update_fields=STATUS_FIELDS)
        kind = "station.status" if changed else "reading"
        publish(region, KEY, kind, payload, public=station.public)


def _air(
    region: Region, config: SensorKotaConfig, station: Station, sensors: list[Sensor], now: Any
) -> bool:
    hours = config.ispu_averaging_hours
    end = int(now.timestamp() * 1000)
    means: dict[str, float] = {}
    for sensor in sensors:
        if sensor.quantity in AIR_QUANTITIES:
            window = int(hours.get(sensor.quantity, 24)) * 3_600_000
            mean, _n = store.window_mean(sensor.pk, end - window, end + 60_000)
            if mean is not None:
                means[sensor.quantity] = mean
    result = ispu(means, config.ispu_breakpoints, config.ispu_categories)
    if result is None:
        return False
    before = station.ispu_category
    station.ispu, station.critical_pollutant = result.value, result.critical
    station.ispu_category = result.category.key
    if before == result.category.key:
        return False
    condition = f"ispu:{station.code}"
    if result.value > 100:
        title = titles(
            lambda: (
                _("Air quality %(category)s at %(station)s (ISPU %(ispu)s)")
                % {
                    "category": ispu_label(result.category.key, result.category.label),
                    "station": station.name,
                    "ispu": result.value,
                }
            )
        )
        open_alert(
            region,
            config,
            station,
            condition,
            Severity.CRITICAL if result.value > 200 else Severity.WARNING,
            title,
            data={"ispu": result.value, "category": result.category.key},
        )
    else:
        close_alert(region, condition)
    return True


def _water(
    region: Region,
    config: SensorKotaConfig,
    station: Station,
    latest: dict[int, tuple[int, float]],
    sensors: list[Sensor],
) -> bool:
    level_sensor = next((s for s in sensors if s.quantity == "water_level"), None)
    if level_sensor is None or level_sensor.pk not in latest:
        return False
    level = flood.flood_level(latest[level_sensor.pk][1], config, station.flood_thresholds_cm)
    if station.flood_level == level.key:
        return False
    station.flood_level = level.key
    condition = f"flood:{station.code}"
    if level.rank == 0:
        close_alert(region, condition)
    else:
        title = titles(
            lambda: (
                _("Flood status %(level)s at %(station)s (%(cm).0f cm)")
                % {"level": level.label, "station": station.name, "cm": latest[level_sensor.pk][1]}
            )
        )
        # The BPBD level itself travels with the alert: pages tag a flood alert "Siaga" from
        # ``data["level"]``, not from the severity (Waspada and Siaga share "warning").
        open_alert(
            region,
            config,
            station,
            condition,
            level.severity,
            title,
            data={"level": level.key, "level_label": level.label, "cm": latest[level_sensor.pk][1]},
        )
    return True
