"""Turning decoded readings into store rows, refusing the batch on the first bad ones.

Policy (docs/apps/sensor-kota.md): a batch is all or nothing. Every bad reading is reported
by index (up to ``MAX_PROBLEMS``) and nothing of the batch is stored, so a sender fixes and
resends the same batch; since (sensor, ts) is idempotent, resending is always safe.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from datetime import datetime
from operator import attrgetter, itemgetter, le
from typing import Any, cast

from kotacerdas.apps.sensor_kota.ingest.directory import Directory, SensorRef
from kotacerdas.apps.sensor_kota.ingest.errors import BatchRejected, Problem

MAX_PROBLEMS = 20
FUTURE_MS = 5 * 60_000  # clocks drift; more than five minutes ahead is a wrong clock
Row = tuple[int, int, float]


def ts_ms(value: Any) -> int:
    """ISO 8601 with an offset, or Unix epoch seconds (int or float), to epoch ms."""
    if type(value) is int or type(value) is float:
        return int(value * 1000)
    if isinstance(value, str):
        parsed = datetime.fromisoformat(value)
        if parsed.tzinfo is None:
            raise ValueError("timestamp needs a zone offset, such as +07:00 or Z")
        return int(parsed.timestamp() * 1000)
    raise ValueError("timestamp must be an ISO 8601 string or epoch seconds")


class Window:
    """The accepted time range: not too far ahead, not older than raw retention."""

    def __init__(self, retention_days: int) -> None:
        now = int(time.time() * 1000)
        self.latest = now + FUTURE_MS
        self.earliest = now - retention_days * 86_400_000

    def problem(self, ms: int) -> str | None:
        if ms > self.latest:
            return "timestamp is more than 5 minutes in the future"
        if ms < self.earliest:
            return "timestamp is older than the raw retention period"
        return None


_fields = itemgetter("sensor", "ts", "value")
_low, _high = attrgetter("low"), attrgetter("high")
_KEY_TYPES = frozenset((int, str))
_NUMBER_TYPES = frozenset((int, float))


def rows_from_items(
    items: list[Any], station_only: int | None, sensors: Directory, window: Window
) -> list[Row]:
    """Validate JSON readings ``{"sensor", "ts", "value"}`` into store rows.

    ``station_only``: a device key's station; its readings may name only that station's
    sensors (``None``: a gateway key, every sensor of the region).

    A clean batch (nearly all of them) passes the columnar check; a batch it does not
    clear goes through the reading-by-reading loop, which names every problem.
    """
    rows = _columnar(items, station_only, sensors, window)
    return rows if rows is not None else _one_by_one(items, station_only, sensors, window)


def _columnar(
    items: list[Any], station_only: int | None, sensors: Directory, window: Window
) -> list[Row] | None:
    """The batch as rows when every reading is good, else None (never a partial answer).

    One pass per column with C-level builtins (itemgetter, map, set of types) instead of a
    branchy Python loop per reading: about three times faster on 10,000 readings.
    """
    if not items:
        return []
    try:
        keys, stamps, values = zip(*map(_fields, items), strict=True)
    except (KeyError, TypeError, IndexError):
        return None  # a reading that is not an object, or misses a field
    if not set(map(type, keys)) <= _KEY_TYPES or not set(map(type, values)) <= _NUMBER_TYPES:
        return None  # bool, float or null sensor keys; non-numbers (bool included) as values
    found = list(map(sensors.by_key.get, keys))
    if not all(found):
        return None
    refs = cast("list[SensorRef]", found)
    if station_only is not None and any(r.station_id != station_only for r in refs):
        return None
    # Bounds compared by C-level map over columns, not a generator frame per reading.
    if not (all(map(le, map(_low, refs), values)) and all(map(le, values, map(_high, refs)))):
        return None
    ms = _stamps(stamps)
    if ms is None or min(ms) < window.earliest or max(ms) > window.latest:
        return None
    return list(zip([r.id for r in refs], ms, map(float, values), strict=True))


def _stamps(stamps: tuple[Any, ...]) -> list[int] | None:
    kinds = set(map(type, stamps))
    try:
        if kinds <= _NUMBER_TYPES:
            return [int(t * 1000) for t in stamps]
        if kinds == {str}:
            # Loggers repeat a few timestamps across their sensors: parse each once.
            parsed = {t: ts_ms(t) for t in set(stamps)}
            return list(map(parsed.__getitem__, stamps))
    except (ValueError, TypeError, OverflowError):
        pass
    return None


def _one_by_one(
    items: Iterable[Any], station_only: int | None, sensors: Directory, window: Window
) -> list[Row]:
    """Validate reading by reading, collecting every problem (the slow, exact path)."""
    rows: list[Row] = []
    append = rows.append
    problems: list[Problem] = []
    lookup = sensors.by_key.get
    ts_cache: dict[Any, int] = {}
    for index, item in enumerate(items):
        try:
            key = item["sensor"]
            raw_ts = item["ts"]
            value = item["value"]
        except (KeyError, TypeError):
            problems.append(_missing(index, item))
            continue
        ref = lookup(key) if type(key) in (int, str) else None
        if ref is None or (station_only is not None and ref.station_id != station_only):
            problems.append(Problem(index, "sensor", f"unknown sensor {key!r} for this key"))
            continue
        if type(value) is not float and type(value) is not int:
            problems.append(Problem(index, "value", "value must be a number"))
            continue
        if not ref.low <= value <= ref.high:
            problems.append(
                Problem(
                    index, "value", f"{value} is outside {ref.low}…{ref.high} for {ref.quantity}"
                )
            )
            continue
        ms = ts_cache.get(raw_ts) if type(raw_ts) is str else None
        if ms is None:
            try:
                ms = ts_ms(raw_ts)
            except (ValueError, TypeError, OverflowError) as exc:
                problems.append(Problem(index, "ts", str(exc)))
                continue
            if type(raw_ts) is str:
                ts_cache[raw_ts] = ms
        if ms > window.latest or ms < window.earliest:
            problems.append(Problem(index, "ts", window.problem(ms) or "bad timestamp"))
            continue
        append((ref.id, ms, float(value)))
    if problems:
        raise BatchRejected(
            f"{len(problems)} bad reading(s); nothing of this batch was stored",
            problems[:MAX_PROBLEMS],
        )
    return rows


def _missing(index: int, item: Any) -> Problem:
    if not isinstance(item, dict):
        return Problem(index, "", "each reading must be an object {sensor, ts, value}")
    for name in ("sensor", "ts", "value"):
        if name not in item:
            return Problem(index, name, f"'{name}' is missing")
    return Problem(index, "", "bad reading")
