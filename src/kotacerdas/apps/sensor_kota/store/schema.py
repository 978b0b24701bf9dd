"""DDL of the readings store, per database engine (run by migration 0001).

SQLite: raw readings in a WITHOUT ROWID table clustered on (sensor_id, ts), so a series read
is one range scan and the primary key is the whole table. PostgreSQL: the same key as a
b-tree (needed for ON CONFLICT) plus a BRIN index on ts, tiny on append-mostly data, for
retention deletes.
"""

from __future__ import annotations

from typing import Any

ROLLUP_TABLES = {
    "minute": "sensor_kota_rollup_minute",
    "hour": "sensor_kota_rollup_hour",
    "day": "sensor_kota_rollup_day",
}
RAW_TABLE = "sensor_kota_reading"


def _ddl(vendor: str) -> list[str]:
    without_rowid = " WITHOUT ROWID" if vendor == "sqlite" else ""
    real = "REAL" if vendor == "sqlite" else "DOUBLE PRECISION"
    statements = [
        f"CREATE TABLE {RAW_TABLE} (sensor_id BIGINT NOT NULL, ts BIGINT NOT NULL, "
        f"value {real} NOT NULL, PRIMARY KEY (sensor_id, ts)){without_rowid}"
    ]
    for table in ROLLUP_TABLES.values():
        statements.append(
            f"CREATE TABLE {table} (sensor_id BIGINT NOT NULL, bucket BIGINT NOT NULL, "
            f"n BIGINT NOT NULL, vmin {real} NOT NULL, vmax {real} NOT NULL, "
            f"vsum {real} NOT NULL, vlast {real} NOT NULL, last_ts BIGINT NOT NULL, "
            f"PRIMARY KEY (sensor_id, bucket)){without_rowid}"
        )
    if vendor == "postgresql":
        statements.append(
            f"CREATE INDEX sensor_kota_reading_ts_brin ON {RAW_TABLE} USING brin (ts)"
        )
    return statements


def create_store(apps: Any, schema_editor: Any) -> None:
    for sql in _ddl(schema_editor.connection.vendor):
        schema_editor.execute(sql)


def drop_store(apps: Any, schema_editor: Any) -> None:
    for table in [RAW_TABLE, *ROLLUP_TABLES.values()]:
        schema_editor.execute(f"DROP TABLE IF EXISTS {table}")
