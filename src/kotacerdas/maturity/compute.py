"""Scores of a region for a year: automatic indicators from the apps' KPIs, manual ones
from approved entries, rolled up by ``scoring`` and stored as ``Score`` rows (the rollup
every view reads). Recomputed whole for one region and year: a few dozen rows."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.db import transaction

from kotacerdas.core.models import Region
from kotacerdas.core.tenancy import Action, Scope
from kotacerdas.maturity.models import (
    Entry,
    EntryState,
    EvaluationTemplate,
    Framework,
    Indicator,
    Scale,
    Score,
    ScoreLevel,
    Source,
)
from kotacerdas.maturity.scoring import (
    Level,
    Rollup,
    Scored,
    level_score,
    percent_score,
    roll_up,
    spbe_roll_up,
)
from kotacerdas.platform.context import ConfigBroken, context_for_installation
from kotacerdas.platform.installations import enabled_apps

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Figure:
    """An automatic indicator's source: the KPI's value and unit, the app's period."""

    score: float | None
    value: float | None
    unit: str
    period: str

    def describe(self, feed: str) -> str:
        value = "–" if self.value is None else f"{self.value:g}"
        return f"{feed}: {value} {self.unit} ({self.period})".strip()


def feed_figures(region: Region) -> dict[str, Figure]:
    """Every indicator feed of the apps the region runs, with its current KPI."""
    figures: dict[str, Figure] = {}
    for app, installation in enabled_apps(region):
        feeds = app.indicator_feeds()
        if not feeds:
            continue
        installation.region = region
        try:
            ctx = context_for_installation(app, installation)
            kpis = {k.key: k for k in app.kpis(ctx)}
        except ConfigBroken:
            continue
        except Exception:  # one app's broken KPI must not stop the evaluation
            log.exception("KPIs of %s in %s failed", app.key, region)
            continue
        for feed in feeds:
            kpi = kpis.get(feed.kpi)
            if kpi is None:
                continue
            value = None if kpi.value is None else float(kpi.value)
            figures[feed.key] = Figure(feed.score(kpi), value, kpi.unit, feed.period["id"])
    return figures


def _entry_score(indicator: Indicator, entry: Entry | None) -> float | None:
    if entry is None or entry.state != EntryState.APPROVED or entry.accepted_value is None:
        return None
    value = float(entry.accepted_value)
    return level_score(value) if indicator.scale == Scale.LEVELS else percent_score(value)


def _spbe_rows(
    region: Region,
    template: EvaluationTemplate,
    indicators: list[Indicator],
    entries: dict[int, Entry],
    figures: dict[str, Figure],
) -> list[Score]:
    """The SPBE rollup as Score rows (0–5): the approved levels; for indicators 42 and 43
    the app's figure rides along as evidence (``figure``, ``source``) without setting it."""
    levels = []
    for ind in indicators:
        entry = entries.get(ind.pk)
        level = None
        if entry is not None and entry.state == EntryState.APPROVED and entry.accepted_value:
            level = float(entry.accepted_value)
        levels.append(Level(ind.code, ind.dimension, ind.sub_element, float(ind.weight), level))
    rollup = spbe_roll_up(levels)
    rows = []
    for ind in indicators:
        figure = figures.get(ind.feed) if ind.feed else None
        rows.append(
            Score(
                region=region,
                template=template,
                level=ScoreLevel.SPBE_INDICATOR,
                key=ind.code,
                value=rollup.indicators[ind.code],
                figure=figure.value if figure else None,
                source=(figure.describe(ind.feed) if figure else ind.feed)[:200],
            )
        )
    for rank, values in (
        (ScoreLevel.SPBE_ASPECT, rollup.aspects),
        (ScoreLevel.SPBE_DOMAIN, rollup.domains),
    ):
        rows += [
            Score(region=region, template=template, level=rank, key=k, value=v)
            for k, v in values.items()
        ]
    if indicators:
        rows.append(
            Score(
                region=region,
                template=template,
                level=ScoreLevel.SPBE_INDEX,
                key="index",
                value=rollup.index,
            )
        )
    return rows


def recompute(region: Region, template: EvaluationTemplate) -> Rollup:
    """Compute and store the region's scores for the template's year: the monev's and the
    SPBE evaluation's."""
    scope = Scope.region_system(region.pk, "maturity scores are recomputed by the platform")
    every = list(template.indicators.all())
    indicators = [i for i in every if i.framework != Framework.SPBE]
    spbe_indicators = [i for i in every if i.framework == Framework.SPBE]
    wanted = any(i.source == Source.AUTO for i in indicators) or any(
        i.feed for i in spbe_indicators
    )
    figures = feed_figures(region) if wanted else {}
    entries = {
        e.indicator_id: e
        for e in Entry.objects.scoped(scope).filter(region=region, indicator__template=template)
    }
    scored: list[Scored] = []
    sources: dict[str, tuple[float | None, str]] = {}
    for ind in indicators:
        if ind.source == Source.AUTO:
            figure = figures.get(ind.feed)
            score = figure.score if figure else None
            sources[ind.code] = (
                figure.value if figure else None,
                figure.describe(ind.feed) if figure else ind.feed,
            )
        else:
            entry = entries.get(ind.pk)
            score = _entry_score(ind, entry)
            value = None if entry is None or entry.accepted_value is None else entry.accepted_value
            sources[ind.code] = (None if value is None else float(value), "")
        scored.append(
            Scored(ind.code, ind.dimension, ind.sub_element, ind.aspect, float(ind.weight), score)
        )
    rollup = roll_up(scored, template.aspect_weights)
    rows = [
        Score(
            region=region,
            template=template,
            level=ScoreLevel.INDICATOR,
            key=code,
            value=value,
            figure=sources[code][0],
            source=sources[code][1][:200],
        )
        for code, value in rollup.indicators.items()
    ]
    for level, values in (
        (ScoreLevel.SUB_ELEMENT, rollup.sub_elements),
        (ScoreLevel.DIMENSION, rollup.dimensions),
        (ScoreLevel.ASPECT, rollup.aspects),
    ):
        rows += [
            Score(region=region, template=template, level=level, key=k, value=v)
            for k, v in values.items()
        ]
    rows.append(
        Score(
            region=region,
            template=template,
            level=ScoreLevel.INDEX,
            key="index",
            value=rollup.index,
        )
    )
    rows += _spbe_rows(region, template, spbe_indicators, entries, figures)
    with transaction.atomic():
        stored = Score.objects.scoped(scope, Action.CHANGE).filter(region=region, template=template)
        stored.delete()
        Score.objects.scoped(scope, Action.CHANGE).bulk_create(rows)
    return rollup
