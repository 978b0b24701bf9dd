"""ISPU (Permen LHK P.14/2020): sub-index per parameter by linear interpolation inside its
band, the station's ISPU is the highest sub-index, that parameter the critical pollutant.

    I = (Ia − Ib) / (Xa − Xb) × (Xx − Xb) + Ib
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from kotacerdas.apps.sensor_kota.config import BREAKPOINTS, CATEGORIES, ISPU_LEVELS, IspuCategory

_DEFAULT_CATEGORIES = tuple(IspuCategory(**c) for c in CATEGORIES)


@dataclass(frozen=True)
class Category:
    key: str
    label: str
    colour: str


@dataclass(frozen=True)
class Ispu:
    value: int
    critical: str
    category: Category
    sub_indices: dict[str, int]


def sub_index(concentration: float, breakpoints: Sequence[float]) -> float:
    """The sub-index of one concentration; above the top breakpoint it stays at the top."""
    if concentration <= breakpoints[0]:
        return float(ISPU_LEVELS[0])
    for i in range(1, len(breakpoints)):
        xb, xa = breakpoints[i - 1], breakpoints[i]
        if concentration <= xa:
            ib, ia = ISPU_LEVELS[i - 1], ISPU_LEVELS[i]
            return (ia - ib) / (xa - xb) * (concentration - xb) + ib
    return float(ISPU_LEVELS[-1])


def rounded(value: float) -> int:
    # Half up, as published tables read 50.5 as 51 (Sedang), not banker's rounding.
    return int(value + 0.5)


def category(ispu: int, categories: Sequence[IspuCategory] | None = None) -> Category:
    rows = categories or _DEFAULT_CATEGORIES
    for row in rows:
        if ispu <= row.max:
            return Category(row.key, row.label, row.colour)
    last = rows[-1]
    return Category(last.key, last.label, last.colour)


def ispu(
    concentrations: Mapping[str, float],
    breakpoints: Mapping[str, Sequence[float]] | None = None,
    categories: Sequence[IspuCategory] | None = None,
) -> Ispu | None:
    """ISPU from averaged concentrations (µg/m³) per parameter; None without any parameter."""
    table = breakpoints or BREAKPOINTS
    subs = {
        name: rounded(sub_index(value, table[name]))
        for name, value in concentrations.items()
        if name in table
    }
    if not subs:
        return None
    critical = max(subs, key=lambda name: (subs[name], name))
    value = subs[critical]
    return Ispu(value, critical, category(value, categories), subs)
