"""PostgreSQL write path: rows ``COPY``'d straight into the readings table, rollups folded in
Python and upserted once per bucket, all in the caller's transaction.

Fast path (every row new, the common case): one ``COPY`` into the raw table inside a
savepoint — the same work as the bench's raw ceiling — then one ``unnest`` upsert per rollup
table. A batch holding a stored key (a retry) makes the ``COPY`` fail on the primary key;
the savepoint is rolled back and the batch goes through a temporary staging table and
``INSERT … ON CONFLICT DO NOTHING RETURNING``, so only the rows that were really new are
folded into the rollups and a retried reading never counts twice.
"""

# Table names below are module constants, never input; every value is a bound parameter.
# ruff: noqa: S608

from __future__ import annotations

from typing import Any

from django.db import transaction
from psycopg import errors

from kotacerdas.apps.sensor_kota.store.rollup import Folded
from kotacerdas.apps.sensor_kota.store.schema import RAW_TABLE, ROLLUP_TABLES

Row = tuple[int, int, float]
STAGE = "sensor_kota_stage"
COLUMNS = "sensor_id, bucket, n, vmin, vmax, vsum, vlast, last_ts"
UPSERT = (
    "INSERT INTO {t} (" + COLUMNS + ") "
    "SELECT * FROM unnest(%s::int8[], %s::int8[], %s::int8[], %s::float8[], %s::float8[], "
    "%s::float8[], %s::float8[], %s::int8[]) "
    "ON CONFLICT (sensor_id, bucket) DO UPDATE SET "
    "n = {t}.n + excluded.n, vmin = least({t}.vmin, excluded.vmin), "
    "vmax = greatest({t}.vmax, excluded.vmax), vsum = {t}.vsum + excluded.vsum, "
    "vlast = CASE WHEN excluded.last_ts >= {t}.last_ts THEN excluded.vlast ELSE {t}.vlast END, "
    "last_ts = greatest({t}.last_ts, excluded.last_ts)"
)


def write(cursor: Any, rows: list[Row], folded: Folded) -> list[Row]:
    """Store sorted ``rows`` whose all-new rollups are ``folded``; returns the new rows."""
    try:
        with transaction.atomic():
            _copy(cursor, f"COPY {RAW_TABLE} (sensor_id, ts, value) FROM STDIN", rows)
    except errors.UniqueViolation:
        rows = _unseen(cursor, rows)
        folded = Folded.of(rows)
    _upsert(cursor, folded)
    return rows


def _copy(cursor: Any, statement: str, rows: list[Row]) -> None:
    with cursor.copy(statement) as copy:
        write_row = copy.write_row
        for row in rows:
            write_row(row)


def _unseen(cursor: Any, rows: list[Row]) -> list[Row]:
    """Insert the rows not stored yet through a staging table; returns exactly those."""
    cursor.execute(
        f"CREATE TEMP TABLE IF NOT EXISTS {STAGE} (sensor_id BIGINT, ts BIGINT, "
        "value DOUBLE PRECISION) ON COMMIT DELETE ROWS"
    )
    cursor.execute(f"TRUNCATE {STAGE}")
    _copy(cursor, f"COPY {STAGE} (sensor_id, ts, value) FROM STDIN", rows)
    # A key repeated inside the batch conflicts with its own first copy and is skipped.
    cursor.execute(
        f"INSERT INTO {RAW_TABLE} (sensor_id, ts, value) SELECT sensor_id, ts, value "
        f"FROM {STAGE} ON CONFLICT (sensor_id, ts) DO NOTHING RETURNING sensor_id, ts, value"
    )
    fresh: list[Row] = cursor.fetchall()
    fresh.sort()
    return fresh


def _upsert(cursor: Any, folded: Folded) -> None:
    # Buckets go in key order, so concurrent writers lock rollup rows in the same order
    # and wait for each other instead of deadlocking.
    for name, cells in folded.tables():
        if cells:
            cursor.execute(
                UPSERT.format(t=ROLLUP_TABLES[name]), [list(c) for c in zip(*cells, strict=True)]
            )
