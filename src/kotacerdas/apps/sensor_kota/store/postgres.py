"""PostgreSQL write path: COPY into a temporary staging table, then one statement that
inserts the new rows (ON CONFLICT DO NOTHING … RETURNING) and folds exactly those into the
three rollups through data-modifying CTEs, so a retried reading never counts twice.
"""

# Table names below are module constants, never input; every value is a bound parameter.
# ruff: noqa: S608

from __future__ import annotations

from typing import Any

from kotacerdas.apps.sensor_kota.store.schema import RAW_TABLE, ROLLUP_TABLES

Row = tuple[int, int, float]
STAGE = "sensor_kota_stage"


def _rollup_cte(name: str, width: int) -> str:
    table = ROLLUP_TABLES[name]
    return (
        f"{name} AS (INSERT INTO {table} (sensor_id, bucket, n, vmin, vmax, vsum, vlast, last_ts) "
        f"SELECT sensor_id, ts - ts % {width}, count(*), min(value), max(value), sum(value), "
        "(array_agg(value ORDER BY ts DESC))[1], max(ts) FROM new GROUP BY 1, 2 "
        "ON CONFLICT (sensor_id, bucket) DO UPDATE SET "
        f"n = {table}.n + excluded.n, vmin = least({table}.vmin, excluded.vmin), "
        f"vmax = greatest({table}.vmax, excluded.vmax), vsum = {table}.vsum + excluded.vsum, "
        f"vlast = CASE WHEN excluded.last_ts >= {table}.last_ts THEN excluded.vlast "
        f"ELSE {table}.vlast END, last_ts = greatest({table}.last_ts, excluded.last_ts))"
    )


MERGE = (
    f"WITH new AS (INSERT INTO {RAW_TABLE} (sensor_id, ts, value) "
    # No DISTINCT ON: a repeated key inside the batch just conflicts with its first copy.
    f"SELECT sensor_id, ts, value FROM {STAGE} "
    "ON CONFLICT (sensor_id, ts) DO NOTHING RETURNING sensor_id, ts, value), "
    + ", ".join(
        [
            _rollup_cte("minute", 60_000),
            _rollup_cte("hour", 3_600_000),
            _rollup_cte("day", 86_400_000),
        ]
    )
    + " SELECT sensor_id, count(*) FROM new GROUP BY sensor_id"
)


def write(cursor: Any, rows: list[Row]) -> dict[int, int]:
    """Store ``rows``; returns new-row counts per sensor. Runs inside the caller's transaction."""
    cursor.execute(
        f"CREATE TEMP TABLE IF NOT EXISTS {STAGE} (sensor_id BIGINT, ts BIGINT, "
        "value DOUBLE PRECISION) ON COMMIT DELETE ROWS"
    )
    cursor.execute(f"TRUNCATE {STAGE}")
    with cursor.copy(f"COPY {STAGE} (sensor_id, ts, value) FROM STDIN") as copy:
        write_row = copy.write_row
        for row in rows:
            write_row(row)
    cursor.execute(MERGE)
    return dict(cursor.fetchall())
