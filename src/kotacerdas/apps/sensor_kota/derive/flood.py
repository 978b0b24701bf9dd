"""Flood status of a water-level station from its thresholds (cm), per the region's scheme."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kotacerdas.apps.sensor_kota.schema import DEFAULT_THRESHOLDS, FLOOD_LEVELS


@dataclass(frozen=True)
class FloodLevel:
    key: str
    label: str
    colour: str
    severity: str
    rank: int  # 0 = calm; higher is worse


def levels(config: dict[str, Any]) -> list[FloodLevel]:
    rows = config.get("flood_levels") or FLOOD_LEVELS
    return [
        FloodLevel(
            r["key"], r["label"], r.get("colour", "#888888"), r.get("severity", "warning"), i
        )
        for i, r in enumerate(rows)
    ]


def thresholds(config: dict[str, Any], station_code: str) -> dict[str, float]:
    per_station = (config.get("flood_station_thresholds_cm") or {}).get(station_code)
    return dict(per_station or config.get("flood_default_thresholds_cm") or DEFAULT_THRESHOLDS)


def flood_level(level_cm: float, config: dict[str, Any], station_code: str) -> FloodLevel:
    """The worst level whose threshold the water has reached; the first level has none."""
    scheme = levels(config)
    limits = thresholds(config, station_code)
    current = scheme[0]
    for level in scheme[1:]:
        limit = limits.get(level.key)
        if limit is not None and level_cm >= limit:
            current = level
    return current


def level_by_key(config: dict[str, Any], key: str) -> FloodLevel | None:
    return next((lvl for lvl in levels(config) if lvl.key == key), None)
