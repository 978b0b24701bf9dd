"""PostgreSQL: the raw readings table is partitioned by month of ``ts`` (UTC).

Why: raw readings are the one table that grows without end (a 5-minute logger is 105,000
rows a year; a region has hundreds). Per month, retention drops whole partitions instead of
deleting millions of rows (no bloat, no vacuum debt), and a series read touches only the
months it asks for. The primary key (sensor_id, ts) and the BRIN index on ts are declared on
the parent and exist in every partition.

Partitions are made ahead of time by a daily job (``ensure_ahead``: this month and the next
``MONTHS_AHEAD``), never on the ingest path, so a batch never waits for DDL. A reading outside
every monthly partition (very late data from before the first one) lands in the DEFAULT
partition, so an insert never fails for want of a partition. SQLite keeps one table: it has no
partitioning, and its WITHOUT ROWID table clustered on (sensor_id, ts) already serves reads.
"""

# Table names below are built from module constants and integers, never input.
# ruff: noqa: S608

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from kotacerdas.apps.sensor_kota.store.schema import RAW_TABLE

MONTHS_AHEAD = 3
# On conversion, months of existing data older than this go to the default partition.
MONTHS_BACK = 24
DEFAULT = f"{RAW_TABLE}_default"
BRIN = "sensor_kota_reading_ts_brin"
_NAME = re.compile(rf"^{RAW_TABLE}_y(\d{{4}})m(\d{{2}})$")
# One creator at a time across processes (two daily jobs, a migration and a job).
_LOCK_KEY = 0x5E75_0001


def month_of(ms: int) -> tuple[int, int]:
    day = dt.datetime.fromtimestamp(ms / 1000, tz=dt.UTC)
    return day.year, day.month


def shift(month: tuple[int, int], by: int) -> tuple[int, int]:
    index = month[0] * 12 + month[1] - 1 + by
    return index // 12, index % 12 + 1


def bounds(month: tuple[int, int]) -> tuple[int, int]:
    """[start, end) of a month in epoch milliseconds."""
    start = dt.datetime(month[0], month[1], 1, tzinfo=dt.UTC)
    following = shift(month, 1)
    end = dt.datetime(following[0], following[1], 1, tzinfo=dt.UTC)
    return int(start.timestamp() * 1000), int(end.timestamp() * 1000)


def name(month: tuple[int, int]) -> str:
    return f"{RAW_TABLE}_y{month[0]:04d}m{month[1]:02d}"


def is_partitioned(cursor: Any) -> bool:
    cursor.execute("SELECT relkind FROM pg_class WHERE oid = to_regclass(%s)", [RAW_TABLE])
    row = cursor.fetchone()
    return row is not None and row[0] == "p"


def months(cursor: Any) -> list[tuple[int, int]]:
    """The monthly partitions that exist, oldest first."""
    cursor.execute(
        "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
        "WHERE i.inhparent = to_regclass(%s)",
        [RAW_TABLE],
    )
    found = [_NAME.match(relname) for (relname,) in cursor.fetchall()]
    return sorted((int(m.group(1)), int(m.group(2))) for m in found if m)


def create(cursor: Any, month: tuple[int, int]) -> bool:
    """Create one month's partition; rows of that month already in DEFAULT move into it."""
    table = name(month)
    start, end = bounds(month)
    cursor.execute("SELECT to_regclass(%s)", [table])
    if cursor.fetchone()[0] is not None:
        return False
    # PostgreSQL refuses a partition whose range the DEFAULT partition already holds rows
    # of: build it beside the parent, move those rows, then attach it.
    cursor.execute(f"CREATE TABLE {table} (LIKE {RAW_TABLE} INCLUDING DEFAULTS)")
    cursor.execute(
        f"WITH moved AS (DELETE FROM {DEFAULT} WHERE ts >= %s AND ts < %s RETURNING *) "
        f"INSERT INTO {table} SELECT * FROM moved",
        [start, end],
    )
    cursor.execute(
        f"ALTER TABLE {RAW_TABLE} ATTACH PARTITION {table} FOR VALUES FROM ({start}) TO ({end})"
    )
    return True


def ensure_ahead(cursor: Any, now_ms: int, ahead: int = MONTHS_AHEAD) -> list[str]:
    """This month's partition and the next ``ahead``; returns the names created."""
    if not is_partitioned(cursor):
        return []
    cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_KEY])
    this = month_of(now_ms)
    wanted = [shift(this, n) for n in range(ahead + 1)]
    return [name(m) for m in wanted if create(cursor, m)]


def drop_before(cursor: Any, cutoff_ms: int) -> list[str]:
    """Drop every monthly partition whose whole month lies before ``cutoff_ms``."""
    if not is_partitioned(cursor):
        return []
    cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_KEY])
    dropped = []
    for month in months(cursor):
        if bounds(month)[1] <= cutoff_ms:
            cursor.execute(f"DROP TABLE {name(month)}")
            dropped.append(name(month))
    return dropped


def convert(cursor: Any, now_ms: int) -> None:
    """Turn the plain raw table (migration 0001) into the partitioned one, keeping rows."""
    if is_partitioned(cursor):
        return
    plain = f"{RAW_TABLE}_plain"
    cursor.execute(f"ALTER TABLE {RAW_TABLE} RENAME TO {plain}")
    cursor.execute(f"ALTER INDEX {RAW_TABLE}_pkey RENAME TO {plain}_pkey")
    cursor.execute(f"DROP INDEX IF EXISTS {BRIN}")
    cursor.execute(
        f"CREATE TABLE {RAW_TABLE} (sensor_id BIGINT NOT NULL, ts BIGINT NOT NULL, "
        "value DOUBLE PRECISION NOT NULL, PRIMARY KEY (sensor_id, ts)) PARTITION BY RANGE (ts)"
    )
    cursor.execute(f"CREATE TABLE {DEFAULT} PARTITION OF {RAW_TABLE} DEFAULT")
    cursor.execute(f"CREATE INDEX {BRIN} ON {RAW_TABLE} USING brin (ts)")
    cursor.execute(f"SELECT min(ts) FROM {plain}")
    oldest = cursor.fetchone()[0]
    this = month_of(now_ms)
    first = max(month_of(oldest), shift(this, -MONTHS_BACK)) if oldest is not None else this
    month = min(first, this)
    while month <= shift(this, MONTHS_AHEAD):
        create(cursor, month)
        month = shift(month, 1)
    cursor.execute(f"INSERT INTO {RAW_TABLE} SELECT sensor_id, ts, value FROM {plain}")
    cursor.execute(f"DROP TABLE {plain}")


def unconvert(cursor: Any) -> None:
    """Back to one plain table (reversing the migration), keeping rows."""
    if not is_partitioned(cursor):
        return
    plain = f"{RAW_TABLE}_plain"
    cursor.execute(
        f"CREATE TABLE {plain} (sensor_id BIGINT NOT NULL, ts BIGINT NOT NULL, "
        "value DOUBLE PRECISION NOT NULL, PRIMARY KEY (sensor_id, ts))"
    )
    cursor.execute(f"INSERT INTO {plain} SELECT sensor_id, ts, value FROM {RAW_TABLE}")
    cursor.execute(f"DROP TABLE {RAW_TABLE}")
    cursor.execute(f"ALTER TABLE {plain} RENAME TO {RAW_TABLE}")
    cursor.execute(f"ALTER INDEX {plain}_pkey RENAME TO {RAW_TABLE}_pkey")
    cursor.execute(f"CREATE INDEX {BRIN} ON {RAW_TABLE} USING brin (ts)")
