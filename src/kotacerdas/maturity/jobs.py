"""The evaluation's periodic job: every region's scores for this year, recomputed hourly.

The province's view, the reports and the exports read stored ``Score`` rows; without this
job a region's automatic indicators moved only when someone opened its page. Only this
year's template is recomputed: today's KPIs say nothing about a past year, whose scores
stay as they were last computed (the history).
"""

from __future__ import annotations

from django.utils import timezone

from kotacerdas.contract import PeriodicJob
from kotacerdas.core.models import Region
from kotacerdas.maturity.compute import recompute
from kotacerdas.maturity.models import EvaluationTemplate

RECOMPUTE_EVERY = 3600  # seconds


def recompute_region(region: Region) -> None:
    """This year's scores of one region (the runner calls it for every region, each in
    its own transaction); nothing when there is no template for this year."""
    template = EvaluationTemplate.objects.filter(year=timezone.localdate().year).first()
    if template is not None:
        recompute(region, template)


RECOMPUTE = PeriodicJob("recompute", RECOMPUTE_EVERY, recompute_region)
