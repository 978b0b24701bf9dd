"""The readings store: idempotent writes, exact rollups, late data, series and retention."""

# Table names below are module constants, never input; every value is a bound parameter.
# ruff: noqa: S608

from __future__ import annotations

import pytest
from django.db import connection

from kotacerdas.apps.sensor_kota import store
from kotacerdas.apps.sensor_kota.store.schema import RAW_TABLE, ROLLUP_TABLES

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_db")]
T0 = 1_790_000_000_000 - 1_790_000_000_000 % 86_400_000  # a UTC midnight


def rollup(name: str, sensor_id: int) -> list[tuple[int, int, float, float, float, float]]:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT bucket, n, vmin, vmax, vsum, vlast FROM {ROLLUP_TABLES[name]} "
            "WHERE sensor_id = %s ORDER BY bucket",
            [sensor_id],
        )
        return [tuple(row) for row in cursor.fetchall()]


def raw_count(sensor_id: int) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {RAW_TABLE} WHERE sensor_id = %s", [sensor_id])
        return int(cursor.fetchone()[0])


def test_rollups_hold_count_min_max_sum_and_last() -> None:
    rows = [(1, T0 + 10_000, 5.0), (1, T0 + 20_000, 2.0), (1, T0 + 70_000, 9.0)]
    result = store.write_batch(rows)
    assert (result.received, result.inserted) == (3, 3)
    assert rollup("minute", 1) == [
        (T0, 2, 2.0, 5.0, 7.0, 2.0),
        (T0 + 60_000, 1, 9.0, 9.0, 9.0, 9.0),
    ]
    assert rollup("hour", 1) == [(T0, 3, 2.0, 9.0, 16.0, 9.0)]
    assert rollup("day", 1) == [(T0, 3, 2.0, 9.0, 16.0, 9.0)]


def test_a_retried_batch_changes_nothing() -> None:
    rows = [(2, T0 + i * 1000, float(i)) for i in range(100)]
    store.write_batch(rows)
    again = store.write_batch(rows)
    assert (again.inserted, again.duplicates) == (0, 100)
    assert raw_count(2) == 100
    assert rollup("hour", 2) == [(T0, 100, 0.0, 99.0, 4950.0, 99.0)]


def test_a_partly_new_batch_counts_only_the_new_readings() -> None:
    store.write_batch([(3, T0 + 1000, 1.0), (3, T0 + 2000, 2.0)])
    result = store.write_batch([(3, T0 + 2000, 2.0), (3, T0 + 3000, 3.0), (3, T0 + 3000, 3.0)])
    assert result.inserted == 1
    assert rollup("minute", 3) == [(T0, 3, 1.0, 3.0, 6.0, 3.0)]


def test_late_and_out_of_order_readings_are_accepted_and_last_stays_the_newest() -> None:
    store.write_batch([(4, T0 + 50_000, 7.0)])
    store.write_batch([(4, T0 + 5_000, 1.0), (4, T0 - 86_400_000, 3.0)])  # late, and yesterday
    assert rollup("minute", 4)[-1] == (T0, 2, 1.0, 7.0, 8.0, 7.0)
    assert [r[0] for r in rollup("day", 4)] == [T0 - 86_400_000, T0]


def test_series_reads_the_rollup_and_the_aggregate_asked_for() -> None:
    rows = [(5, T0 + h * 3_600_000 + m * 60_000, float(h)) for h in range(3) for m in range(60)]
    store.write_batch(rows)
    end = T0 + 3 * 3_600_000
    assert store.series([5], T0, end, "hour", "mean")[5] == [
        (T0, 0.0),
        (T0 + 3_600_000, 1.0),
        (T0 + 7_200_000, 2.0),
    ]
    assert store.series([5], T0, end, "hour", "count")[5][0] == (T0, 60.0)
    assert len(store.series([5], T0, end, "minute", "max")[5]) == 180
    assert len(store.series([5], T0, T0 + 600_000, "raw")[5]) == 10


def test_auto_resolution_picks_a_rollup_that_fits_a_chart() -> None:
    assert store.pick_resolution(T0, T0 + 6 * 3_600_000) == "minute"
    assert store.pick_resolution(T0, T0 + 30 * 86_400_000) == "hour"
    assert store.pick_resolution(T0, T0 + 365 * 86_400_000) == "day"


def test_latest_is_the_newest_reading_per_sensor() -> None:
    store.write_batch([(6, T0 + 1000, 1.0), (6, T0 + 9000, 9.0), (7, T0, 4.0)])
    assert store.latest([6, 7, 8]) == {6: (T0 + 9000, 9.0), 7: (T0, 4.0)}


def test_retention_deletes_old_raw_rows_but_keeps_rollups() -> None:
    store.write_batch([(9, T0 - 10 * 86_400_000, 1.0), (9, T0, 2.0)])
    assert store.prune_raw(T0 - 86_400_000, [9]) == 1
    assert raw_count(9) == 1
    assert len(rollup("day", 9)) == 2


def test_window_mean_averages_minute_rollups() -> None:
    store.write_batch([(10, T0 + i * 60_000, float(i)) for i in range(10)])
    assert store.window_mean(10, T0, T0 + 600_000) == (4.5, 10)
    assert store.window_mean(10, T0 + 3_600_000, T0 + 7_200_000) == (None, 0)


def test_gc_pauses_nest_and_restore_the_collector_as_found() -> None:
    import gc

    from kotacerdas.apps.sensor_kota.store.gcpause import gc_paused

    assert gc.isenabled()
    with gc_paused():
        with gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer pause still holds
    assert gc.isenabled()
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()  # someone else had turned it off: leave it off
    finally:
        gc.enable()
