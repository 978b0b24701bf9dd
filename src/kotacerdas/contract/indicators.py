"""How an app's KPI feeds an indicator of the smart-city maturity evaluation (monev).

The maturity index scores regions from what the apps actually do. An app declares, once,
which of its KPIs can feed an indicator and how a KPI value maps to a score from 0 to 100
(``IndicatorFeed``); the evaluation template names the feed by its ``key``
(``"<app key>:<name>"``), and the platform computes the score from the region's current KPI
with the app's own context. The app never knows the template, its weights or the year.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kotacerdas.contract.app import KPI


def percent(kpi: KPI) -> float | None:
    """A share already in per cent (0–100) is its own score; no value, no score."""
    if kpi.value is None:
        return None
    return max(0.0, min(100.0, float(kpi.value)))


def share(kpi: KPI) -> float | None:
    """A count out of ``kpi.of`` (markets reporting of all markets) as a percentage."""
    if kpi.value is None or not kpi.of:
        return None
    return max(0.0, min(100.0, 100.0 * float(kpi.value) / float(kpi.of)))


@dataclass(frozen=True)
class IndicatorFeed:
    """``kpi`` is the key of one of the app's KPIs; ``score`` maps that KPI (its value, and
    its unit or previous value where the app needs them) to 0–100, or ``None`` for no data.

    ``title`` names the indicator the feed suits in both languages (shown beside the score
    with its source figure); ``period`` says what the KPI measures over (``"bulan ini"`` …).
    """

    key: str
    kpi: str
    title: dict[str, str]
    period: dict[str, str]
    score: Callable[[KPI], float | None] = percent
