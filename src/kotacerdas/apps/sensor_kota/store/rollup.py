"""Folding new readings into (count, min, max, sum, last) per sensor and time bucket."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

MINUTE, HOUR, DAY = 60_000, 3_600_000, 86_400_000
WIDTHS = {"minute": MINUTE, "hour": HOUR, "day": DAY}

# [n, vmin, vmax, vsum, vlast, last_ts]
Cell = list[float]
Buckets = dict[tuple[int, int], Cell]


def by_minute(rows: Iterable[tuple[int, int, float]]) -> Buckets:
    """Aggregate raw rows; the loop is the ingest hot path, so it stays flat."""
    out: Buckets = {}
    get = out.get
    for sid, ts, v in rows:
        key = (sid, ts - ts % MINUTE)
        c = get(key)
        if c is None:
            out[key] = [1, v, v, v, v, ts]
            continue
        c[0] += 1
        if v < c[1]:
            c[1] = v
        if v > c[2]:
            c[2] = v
        c[3] += v
        if ts >= c[5]:
            c[4] = v
            c[5] = ts
    return out


def coarsen(cells: Buckets, width: int) -> Buckets:
    """Merge finer buckets into ``width``-wide ones (minute → hour → day)."""
    out: Buckets = {}
    for (sid, bucket), c in cells.items():
        key = (sid, bucket - bucket % width)
        o = out.get(key)
        if o is None:
            out[key] = list(c)
            continue
        o[0] += c[0]
        o[1] = min(o[1], c[1])
        o[2] = max(o[2], c[2])
        o[3] += c[3]
        if c[5] >= o[5]:
            o[4], o[5] = c[4], c[5]
    return out


def as_params(cells: Buckets) -> list[tuple[float, ...]]:
    return [(sid, bucket, *c) for (sid, bucket), c in cells.items()]


@dataclass(frozen=True)
class Folded:
    """A batch's minute, hour and day cells as upsert parameters, in key order.

    Folded before the write transaction opens (assuming every row is new, the common case),
    so the time a writer holds the database is only the inserts themselves.
    """

    minute: list[tuple[float, ...]]
    hour: list[tuple[float, ...]]
    day: list[tuple[float, ...]]

    @classmethod
    def of(cls, rows: Iterable[tuple[int, int, float]]) -> Folded:
        minute = by_minute(rows)
        hour = coarsen(minute, HOUR)
        day = coarsen(hour, DAY)
        return cls(as_params(minute), as_params(hour), as_params(day))

    def tables(self) -> Iterator[tuple[str, list[tuple[float, ...]]]]:
        yield "minute", self.minute
        yield "hour", self.hour
        yield "day", self.day
