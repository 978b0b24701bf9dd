"""A tile's trend against the previous period, its colour, and a heat cell's worst state."""

from __future__ import annotations

import pytest

from kotacerdas.contract import KPI
from kotacerdas.situation.tiles import Tile, worst_state


def tile(value: float | None, previous: float | None = None, state: str = "neutral") -> Tile:
    return Tile(
        "x", {"id": "X", "en": "X"}, KPI("k", "K", value, previous=previous, state=state), "living"
    )


@pytest.mark.parametrize(
    ("value", "previous", "trend", "delta", "percent"),
    [
        (12, 10, "up", 2.0, 20.0),
        (8, 10, "down", -2.0, -20.0),
        (10, 10, "flat", 0.0, 0.0),
        (5, 0, "up", 5.0, None),  # no percentage against zero
        (5, None, "", None, None),  # no previous period: no trend at all
        (None, 3, "", None, None),
    ],
)
def test_trend_against_previous_period(
    value: float | None,
    previous: float | None,
    trend: str,
    delta: float | None,
    percent: float | None,
) -> None:
    t = tile(value, previous)
    assert t.trend == trend
    assert t.delta == delta
    assert t.delta_percent == percent


def test_unknown_state_is_shown_neutral() -> None:
    assert tile(1, state="purple").state == "neutral"
    assert tile(1, state="bad").state == "bad"


def test_worst_state_colours_a_heat_cell() -> None:
    assert worst_state([tile(1, state="good"), tile(1, state="bad"), tile(1)]) == "bad"
    assert worst_state([tile(1, state="good"), tile(1, state="warning")]) == "warning"
    assert worst_state([]) == "neutral"
