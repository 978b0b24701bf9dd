"""The columnar check and the reading-by-reading loop must agree: the fast path may only
ever say "all good, here are the rows" when the exact loop would store the same rows."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

import pytest

from kotacerdas.apps.sensor_kota.ingest import validate
from kotacerdas.apps.sensor_kota.ingest.directory import directory
from kotacerdas.apps.sensor_kota.ingest.errors import BatchRejected

from .conftest import World

NOW = int(time.time())
WIB = dt.timezone(dt.timedelta(hours=7))


def both(world: World, items: list[Any], station_id: int | None = None) -> tuple[Any, Any]:
    sensors, window = directory(world.semarang.pk), validate.Window(400)
    fast = validate._columnar(items, station_id, sensors, window)
    try:
        exact: Any = validate._one_by_one(items, station_id, sensors, window)
    except BatchRejected as exc:
        exact = exc
    return fast, exact


def test_a_clean_mixed_batch_gives_the_same_rows_both_ways(world: World) -> None:
    iso = dt.datetime.fromtimestamp(NOW - 60, WIB).isoformat()
    items = [
        {"sensor": world.level.pk, "ts": NOW - 120, "value": 41},
        {"sensor": world.level.code, "ts": NOW - 119.5, "value": 42.5},
        {"sensor": world.rain.code, "ts": NOW - 100, "value": 0},
        {"sensor": world.pm25.pk, "ts": NOW - 90, "value": 12.25},
    ]
    fast, exact = both(world, items)
    assert fast == exact
    assert [r[0] for r in fast] == [world.level.pk, world.level.pk, world.rain.pk, world.pm25.pk]
    assert fast[1] == (world.level.pk, (NOW - 119.5) * 1000, 42.5)
    iso_items = [{"sensor": world.level.code, "ts": iso, "value": 1}] * 3
    fast, exact = both(world, iso_items)
    assert fast == exact == [(world.level.pk, (NOW - 60) * 1000, 1.0)] * 3


@pytest.mark.parametrize(
    "bad",
    [
        {"sensor": True, "ts": NOW, "value": 1},  # True == 1 would find sensor id 1
        {"sensor": 1.0, "ts": NOW, "value": 1},
        {"sensor": "nope", "ts": NOW, "value": 1},
        {"sensor": "LEVEL", "ts": NOW, "value": True},
        {"sensor": "LEVEL", "ts": NOW, "value": None},
        {"sensor": "LEVEL", "ts": NOW, "value": 10**6},
        {"sensor": "LEVEL", "ts": NOW + 3600, "value": 1},
        {"sensor": "LEVEL", "ts": NOW - 500 * 86400, "value": 1},
        {"sensor": "LEVEL", "ts": "2026-11-27T10:00:00", "value": 1},
        {"sensor": "LEVEL", "ts": 1e308, "value": 1},
        {"sensor": "LEVEL", "ts": False, "value": 1},
        {"sensor": "LEVEL", "value": 1},
        ["LEVEL", NOW, 1],
    ],
)
def test_any_bad_reading_leaves_the_fast_path_and_the_loop_names_it(world: World, bad: Any) -> None:
    def fix(item: Any) -> Any:
        if isinstance(item, dict) and item.get("sensor") == "LEVEL":
            return {**item, "sensor": world.level.code}
        return item

    good = {"sensor": world.level.code, "ts": NOW - 10, "value": 50}
    fast, exact = both(world, [good, fix(bad), good])
    assert fast is None
    assert isinstance(exact, BatchRejected)
    assert [p.index for p in exact.problems] == [1]


def test_a_device_key_cannot_write_another_stations_sensor_either_way(world: World) -> None:
    items = [
        {"sensor": world.pm25.code, "ts": NOW - 10, "value": 5},
        {"sensor": world.level.code, "ts": NOW - 10, "value": 5},
    ]
    fast, exact = both(world, items, station_id=world.air.pk)
    assert fast is None
    assert isinstance(exact, BatchRejected)
    assert exact.problems[0].field == "sensor"
