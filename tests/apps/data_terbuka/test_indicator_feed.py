"""Data Terbuka feeds the maturity index: published datasets released on schedule."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from kotacerdas.apps.data_terbuka.models import OpenDataset, Release
from kotacerdas.apps.data_terbuka.services.feeds import refresh_region
from kotacerdas.contract import KPI, Frequency, get_app
from kotacerdas.core.models import Region
from tests.apps.data_terbuka.backend import context_for
from tests.conftest import Demo

pytestmark = pytest.mark.django_db
T = "test"


def feed_and_kpi(region: Region) -> tuple[float | None, KPI]:
    app = get_app("data-terbuka")
    assert app is not None
    [feed] = [f for f in app.indicator_feeds() if f.key == "data-terbuka:fresh-datasets"]
    kpi = {k.key: k for k in app.kpis(context_for(region))}[feed.kpi]
    return feed.score(kpi), kpi


def age(dataset: OpenDataset, days: int) -> None:
    """Make the dataset's last release and last refresh ``days`` old."""
    then = timezone.now() - dt.timedelta(days=days)
    OpenDataset.objects.unscoped(T).filter(pk=dataset.pk).update(refreshed_at=then)
    Release.objects.unscoped(T).filter(resource__dataset=dataset).update(published_at=then)


def test_a_release_older_than_its_frequency_is_not_fresh(demo: Demo) -> None:
    refresh_region(context_for(demo.semarang), force=True)
    score, kpi = feed_and_kpi(demo.semarang)
    published = OpenDataset.objects.unscoped(T).filter(
        region=demo.semarang, state="published", access_level="terbuka"
    )
    assert kpi.of == published.count() and kpi.of
    fresh = kpi.value
    assert fresh is not None and score == pytest.approx(100.0 * fresh / kpi.of)
    daily = published.filter(source="app", frequency=Frequency.DAILY).first()
    assert daily is not None
    age(daily, 3)
    _score, later = feed_and_kpi(demo.semarang)
    assert later.value == fresh - 1 and later.of == kpi.of
    # Three days is on time for a monthly dataset.
    OpenDataset.objects.unscoped(T).filter(pk=daily.pk).update(frequency=Frequency.MONTHLY)
    assert feed_and_kpi(demo.semarang)[1].value == fresh


def test_a_dataset_never_released_is_not_fresh_and_withdrawn_ones_leave_the_whole(
    demo: Demo,
) -> None:
    refresh_region(context_for(demo.semarang), force=True)
    _score, kpi = feed_and_kpi(demo.semarang)
    assert kpi.value is not None and kpi.of
    dataset = (
        OpenDataset.objects.unscoped(T)
        .filter(region=demo.semarang, state="published", source="app")
        .first()
    )
    assert dataset is not None
    OpenDataset.objects.unscoped(T).filter(pk=dataset.pk).update(refreshed_at=None)
    Release.objects.unscoped(T).filter(resource__dataset=dataset).update(published_at=None)
    _score, never = feed_and_kpi(demo.semarang)
    assert (never.value, never.of) == (kpi.value - 1, kpi.of)
    OpenDataset.objects.unscoped(T).filter(pk=dataset.pk).update(state="withdrawn")
    _score, gone = feed_and_kpi(demo.semarang)
    assert (gone.value, gone.of) == (kpi.value - 1, kpi.of - 1)
