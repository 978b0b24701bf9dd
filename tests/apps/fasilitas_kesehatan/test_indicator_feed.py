"""Fasilitas Kesehatan feeds the maturity index: facilities whose beds are up to date."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from kotacerdas.apps.fasilitas_kesehatan.models import Facility
from kotacerdas.apps.fasilitas_kesehatan.services.beds import update_beds
from kotacerdas.contract import KPI, get_app
from kotacerdas.core.models import Region
from tests.apps.fasilitas_kesehatan.conftest import KEY, context_for, facility
from tests.conftest import Demo


def feed_and_kpi(region: Region) -> tuple[float | None, KPI]:
    app = get_app(KEY)
    assert app is not None
    [feed] = [f for f in app.indicator_feeds() if f.key == "fasilitas-kesehatan:beds-reporting"]
    kpi = {k.key: k for k in app.kpis(context_for(region))}[feed.kpi]
    return feed.score(kpi), kpi


def test_an_update_within_the_staleness_window_counts(demo: Demo) -> None:
    ctx = context_for(demo.semarang, "faskes-kariadi")
    long_ago = timezone.now() - dt.timedelta(hours=ctx.config.stale_hours + 1)
    Facility.objects.unscoped("tests").filter(region=demo.semarang).update(beds_updated_at=long_ago)
    score, kpi = feed_and_kpi(demo.semarang)
    assert kpi.value == 0 and kpi.of and kpi.of >= 2
    assert score == 0.0
    update_beds(
        ctx, None, facility(demo.semarang, "rsup-kariadi"), {"icu": {"total": 36, "occupied": 30}}
    )
    score, kpi = feed_and_kpi(demo.semarang)
    assert kpi.value == 1 and kpi.of
    assert score == pytest.approx(100.0 / kpi.of)


def test_facilities_without_beds_are_not_counted(demo: Demo) -> None:
    _score, before = feed_and_kpi(demo.semarang)
    Facility.objects.unscoped("tests").create(
        region=demo.semarang,
        slug="klinik-baru",
        name="Klinik Baru",
        kind="clinic",
        owner="swasta",
        lat=-6.99,
        lng=110.42,
    )
    _score, after = feed_and_kpi(demo.semarang)
    assert (after.value, after.of) == (before.value, before.of)
