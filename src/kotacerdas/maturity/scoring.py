"""The arithmetic of the maturity index, kept pure so a test can check it by hand.

Every indicator's figure becomes a score from 0 to 100: a 0–100 figure is its own score,
a level 1–5 scores ``level × 20`` (Rintisan 20 … Optimum 100). Then, with each indicator's
weight:

- a sub-dimension's, a dimension's and an aspect's score is the weighted mean of the scores
  of its indicators;
- the Indeks Pencapaian is the sum over the five aspects of ``aspect weight × aspect
  score`` / 100, the aspect weights set per year (10/20/30/30/10 one year, 10/20/30/20/20
  another). An aspect without indicators in the template gives its weight to the others
  in proportion, so the index stays on the 0–100 scale.

An indicator without a figure (nothing entered, the feeding app not run by the region)
scores 0: the index shows what the region does, and the views name what is missing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

ASPECTS = ("baseline", "output", "outcome", "impact", "quick_win")


def level_score(level: float) -> float:
    """A capability level 1–5 on the 0–100 scale."""
    return max(0.0, min(100.0, float(level) * 20.0))


def percent_score(value: float) -> float:
    return max(0.0, min(100.0, float(value)))


@dataclass(frozen=True)
class Scored:
    """One indicator's inputs to the rollup: ``score`` is 0–100, ``None`` when missing."""

    code: str
    dimension: str
    sub_element: str
    aspect: str
    weight: float
    score: float | None


@dataclass
class Rollup:
    indicators: dict[str, float] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    sub_elements: dict[str, float] = field(default_factory=dict)  # "governance/public-services"
    dimensions: dict[str, float] = field(default_factory=dict)
    aspects: dict[str, float] = field(default_factory=dict)
    index: float = 0.0


def _weighted_mean(pairs: list[tuple[float, float]]) -> float:
    total = sum(w for w, _ in pairs)
    if total <= 0:
        return 0.0
    return sum(w * s for w, s in pairs) / total


def check_aspect_weights(weights: Mapping[str, float]) -> str | None:
    """``None`` when the weights are the five aspects, each 0–100, summing to 100; else why not."""
    if set(weights) != set(ASPECTS):
        return "the weights must name exactly the five aspects: " + ", ".join(ASPECTS)
    for key in ASPECTS:
        value = weights[key]
        if isinstance(value, bool) or not isinstance(value, int | float):
            return f"the weight of {key} must be a number"
        if not 0 <= value <= 100:
            return f"the weight of {key} must be between 0 and 100"
    if abs(sum(float(weights[k]) for k in ASPECTS) - 100.0) > 1e-6:
        return "the five weights must add up to 100"
    return None


def roll_up(indicators: Iterable[Scored], aspect_weights: Mapping[str, float]) -> Rollup:
    result = Rollup()
    by_sub: dict[str, list[tuple[float, float]]] = defaultdict(list)
    by_dim: dict[str, list[tuple[float, float]]] = defaultdict(list)
    by_aspect: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for ind in indicators:
        score = 0.0 if ind.score is None else ind.score
        if ind.score is None:
            result.missing.append(ind.code)
        result.indicators[ind.code] = score
        pair = (ind.weight, score)
        by_sub[f"{ind.dimension}/{ind.sub_element}"].append(pair)
        by_dim[ind.dimension].append(pair)
        by_aspect[ind.aspect].append(pair)
    result.sub_elements = {k: _weighted_mean(v) for k, v in by_sub.items()}
    result.dimensions = {k: _weighted_mean(v) for k, v in by_dim.items()}
    result.aspects = {k: _weighted_mean(v) for k, v in by_aspect.items()}
    present = [a for a in ASPECTS if a in by_aspect]
    weight_sum = sum(float(aspect_weights.get(a, 0)) for a in present)
    if weight_sum > 0:
        result.index = (
            sum(float(aspect_weights.get(a, 0)) * result.aspects[a] for a in present) / weight_sum
        )
    return result


# -- the SPBE evaluation (PermenPANRB 59/2020) ----------------------------------------------


@dataclass(frozen=True)
class Level:
    """One SPBE indicator's input: its weight (per cent of the index) and level 1–5,
    ``None`` when not assessed yet (nothing approved)."""

    code: str
    domain: str
    aspect: str
    weight: float
    level: float | None


@dataclass
class SpbeRollup:
    indicators: dict[str, float] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    aspects: dict[str, float] = field(default_factory=dict)
    domains: dict[str, float] = field(default_factory=dict)
    index: float = 0.0


def spbe_roll_up(indicators: Iterable[Level]) -> SpbeRollup:
    """The regulation's arithmetic, on the 0–5 scale of the levels: an aspect's and a
    domain's index are the weighted mean of their indicators' levels, the SPBE index the
    weighted mean of all (``Σ weight × level / Σ weight``; with the regulation's weights,
    which add up to 100, that is ``Σ weight × level / 100``). An indicator not assessed
    counts as 0, as in the monev: the page names it."""
    result = SpbeRollup()
    by_aspect: dict[str, list[tuple[float, float]]] = defaultdict(list)
    by_domain: dict[str, list[tuple[float, float]]] = defaultdict(list)
    everything: list[tuple[float, float]] = []
    for ind in indicators:
        level = 0.0 if ind.level is None else max(0.0, min(5.0, float(ind.level)))
        if ind.level is None:
            result.missing.append(ind.code)
        result.indicators[ind.code] = level
        pair = (ind.weight, level)
        by_aspect[ind.aspect].append(pair)
        by_domain[ind.domain].append(pair)
        everything.append(pair)
    result.aspects = {k: _weighted_mean(v) for k, v in by_aspect.items()}
    result.domains = {k: _weighted_mean(v) for k, v in by_domain.items()}
    result.index = _weighted_mean(everything)
    return result
