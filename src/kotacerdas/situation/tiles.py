"""KPI tiles: one app KPI, its trend against the previous period, and where it is filed."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kotacerdas.contract import KPI

STATES = ("good", "warning", "bad", "neutral")
# Worst first: a heat-table cell takes the colour of its worst KPI.
SEVERITY_ORDER = {"bad": 0, "warning": 1, "good": 2, "neutral": 3}


@dataclass(frozen=True)
class Tile:
    app_key: str
    app_name: dict[str, str]
    kpi: KPI
    dimension: str

    @property
    def state(self) -> str:
        # An app may hand over any string; the page only knows four colours.
        return self.kpi.state if self.kpi.state in STATES else "neutral"

    @property
    def delta(self) -> float | None:
        value, previous = self.kpi.value, self.kpi.previous
        if value is None or previous is None:
            return None
        return float(value) - float(previous)

    @property
    def trend(self) -> str:
        """ "up", "down", "flat", or "" when there is no previous period to compare with."""
        delta = self.delta
        if delta is None:
            return ""
        return "up" if delta > 0 else "down" if delta < 0 else "flat"

    @property
    def delta_percent(self) -> float | None:
        previous = self.kpi.previous
        if self.delta is None or not previous:
            return None
        return self.delta / abs(float(previous)) * 100

    @property
    def dom_id(self) -> str:
        # KPI keys may carry configured names ("overdue.category.Jalan rusak"): an id holds
        # no spaces.
        return "tile-" + re.sub(r"[^A-Za-z0-9_.:-]+", "-", f"{self.app_key}-{self.kpi.key}")


def worst_state(tiles: list[Tile]) -> str:
    if not tiles:
        return "neutral"
    return min((t.state for t in tiles), key=lambda s: SEVERITY_ORDER[s])
