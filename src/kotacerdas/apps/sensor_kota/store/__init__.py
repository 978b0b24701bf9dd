"""The readings store: the one narrow interface apps and the situation room use.

    write_batch([(sensor_id, ts_ms, value), ...])  -> WriteResult
    series([sensor_id], start_ms, end_ms, resolution, agg) -> {sensor_id: [(ts_ms, value)]}
    latest([sensor_id]) -> {sensor_id: (ts_ms, value)}

Timestamps are epoch milliseconds (UTC). The engine underneath (SQLite tables, PostgreSQL
COPY + upserts today; a columnar engine or partitions later) can change behind these calls.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from operator import itemgetter

from django.db import connection, transaction

from kotacerdas.apps.sensor_kota.store import partitions, postgres, sqlite
from kotacerdas.apps.sensor_kota.store.reads import (
    AGGREGATES,
    RESOLUTIONS,
    latest,
    pick_resolution,
    prune_raw,
    series,
    window_mean,
)
from kotacerdas.apps.sensor_kota.store.rollup import Folded
from kotacerdas.core.writeturn import write_turn

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
    # Key order turns random B-tree inserts into appends at each sensor's end and makes
    # concurrent writers take rollup row locks in the same order.
    ordered = sorted(rows)
    folded = Folded.of(ordered)
    with write_turn(), transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            fresh = postgres.write(cursor, ordered, folded)
        else:
            fresh = sqlite.write(cursor, ordered, folded)
    return WriteResult(len(rows), dict(Counter(map(itemgetter(0), fresh))))


def prepare_ahead(now_ms: int) -> list[str]:
    """Storage made ready before data arrives (PostgreSQL: the coming months' partitions)."""
    if connection.vendor != "postgresql":
        return []
    with transaction.atomic(), connection.cursor() as cursor:
        return partitions.ensure_ahead(cursor, now_ms)


def drop_raw_before(cutoff_ms: int) -> list[str]:
    """Drop raw storage wholly older than ``cutoff_ms`` at once (PostgreSQL: whole monthly
    partitions); ``prune_raw`` still trims the rest row by row. Rollups are kept."""
    if connection.vendor != "postgresql":
        return []
    with transaction.atomic(), connection.cursor() as cursor:
        return partitions.drop_before(cursor, cutoff_ms)


__all__ = [
    "AGGREGATES",
    "RESOLUTIONS",
    "WriteResult",
    "drop_raw_before",
    "latest",
    "pick_resolution",
    "prepare_ahead",
    "prune_raw",
    "series",
    "window_mean",
    "write_batch",
    "write_turn",
]
