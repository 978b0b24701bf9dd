"""InfluxDB line protocol → store rows.

    measurement[,tag=value...] field=value[,field=value...] [timestamp]

Mapping to sensors (docs/apps/sensor-kota.md): the measurement is free text (``air``,
``river``); a ``sensor=<code>`` tag sends field ``value`` to that sensor; otherwise a
``station=<code>`` tag sends each field named after a quantity (``pm25``, ``water_level``)
to that station's sensor of that quantity. Any other tags are ignored.
"""

from __future__ import annotations

import math
import re

from kotacerdas.apps.sensor_kota.ingest.directory import Directory, SensorRef
from kotacerdas.apps.sensor_kota.ingest.errors import BatchRejected, Problem
from kotacerdas.apps.sensor_kota.ingest.validate import MAX_PROBLEMS, Window

PRECISION_TO_MS = {"ns": 1e-6, "us": 1e-3, "ms": 1.0, "s": 1000.0}
Row = tuple[int, int, float]
# InfluxDB's integers are 64-bit: int64 fields ("i") and timestamps, uint64 fields ("u").
INT64 = (-(2**63), 2**63 - 1)
UINT64 = (0, 2**64 - 1)
INTEGER = re.compile(r"-?[0-9]{1,20}")  # ASCII digits; longer ones are outside 64 bits anyway


class LineError(ValueError):
    """A bad line; ``field`` names the part (a field's key, ``timestamp``, or ``line``)."""

    def __init__(self, message: str, field: str = "line") -> None:
        super().__init__(message)
        self.field = field


def _integer(raw: str, bounds: tuple[int, int], what: str) -> int:
    if not INTEGER.fullmatch(raw) or not bounds[0] <= int(raw) <= bounds[1]:
        shown = raw if len(raw) <= 24 else f"{raw[:20]}… ({len(raw)} characters)"
        raise ValueError(f"{what} {shown} is not an integer from {bounds[0]} to {bounds[1]}")
    return int(raw)


def _split(text: str, sep: str) -> list[str]:
    """Split on ``sep`` outside double quotes and not escaped by a backslash."""
    if "\\" not in text and '"' not in text:
        return text.split(sep)
    parts, current, quoted, i = [], [], False, 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            current.append(text[i : i + 2])
            i += 2
            continue
        if ch == '"':
            quoted = not quoted
        if ch == sep and not quoted:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
        i += 1
    parts.append("".join(current))
    return parts


def _unescape(text: str) -> str:
    return text.replace("\\ ", " ").replace("\\,", ",").replace("\\=", "=").replace("\\\\", "\\")


def _number(raw: str) -> float:
    if raw.endswith("i"):
        return float(_integer(raw[:-1], INT64, "integer field value"))
    if raw.endswith("u"):
        return float(_integer(raw[:-1], UINT64, "unsigned field value"))
    if raw.startswith('"') or raw in ("t", "f", "T", "F", "true", "false", "True", "False"):
        raise LineError(f"field value {raw[:40]} is not a number")
    value = float(raw)
    if not math.isfinite(value):
        raise LineError(f"field value {raw[:40]} is not finite")
    return value


def parse_line(
    line: str, precision_ms: float, now_ms: int
) -> tuple[dict[str, str], list[tuple[str, float]], int]:
    parts = [p for p in _split(line, " ") if p != ""]
    if len(parts) not in (2, 3):
        raise LineError("expected 'measurement,tags fields [timestamp]'")
    head = _split(parts[0], ",")
    tags: dict[str, str] = {}
    for pair in head[1:]:
        key, eq, value = pair.partition("=")
        if not eq or not key or not value:
            raise LineError(f"bad tag {pair!r}")
        tags[_unescape(key)] = _unescape(value)
    fields: list[tuple[str, float]] = []
    for pair in _split(parts[1], ","):
        key, eq, value = pair.partition("=")
        if not eq or not key or not value:
            raise LineError(f"bad field {pair!r}")
        name = _unescape(key)
        try:
            fields.append((name, _number(value)))
        except LineError as exc:
            raise LineError(f"field {name!r}: {exc}", name) from exc
        except (ValueError, OverflowError) as exc:
            raise LineError(f"field {name!r}: {exc}", name) from exc
    if len(parts) == 3:
        try:
            # Any 20 digits (the time window refuses what is not now); more cannot be time.
            ts = int(_integer(parts[2], (-(10**20), 10**20), "timestamp") * precision_ms)
        except ValueError as exc:
            raise LineError(str(exc), "timestamp") from exc
    else:
        ts = now_ms
    return tags, fields, ts


def rows_from_lines(
    body: str,
    precision: str,
    station_only: int | None,
    sensors: Directory,
    window: Window,
    now_ms: int,
) -> list[Row]:
    scale = PRECISION_TO_MS[precision]
    rows: list[Row] = []
    problems: list[Problem] = []
    for number, line in enumerate(body.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        try:
            tags, fields, ts = parse_line(line, scale, now_ms)
            for name, value in fields:
                ref = _sensor_for(tags, name, sensors, station_only)
                if not ref.low <= value <= ref.high:
                    raise LineError(f"{name}={value} is outside {ref.low}…{ref.high}", name)
                if (why := window.problem(ts)) is not None:
                    raise LineError(why, "timestamp")
                rows.append((ref.id, ts, value))
        except LineError as exc:
            problems.append(Problem(number, exc.field, f"line {number}: {exc}"))
            if len(problems) >= MAX_PROBLEMS:
                break
    if problems:
        raise BatchRejected(problems[0].detail, problems)
    return rows


def _sensor_for(
    tags: dict[str, str], field: str, sensors: Directory, station_only: int | None
) -> SensorRef:
    if "sensor" in tags:
        if field != "value":
            raise LineError(f"with a 'sensor' tag the field must be 'value', not {field!r}")
        ref = sensors.by_key.get(tags["sensor"])
        what = f"sensor {tags['sensor']!r}"
    elif "station" in tags:
        ref = sensors.by_station.get((tags["station"], field))
        what = f"station {tags['station']!r} has no {field!r} sensor"
    else:
        raise LineError("a line needs a 'sensor' or a 'station' tag")
    if ref is None or (station_only is not None and ref.station_id != station_only):
        raise LineError(f"unknown {what} for this key" if "sensor" in tags else what)
    return ref
