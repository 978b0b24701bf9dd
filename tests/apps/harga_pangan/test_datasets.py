"""Harga Pangan's open datasets: daily prices per market and commodity, reference prices."""

from __future__ import annotations

import pytest

from kotacerdas.apps.harga_pangan.models import Price
from kotacerdas.contract import get_app
from tests.apps.data_terbuka.backend import refresh
from tests.apps.harga_pangan.conftest import context_for
from tests.conftest import Demo

pytestmark = pytest.mark.django_db
T = "test"


def test_prices_averages_and_references(demo: Demo) -> None:
    app = get_app("harga-pangan")
    assert app is not None
    ctx = context_for(demo.semarang)
    [dataset] = app.datasets(ctx)
    assert dataset.opd == "disdag" and dataset.frequency == "harian"
    prices, averages, references = dataset.tables
    rows = list(prices.rows())
    assert len(rows) == Price.objects.unscoped(T).filter(region=demo.semarang).count()
    assert all(isinstance(r[6], int) for r in rows)
    refs = list(references.rows())
    assert len(refs) == len(ctx.config.items)
    assert any(r[3] is not None and r[4] in ("HET", "HAP") for r in refs)
    assert all(len(r) == len(averages.columns) for r in averages.rows())


def test_feeds_publish_them(demo: Demo) -> None:
    report = refresh(demo.semarang)
    assert not [r for r in report.refused if "harga-pangan" in r]
