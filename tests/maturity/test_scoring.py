"""The index arithmetic against a calculation done by hand."""

from __future__ import annotations

import pytest

from kotacerdas.maturity.scoring import (
    Scored,
    check_aspect_weights,
    level_score,
    percent_score,
    roll_up,
)

W1 = {"baseline": 10, "output": 20, "outcome": 30, "impact": 30, "quick_win": 10}
W2 = {"baseline": 10, "output": 20, "outcome": 30, "impact": 20, "quick_win": 20}

# Five indicators, one per aspect, two dimensions:
#   A  governance/public-services  baseline  weight 1  level 3      -> 60
#   B  governance/public-services  output    weight 2  87.5 %       -> 87.5
#   C  governance/public-policy    outcome   weight 1  40 %         -> 40
#   D  living/health               impact    weight 1  level 5      -> 100
#   E  living/health               quick_win weight 1  missing      -> 0
INDICATORS = [
    Scored("A", "governance", "public-services", "baseline", 1, level_score(3)),
    Scored("B", "governance", "public-services", "output", 2, 87.5),
    Scored("C", "governance", "public-policy", "outcome", 1, 40),
    Scored("D", "living", "health", "impact", 1, level_score(5)),
    Scored("E", "living", "health", "quick_win", 1, None),
]


def test_scores_by_hand_with_the_first_years_weights() -> None:
    r = roll_up(INDICATORS, W1)
    assert r.indicators == {"A": 60, "B": 87.5, "C": 40, "D": 100, "E": 0}
    assert r.missing == ["E"]
    # public-services: (1*60 + 2*87.5) / 3 = 235 / 3
    assert r.sub_elements["governance/public-services"] == pytest.approx(235 / 3)
    assert r.sub_elements["governance/public-policy"] == 40
    # governance: (60 + 175 + 40) / 4 = 68.75; living: (100 + 0) / 2 = 50
    assert r.dimensions == {"governance": pytest.approx(68.75), "living": 50}
    # index: 0.1*60 + 0.2*87.5 + 0.3*40 + 0.3*100 + 0.1*0 = 6 + 17.5 + 12 + 30 + 0 = 65.5
    assert r.index == pytest.approx(65.5)


def test_the_other_years_weights_change_the_index_only() -> None:
    r = roll_up(INDICATORS, W2)
    # 6 + 17.5 + 12 + 0.2*100 + 0.2*0 = 55.5
    assert r.index == pytest.approx(55.5)
    assert r.dimensions == roll_up(INDICATORS, W1).dimensions


def test_an_aspect_without_indicators_hands_its_weight_to_the_others() -> None:
    two = [INDICATORS[0], INDICATORS[2]]  # baseline 60 (w 10) and outcome 40 (w 30)
    # (10*60 + 30*40) / 40 = 1800 / 40 = 45
    assert roll_up(two, W1).index == pytest.approx(45)


def test_scales_are_clamped() -> None:
    assert level_score(1) == 20 and level_score(5) == 100 and level_score(9) == 100
    assert percent_score(-5) == 0 and percent_score(140) == 100


@pytest.mark.parametrize(
    "weights",
    [
        {**W1, "impact": 31},  # sums to 101
        {k: v for k, v in W1.items() if k != "impact"},  # an aspect missing
        {**W1, "extra": 0},
        {**W1, "impact": "30"},
        {**W1, "impact": -10, "outcome": 70},
        {**W1, "impact": True},
    ],
)
def test_weights_that_do_not_make_a_whole_are_refused(weights: dict[str, object]) -> None:
    assert check_aspect_weights(weights) is not None  # type: ignore[arg-type]


def test_both_published_splits_are_expressible() -> None:
    assert check_aspect_weights(W1) is None and check_aspect_weights(W2) is None
