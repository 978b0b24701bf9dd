"""Parsing a time-series request (range, resolution, aggregate) the same way for JSON and CSV."""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass

from kotacerdas.apps.sensor_kota import store
from kotacerdas.apps.sensor_kota.models import Sensor

DEFAULT_SPAN_MS = 86_400_000


class BadQuery(ValueError):
    def __init__(self, field: str, detail: str) -> None:
        super().__init__(f"{field}: {detail}")
        self.field = field


@dataclass(frozen=True)
class SeriesQuery:
    start_ms: int
    end_ms: int
    resolution: str
    agg: str


def _instant(raw: str, field: str) -> int:
    try:
        parsed = dt.datetime.fromisoformat(raw)
    except ValueError:
        raise BadQuery(field, f"{raw!r} is not an ISO 8601 time") from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.timezone(dt.timedelta(hours=7)))  # WIB, as shown
    return int(parsed.timestamp() * 1000)


def parse(params: dict[str, str]) -> SeriesQuery:
    end = _instant(params["end"], "end") if params.get("end") else int(time.time() * 1000)
    start = _instant(params["start"], "start") if params.get("start") else end - DEFAULT_SPAN_MS
    if start >= end:
        raise BadQuery("start", "start must be before end")
    resolution = params.get("resolution") or "auto"
    if resolution not in store.RESOLUTIONS:
        raise BadQuery("resolution", f"one of {', '.join(store.RESOLUTIONS)}")
    if resolution == "raw" and end - start > 7 * DEFAULT_SPAN_MS:
        raise BadQuery("resolution", "raw readings span at most 7 days; use minute or hour")
    agg = params.get("agg") or "mean"
    if agg not in store.AGGREGATES:
        raise BadQuery("agg", f"one of {', '.join(store.AGGREGATES)}")
    if resolution == "auto":
        resolution = store.pick_resolution(start, end)
    return SeriesQuery(start, end, resolution, agg)


def points(sensors: list[Sensor], q: SeriesQuery) -> dict[int, list[tuple[int, float]]]:
    return store.series([s.pk for s in sensors], q.start_ms, q.end_ms, q.resolution, q.agg)
