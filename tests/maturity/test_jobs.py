"""The hourly recompute: a platform module's job, run by the platform's job runner."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from kotacerdas.core.models import JobLease, Region
from kotacerdas.core.tenancy import Action, Scope
from kotacerdas.maturity import jobs as maturity_jobs
from kotacerdas.maturity.models import EvaluationTemplate, Score, ScoreLevel
from kotacerdas.maturity.seed import seed_template
from kotacerdas.platform import jobs
from tests.conftest import Demo

NAME = "maturity:recompute"


def index_rows(template: EvaluationTemplate) -> dict[str, float | None]:
    rows = Score.objects.scoped(Scope.public()).filter(template=template, level=ScoreLevel.INDEX)
    return dict(rows.values_list("region__slug", "value"))


def forget(template: EvaluationTemplate) -> None:
    Score.objects.scoped(Scope.system("test"), Action.CHANGE).filter(template=template).delete()


@pytest.fixture
def only_the_maturity_job(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The runner sees the registered maturity job alone (not every app's), and each
    region it recomputes is noted."""
    [entry] = [j for j in jobs.registered_jobs() if j.name == NAME]
    monkeypatch.setattr(jobs, "registered_jobs", lambda: [entry])
    seen: list[str] = []
    real = maturity_jobs.recompute

    def noting(region: Region, template: EvaluationTemplate) -> object:
        seen.append(region.slug)
        return real(region, template)

    monkeypatch.setattr(maturity_jobs, "recompute", noting)
    return seen


def test_the_runner_recomputes_every_region_once_per_interval(
    demo: Demo, only_the_maturity_job: list[str]
) -> None:
    template = seed_template(timezone.localdate().year)
    forget(template)
    regions = sorted(Region.objects.values_list("slug", flat=True))
    now = timezone.now()
    [outcome] = jobs.run_due(now)
    assert (outcome.name, outcome.ok) == (NAME, True)
    assert sorted(only_the_maturity_job) == regions
    assert set(index_rows(template)) == set(regions)  # every region has its index again
    assert jobs.run_due(now + dt.timedelta(minutes=59)) == []  # the lease is held for an hour
    assert len(only_the_maturity_job) == len(regions)
    [again] = jobs.run_due(now + dt.timedelta(seconds=maturity_jobs.RECOMPUTE_EVERY + 1))
    assert again.ok and len(only_the_maturity_job) == 2 * len(regions)
    assert JobLease.objects.get(name=NAME).runs == 2


def test_a_past_year_keeps_its_scores(demo: Demo, only_the_maturity_job: list[str]) -> None:
    past = seed_template(timezone.localdate().year - 3)
    current = seed_template(timezone.localdate().year)
    jobs.run_due(timezone.now())
    assert index_rows(past) == {}  # never computed, and the job does not make it up
    assert set(index_rows(current)) == set(Region.objects.values_list("slug", flat=True))


def test_one_regions_failure_is_recorded_and_the_others_run(
    demo: Demo, monkeypatch: pytest.MonkeyPatch, only_the_maturity_job: list[str]
) -> None:
    template = seed_template(timezone.localdate().year)
    forget(template)
    real = maturity_jobs.recompute

    def failing_in_kendal(region: Region, template: EvaluationTemplate) -> object:
        if region.slug == "kendal":
            raise RuntimeError("KPI source down")
        return real(region, template)

    monkeypatch.setattr(maturity_jobs, "recompute", failing_in_kendal)
    [outcome] = jobs.run_due(timezone.now())
    assert not outcome.ok and "kendal: RuntimeError: KPI source down" in outcome.error
    computed = index_rows(template)
    assert "semarang" in computed and "demak" in computed and "kendal" not in computed
