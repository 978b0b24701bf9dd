"""The readings store: the one narrow interface apps and the situation room use.

    write_batch([(sensor_id, ts_ms, value), ...])  -> WriteResult
    series([sensor_id], start_ms, end_ms, resolution, agg) -> {sensor_id: [(ts_ms, value)]}
    latest([sensor_id]) -> {sensor_id: (ts_ms, value)}

Timestamps are epoch milliseconds (UTC). The engine underneath (SQLite tables, PostgreSQL
COPY + upserts today; a columnar engine or partitions later) can change behind these calls.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection, transaction

from kotacerdas.apps.sensor_kota.store import postgres, sqlite
from kotacerdas.apps.sensor_kota.store.reads import (
    AGGREGATES,
    RESOLUTIONS,
    latest,
    pick_resolution,
    prune_raw,
    series,
    window_mean,
)

Row = tuple[int, int, float]


@dataclass(frozen=True)
class WriteResult:
    received: int
    # New rows per sensor; a retried batch reports 0 and changes nothing.
    new_by_sensor: dict[int, int]

    @property
    def inserted(self) -> int:
        return sum(self.new_by_sensor.values())

    @property
    def duplicates(self) -> int:
        return self.received - self.inserted


def write_batch(rows: list[Row]) -> WriteResult:
    """Store raw rows and their minute/hour/day rollups in one transaction, idempotently."""
    if not rows:
        return WriteResult(0, {})
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            counts = postgres.write(cursor, rows)
        else:
            counts = {}
            for sid, _ts, _v in sqlite.write(cursor, rows):
                counts[sid] = counts.get(sid, 0) + 1
    return WriteResult(len(rows), counts)


__all__ = [
    "AGGREGATES",
    "RESOLUTIONS",
    "WriteResult",
    "latest",
    "pick_resolution",
    "prune_raw",
    "series",
    "window_mean",
    "write_batch",
]
