"""From a citizen's report to the index: Kota Semarang's staff resolve an Aduan Warga report
within its service standard, the hourly recompute runs, and the automatic indicator fed by
the resolved-on-time share (G2) and the Indeks Pencapaian move by what a hand calculation
says. The report goes through the app's own services, as the console does."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from kotacerdas.apps.aduan_warga.contract import window_start
from kotacerdas.apps.aduan_warga.models import Report
from kotacerdas.apps.aduan_warga.services import workflow
from kotacerdas.core.calendar import local_date
from kotacerdas.core.tenancy import Scope
from kotacerdas.maturity import jobs
from kotacerdas.maturity.models import EvaluationTemplate, Indicator, Score
from kotacerdas.maturity.seed import seed_template
from tests.apps.aduan_warga.conftest import ctx_of, new_report, staff_actor
from tests.conftest import Demo

FEED = "aduan-warga:resolved-on-time"


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> Iterator[None]:
    settings.MEDIA_ROOT = tmp_path / "media"
    yield


@pytest.fixture
def template(db: None) -> EvaluationTemplate:
    # This year's: the one the hourly job recomputes.
    return seed_template(timezone.localdate().year)


def stored(demo: Demo, template: EvaluationTemplate, level: str, key: str) -> Score:
    return Score.objects.scoped(Scope.public()).get(
        region=demo.semarang, template=template, level=level, key=key
    )


def on_time_counts(demo: Demo) -> tuple[int, int]:
    """Reports received in the KPI's 90-day window that were resolved, and of them those
    resolved by their service standard, counted from the reports themselves."""
    since = window_start(timezone.now())
    done = on_time = 0
    rows = Report.objects.unscoped("the test recounts the app's KPI").filter(region=demo.semarang)
    for created, resolved, expected in rows.values_list("created_at", "resolved_at", "expected_at"):
        if local_date(created) < since or resolved is None or expected is None:
            continue
        done += 1
        on_time += resolved <= expected
    return done, on_time


def test_resolving_a_report_on_time_moves_the_indicator_and_the_index(
    demo: Demo, template: EvaluationTemplate, django_capture_on_commit_callbacks: Any
) -> None:
    g2 = Indicator.objects.get(template=template, code="G2")
    assert g2.feed == FEED
    jobs.recompute_region(demo.semarang)
    before = stored(demo, template, "indicator", "G2")
    index_before = stored(demo, template, "index", "index").value
    done, on_time = on_time_counts(demo)
    assert before.figure == (round(100 * on_time / done, 1) if done else None)

    report, _token = new_report(demo)
    admin = staff_actor(demo, "admin-semarang")
    dpu = staff_actor(demo, "dpu-semarang")
    with django_capture_on_commit_callbacks(execute=True):
        workflow.verify(admin, report.pk)
        workflow.dispose(admin, report.pk, "dpu")
        workflow.follow_up(dpu, report.pk, "Tim sudah ke lokasi")
        workflow.resolve(dpu, report.pk, "Lubang sudah ditambal")
        workflow.confirm(ctx_of(demo.semarang, "public"), report.pk)
    report.refresh_from_db()
    assert report.resolved_at is not None and report.expected_at is not None
    assert report.resolved_at <= report.expected_at

    # Nothing moves until the scores are recomputed: the pages read stored rollups.
    assert stored(demo, template, "indicator", "G2").figure == before.figure
    jobs.recompute_region(demo.semarang)

    after = stored(demo, template, "indicator", "G2")
    expected_share = round(100 * (on_time + 1) / (done + 1), 1)
    assert after.figure == expected_share
    assert after.value == pytest.approx(expected_share)
    assert FEED in after.source and "90" in after.source
    # By hand: G2 is one of the outcome aspect's indicators (each weight 1); every aspect
    # has indicators, so the index moves by outcome weight / 100 × G2's move / their count.
    outcome = Indicator.objects.filter(template=template, framework="monev", aspect="outcome")
    assert {float(i.weight) for i in outcome} == {1.0}
    weight = template.aspect_weights["outcome"]
    moved = (after.value or 0) - (before.value or 0)
    assert moved > 0
    index_after = stored(demo, template, "index", "index").value
    assert index_after is not None and index_before is not None
    assert index_after - index_before == pytest.approx(weight / 100 * moved / outcome.count())
    # The same figure is the evidence beside SPBE indicator 42 (complaints).
    assert stored(demo, template, "spbe_ind", "SPBE-42").figure == expected_share
