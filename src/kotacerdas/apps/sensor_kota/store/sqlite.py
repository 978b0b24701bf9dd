"""SQLite write path: ``executemany`` of plain tuples, rollups folded in Python first.

Fast path: ``INSERT OR IGNORE`` the batch inside a savepoint; when every row was new
(``rowcount`` equals the batch size, the common case) all rows count toward the rollups.
Otherwise (a client retrying, duplicates inside the batch) the savepoint is rolled back and
the batch is reduced to the keys not stored yet, so a reading is counted exactly once.

Writers of several server processes queue for the database's write turn (a file lock,
``kotacerdas.core.writeturn``) before they open their transaction: SQLite itself makes a
blocked writer poll with growing sleeps, which left the database idle between batches.
"""

# Table names below are module constants, never input; every value is a bound parameter.
# ruff: noqa: S608

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db import transaction

from kotacerdas.apps.sensor_kota.store.rollup import Folded
from kotacerdas.apps.sensor_kota.store.schema import RAW_TABLE, ROLLUP_TABLES

Row = tuple[int, int, float]
INSERT_RAW = f"INSERT OR IGNORE INTO {RAW_TABLE} (sensor_id, ts, value) VALUES (?, ?, ?)"
UPSERT = (
    "INSERT INTO {t} (sensor_id, bucket, n, vmin, vmax, vsum, vlast, last_ts) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (sensor_id, bucket) DO UPDATE SET "
    "n = n + excluded.n, vmin = min(vmin, excluded.vmin), vmax = max(vmax, excluded.vmax), "
    "vsum = vsum + excluded.vsum, "
    "vlast = CASE WHEN excluded.last_ts >= last_ts THEN excluded.vlast ELSE vlast END, "
    "last_ts = max(last_ts, excluded.last_ts)"
)


class _Overlap(Exception):
    """Some rows were already stored; roll the savepoint back and take the slow path."""


def _raw_cursor(cursor: Any) -> Any:
    # Django's CursorWrapper converts '%s' placeholders per call; the sqlite3 cursor
    # underneath takes '?' directly and skips that per-row work.
    return cursor.cursor


_tuned: set[int] = set()


def _tune(raw: Any) -> None:
    # A bigger page cache per connection keeps the hot end of every sensor's key range in
    # memory (the default 2 MB thrashes once a few hundred sensors write at once).
    conn = raw.connection
    if id(conn) not in _tuned:
        raw.execute("PRAGMA cache_size = -65536")
        _tuned.add(id(conn))


def write(cursor: Any, rows: list[Row], folded: Folded) -> list[Row]:
    """Store sorted ``rows`` whose all-new rollups are ``folded``; returns the new rows."""
    raw = _raw_cursor(cursor)
    _tune(raw)
    try:
        with transaction.atomic():
            raw.executemany(INSERT_RAW, rows)
            if raw.rowcount != len(rows):
                raise _Overlap
    except _Overlap:
        rows = _unseen(raw, rows)
        raw.executemany(INSERT_RAW, rows)
        folded = Folded.of(rows)
    for name, cells in folded.tables():
        raw.executemany(UPSERT.format(t=ROLLUP_TABLES[name]), cells)
    return rows


def _unseen(raw: Any, rows: list[Row]) -> list[Row]:
    """The rows whose (sensor, ts) is not stored yet, first occurrence in the batch kept."""
    spans: dict[int, list[int]] = defaultdict(lambda: [2**62, -(2**62)])
    for sid, ts, _v in rows:
        span = spans[sid]
        span[0] = min(span[0], ts)
        span[1] = max(span[1], ts)
    stored: set[tuple[int, int]] = set()
    for sid, (lo, hi) in spans.items():
        raw.execute(
            f"SELECT sensor_id, ts FROM {RAW_TABLE} WHERE sensor_id = ? AND ts BETWEEN ? AND ?",
            (sid, lo, hi),
        )
        stored.update(raw.fetchall())
    fresh: list[Row] = []
    for row in rows:
        key = (row[0], row[1])
        if key not in stored:
            stored.add(key)
            fresh.append(row)
    return fresh
