"""Flood status of a water-level station from its thresholds (cm), per the region's scheme."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from kotacerdas.apps.sensor_kota.config import SensorKotaConfig
from kotacerdas.contract import Severity


@dataclass(frozen=True)
class FloodLevel:
    key: str
    label: str
    colour: str
    severity: Severity
    rank: int  # 0 = calm; higher is worse


def levels(config: SensorKotaConfig) -> list[FloodLevel]:
    return [
        FloodLevel(r.key, r.label, r.colour, r.severity, i)
        for i, r in enumerate(config.flood_levels)
    ]


def flood_level(
    level_cm: float, config: SensorKotaConfig, own: Mapping[str, float] | None = None
) -> FloodLevel:
    """The worst level whose threshold the water has reached; the first level has none.
    ``own`` is the station's thresholds (empty: the region's defaults)."""
    scheme = levels(config)
    limits = config.thresholds_for(own)
    current = scheme[0]
    for level in scheme[1:]:
        limit = limits.get(level.key)
        if limit is not None and level_cm >= limit:
            current = level
    return current


def level_by_key(config: SensorKotaConfig, key: str) -> FloodLevel | None:
    return next((lvl for lvl in levels(config) if lvl.key == key), None)


def thresholds(config: SensorKotaConfig, own: Mapping[str, float] | None) -> list[dict[str, Any]]:
    """The lines a water-level chart draws: each level after the calm one with its
    threshold (cm), label and colour, lowest first; levels without a threshold left out."""
    limits = config.thresholds_for(own)
    lines = [
        {"key": lvl.key, "label": lvl.label, "colour": lvl.colour, "cm": float(limits[lvl.key])}
        for lvl in levels(config)[1:]
        if lvl.key in limits
    ]
    return sorted(lines, key=lambda line: line["cm"])
