"""Reads for the evaluation's pages: they read stored ``Score`` rows, never the apps."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from kotacerdas.core.models import Region
from kotacerdas.core.tenancy import Scope
from kotacerdas.dimensions import DIMENSIONS
from kotacerdas.maturity import spbe
from kotacerdas.maturity.models import EvaluationTemplate, Indicator, Score, ScoreLevel


@dataclass
class RegionRow:
    region: Region
    index: float | None
    dimensions: list[float | None]
    weakest: list[tuple[Indicator, float]] = field(default_factory=list)
    trend: list[tuple[int, float | None]] = field(default_factory=list)
    rank: int = 0


# The index bands of the heat table and the map: (class, lower bound, upper bound).
BANDS = (("b0", 0, 20), ("b1", 20, 40), ("b2", 40, 60), ("b3", 60, 80), ("b4", 80, 100))


def band(value: float | None) -> str:
    """A heat-table class: five bands of 20 points."""
    if value is None:
        return "none"
    return f"b{min(4, int(value // 20))}"


def province_rows(
    regions: list[Region], template: EvaluationTemplate, templates: list[EvaluationTemplate]
) -> list[RegionRow]:
    """Every region side by side: index, dimensions, the two weakest indicators, the trend.
    Four queries whatever the number of regions."""
    public = Scope.public()
    ids = [r.pk for r in regions]
    # Only the levels the table shows: the SPBE rows, sub-dimensions and aspects (most of a
    # region's rows) stay in the database.
    shown = [ScoreLevel.INDICATOR, ScoreLevel.DIMENSION, ScoreLevel.INDEX]
    scores = Score.objects.scoped(public).filter(
        region_id__in=ids, template=template, level__in=shown
    )
    by_region: dict[int, dict[tuple[str, str], float | None]] = defaultdict(dict)
    for region_id, level, key, value in scores.values_list("region_id", "level", "key", "value"):
        by_region[region_id][(level, key)] = value
    indicators = {i.code: i for i in Indicator.objects.filter(template=template)}
    history: dict[int, dict[int, float | None]] = defaultdict(dict)
    years = {t.pk: t.year for t in templates}
    for region_id, template_id, value in (
        Score.objects.scoped(public)
        .filter(region_id__in=ids, level=ScoreLevel.INDEX, template_id__in=list(years))
        .values_list("region_id", "template_id", "value")
    ):
        history[region_id][years[template_id]] = value
    rows = []
    for region in regions:
        mine = by_region.get(region.pk, {})
        weakest = sorted(
            (
                (indicators[key], value or 0.0)
                for (level, key), value in mine.items()
                if level == ScoreLevel.INDICATOR and key in indicators
            ),
            key=lambda pair: (pair[1], pair[0].code),
        )[:2]
        rows.append(
            RegionRow(
                region,
                mine.get((ScoreLevel.INDEX, "index")),
                [mine.get((ScoreLevel.DIMENSION, d.key)) for d in DIMENSIONS],
                weakest,
                [
                    (t.year, history[region.pk].get(t.year))
                    for t in sorted(templates, key=lambda t: t.year)
                ],
            )
        )
    ranked = sorted(rows, key=lambda r: (-(r.index if r.index is not None else -1), r.region.name))
    for i, row in enumerate(ranked, 1):
        row.rank = i
    return ranked


def region_scores(region: Region, template: EvaluationTemplate) -> dict[tuple[str, str], Score]:
    rows = Score.objects.scoped(Scope.public()).filter(region=region, template=template)
    return {(s.level, s.key): s for s in rows}


@dataclass
class SpbeRow:
    """A region's SPBE index (0–5), its four domains' indices and the predicate."""

    region: Region
    index: float | None
    domains: list[float | None]
    predicate: tuple[str, str]
    rank: int = 0


def spbe_rows(regions: list[Region], template: EvaluationTemplate) -> list[SpbeRow]:
    """Every region's SPBE figures side by side, best first: one query."""
    ids = [r.pk for r in regions]
    found: dict[int, dict[tuple[str, str], float | None]] = defaultdict(dict)
    for region_id, level, key, value in (
        Score.objects.scoped(Scope.public())
        .filter(
            region_id__in=ids,
            template=template,
            level__in=[ScoreLevel.SPBE_DOMAIN, ScoreLevel.SPBE_INDEX],
        )
        .values_list("region_id", "level", "key", "value")
    ):
        found[region_id][(level, key)] = value
    rows = []
    for region in regions:
        mine = found.get(region.pk, {})
        index = mine.get((ScoreLevel.SPBE_INDEX, "index"))
        rows.append(
            SpbeRow(
                region,
                index,
                [mine.get((ScoreLevel.SPBE_DOMAIN, d.key)) for d in spbe.DOMAINS],
                spbe.predicate(index),
            )
        )
    rows.sort(key=lambda r: (-(r.index if r.index is not None else -1), r.region.name))
    for i, row in enumerate(rows, 1):
        row.rank = i
    return rows
