"""Which sensors a region has, as plain dicts the validation loop can index cheaply.

Cached per process for a few seconds and dropped whenever a station or sensor is saved here
(see signals in apps.py), so a new sensor is writable at once in this process.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from kotacerdas.apps.sensor_kota.models import Sensor
from kotacerdas.apps.sensor_kota.quantities import QUANTITIES

CACHE_SECONDS = 5.0


@dataclass(frozen=True)
class SensorRef:
    id: int
    station_id: int
    quantity: str
    low: float
    high: float


@dataclass
class Directory:
    region_id: int
    # Sensor id (int) and sensor code (str) both map to the sensor.
    by_key: dict[int | str, SensorRef] = field(default_factory=dict)
    # (station code, quantity) for line protocol fields.
    by_station: dict[tuple[str, str], SensorRef] = field(default_factory=dict)


_cache: dict[int, tuple[float, Directory]] = {}


def directory(region_id: int) -> Directory:
    now = time.monotonic()
    hit = _cache.get(region_id)
    if hit is not None and hit[0] > now:
        return hit[1]
    found = Directory(region_id)
    rows = (
        Sensor.objects.unscoped("ingestion resolves sensors of the key's region")
        .filter(region_id=region_id, station__retired_at=None)  # retired: readings refused
        .values_list("pk", "code", "station_id", "station__code", "quantity")
    )
    for pk, code, station_id, station_code, quantity in rows:
        q = QUANTITIES.get(quantity)
        low, high = (q.low, q.high) if q else (float("-inf"), float("inf"))
        ref = SensorRef(pk, station_id, quantity, low, high)
        found.by_key[pk] = ref
        found.by_key[code] = ref
        found.by_station[(station_code, quantity)] = ref
    _cache[region_id] = (now + CACHE_SECONDS, found)
    return found


def forget(region_id: int | None = None) -> None:
    if region_id is None:
        _cache.clear()
    else:
        _cache.pop(region_id, None)
