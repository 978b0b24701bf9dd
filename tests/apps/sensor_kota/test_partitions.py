"""PostgreSQL: raw readings partitioned by month — made ahead, late data kept, whole months
dropped by retention, rollups untouched."""

# Table names below are module constants, never input; every value is a bound parameter.
# ruff: noqa: S608

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from django.db import connection

from kotacerdas.apps.sensor_kota import store
from kotacerdas.apps.sensor_kota.store import partitions
from kotacerdas.apps.sensor_kota.store.schema import RAW_TABLE, ROLLUP_TABLES

pytestmark = [pytest.mark.postgres, pytest.mark.django_db, pytest.mark.usefixtures("empty_db")]
MARCH_2015 = (2015, 3)
IN_MARCH_2015 = partitions.bounds(MARCH_2015)[0] + 9 * 86_400_000  # 10 March 2015


@pytest.fixture(autouse=True)
def _postgresql_only() -> Iterator[None]:
    if connection.vendor != "postgresql":
        pytest.skip("runs in the PostgreSQL pass of the suite (DATABASE_URL=postgresql://…)")
    yield


def home_of(sensor_id: int, ts: int) -> str | None:
    """The partition a stored reading lives in."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT tableoid::regclass::text FROM {RAW_TABLE} WHERE sensor_id = %s AND ts = %s",
            [sensor_id, ts],
        )
        row = cursor.fetchone()
    return None if row is None else str(row[0])


def test_the_raw_table_is_partitioned_by_month_with_months_made_ahead() -> None:
    now = int(time.time() * 1000)
    this = partitions.month_of(now)
    with connection.cursor() as cursor:
        assert partitions.is_partitioned(cursor)
        made = partitions.months(cursor)
    assert [partitions.shift(this, n) for n in range(partitions.MONTHS_AHEAD + 1)] == [
        m for m in made if m >= this
    ]
    store.write_batch([(7, now, 1.5)])
    assert home_of(7, now) == partitions.name(this)


def test_making_storage_ahead_is_idempotent() -> None:
    now = int(time.time() * 1000)
    store.prepare_ahead(now)
    assert store.prepare_ahead(now) == []
    later = partitions.bounds(partitions.shift(partitions.month_of(now), 5))[0]
    assert store.prepare_ahead(later)[-1] == partitions.name(
        partitions.shift(partitions.month_of(later), partitions.MONTHS_AHEAD)
    )


def test_a_reading_before_every_partition_is_kept_and_moves_when_its_month_is_made() -> None:
    assert store.write_batch([(7, IN_MARCH_2015, 2.0)]).inserted == 1
    assert home_of(7, IN_MARCH_2015) == partitions.DEFAULT
    with connection.cursor() as cursor:
        assert partitions.create(cursor, MARCH_2015)
    assert home_of(7, IN_MARCH_2015) == partitions.name(MARCH_2015)
    # Still idempotent across the move: a retry stores and counts nothing.
    assert store.write_batch([(7, IN_MARCH_2015, 2.0)]).inserted == 0


def test_retention_drops_whole_months_and_keeps_the_rollups() -> None:
    with connection.cursor() as cursor:
        partitions.create(cursor, MARCH_2015)
    store.write_batch([(8, IN_MARCH_2015, 3.0), (8, IN_MARCH_2015 + 60_000, 5.0)])
    end_of_march = partitions.bounds(MARCH_2015)[1]
    assert store.drop_raw_before(end_of_march - 1) == []  # the month is not wholly past
    assert store.drop_raw_before(end_of_march) == [partitions.name(MARCH_2015)]
    assert home_of(8, IN_MARCH_2015) is None
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT sum(n), max(vmax) FROM {ROLLUP_TABLES['day']} WHERE sensor_id = 8")
        assert cursor.fetchone() == (2, 5.0)
