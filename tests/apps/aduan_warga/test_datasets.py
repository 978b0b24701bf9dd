"""Aduan Warga's open datasets: typed tables from the reports, never a reporter's data."""

from __future__ import annotations

import pytest

from kotacerdas.apps.aduan_warga.models import Report, Reporter
from kotacerdas.contract import get_app
from tests.apps.aduan_warga.conftest import ctx_of
from tests.apps.data_terbuka.backend import refresh, table_cells
from tests.conftest import Demo

pytestmark = pytest.mark.django_db
T = "test"


def test_tables_are_typed_and_match_the_reports(demo: Demo) -> None:
    app = get_app("aduan-warga")
    assert app is not None
    [dataset] = app.datasets(ctx_of(demo.semarang))
    assert dataset.opd == "diskominfo" and dataset.frequency == "harian"
    tables = {t.name: t for t in dataset.tables}
    assert set(tables) == {"laporan-per-bulan", "waktu-penyelesaian", "laporan"}
    reports = Report.objects.unscoped(T).filter(region=demo.semarang)
    per_month = list(tables["laporan-per-bulan"].rows())
    assert sum(r[5] for r in per_month) == reports.count()
    individual = list(tables["laporan"].rows())
    assert {r[0] for r in individual} == set(reports.values_list("ticket", flat=True))
    for table in dataset.tables:
        names = [c.name for c in table.columns]
        assert all(len(row) == len(names) for row in table.rows())
    assert [link.format for link in dataset.links] == ["JSON", "XML"]


def test_no_reporter_data_reaches_any_table(demo: Demo) -> None:
    reporters = list(Reporter.objects.unscoped(T).filter(region=demo.semarang))
    assert reporters
    # A citizen who typed their own phone and e-mail into the public description.
    leaky = Report.objects.unscoped(T).filter(region=demo.semarang).first()
    assert leaky is not None
    Report.objects.unscoped(T).filter(pk=leaky.pk).update(
        description="Jalan rusak, hubungi saya 0812-9988-7766 atau rahasia.warga@example.com"
    )
    report = refresh(demo.semarang)
    assert not [r for r in report.refused if "aduan-warga" in r]
    cells = table_cells(demo.semarang)
    text = "\n".join(cells)
    assert "0812-9988-7766" not in text and "rahasia.warga@example.com" not in text
    for reporter in reporters:
        for secret in (reporter.phone, reporter.email):
            if secret:
                assert secret not in text
        if reporter.name:
            assert reporter.name not in cells
