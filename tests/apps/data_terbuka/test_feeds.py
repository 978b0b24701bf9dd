"""App feeds: every app's datasets() written as published datasets with release history."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from kotacerdas.apps.data_terbuka import datastore
from kotacerdas.apps.data_terbuka.models import OpenDataset, Release, ReleaseState, Resource
from kotacerdas.apps.data_terbuka.services import feeds
from kotacerdas.apps.data_terbuka.services.feeds import is_due, refresh_region
from kotacerdas.contract import Column, Dataset, Frequency, Link, Table
from kotacerdas.core.models import AuditEntry
from tests.apps.data_terbuka.backend import context_for
from tests.conftest import Demo

pytestmark = pytest.mark.django_db
T = "test"


class FakeServices:
    def __init__(self, datasets: list[tuple[str, Dataset]]) -> None:
        self.datasets = datasets

    def region_datasets(self, region: Any) -> list[tuple[str, Dataset]]:
        return self.datasets


def fake(
    rows: list[tuple[Any, ...]], name: str = "uji", columns: list[Column] | None = None
) -> Dataset:
    columns = columns or [
        Column("kode", "text", {"id": "Kode", "en": "Code"}),
        Column("nilai", "integer", {"id": "Nilai", "en": "Value"}, "unit"),
    ]
    return Dataset(
        name,
        {"id": "Data uji", "en": "Test data"},
        {"id": "Uraian", "en": "Notes"},
        Frequency.DAILY,
        "dlh",
        tables=[Table("tabel", {"id": "Tabel", "en": "Table"}, columns, lambda: iter(rows))],
        links=[Link("https://example.org/x.json", "JSON", {"id": "Tautan", "en": "Link"})],
        tags=["Uji", "sensor"],
    )


def use(monkeypatch: pytest.MonkeyPatch, *datasets: Dataset) -> None:
    services = FakeServices([("sensor-kota", d) for d in datasets])
    monkeypatch.setattr(feeds, "platform_services", lambda: services)


def test_every_app_dataset_is_published_with_its_tables(demo: Demo) -> None:
    ctx = context_for(demo.semarang)
    report = refresh_region(ctx, force=True)
    assert report.refused == []
    found = {
        d.app_dataset: d
        for d in OpenDataset.objects.unscoped(T).filter(region=demo.semarang, source="app")
    }
    assert {"aduan-warga", "harga-pangan", "sensor-kota-per-jam", "sensor-kota-harian"} <= set(
        found
    )
    sensor = found["sensor-kota-harian"]
    assert sensor.state == "published" and sensor.access_level == "terbuka"
    assert sensor.agency is not None and sensor.agency.slug == "dlh"
    assert sensor.walidata is not None and sensor.walidata.slug == "diskominfo"
    assert found["harga-pangan"].agency.slug == "disdag"  # type: ignore[union-attr]
    assert "ispu" in sensor.search_text and "lingkungan hidup" in sensor.search_text
    aduan = Resource.objects.unscoped(T).filter(dataset=found["aduan-warga"])
    assert {r.name for r in aduan} >= {"laporan-per-bulan", "waktu-penyelesaian", "laporan"}
    assert {r.format for r in aduan if r.url} == {"JSON", "XML"}
    reports = aduan.get(name="laporan").current
    assert reports is not None and reports.state == ReleaseState.PUBLISHED
    assert reports.row_count > 0
    assert datastore.count_rows(reports.table_name) == reports.row_count


def test_unchanged_rows_write_no_release_and_changes_keep_history(
    demo: Demo, monkeypatch: pytest.MonkeyPatch
) -> None:
    ctx = context_for(demo.semarang)
    use(monkeypatch, fake([("a", 1), ("b", 2)]))
    first = refresh_region(ctx, force=True)
    assert first.releases == 1
    again = refresh_region(ctx, force=True)
    assert again.releases == 0 and again.unchanged == 1
    use(monkeypatch, fake([("a", 1), ("b", 3)]))
    refresh_region(ctx, force=True)
    resource = Resource.objects.unscoped(T).get(dataset__app_dataset="uji", name="tabel")
    versions = list(Release.objects.unscoped(T).filter(resource=resource).order_by("version"))
    assert [(r.version, r.state) for r in versions] == [
        (1, ReleaseState.SUPERSEDED),
        (2, ReleaseState.PUBLISHED),
    ]
    assert resource.current_id == versions[1].pk
    assert list(datastore.iter_rows(versions[0])) == [("a", 1), ("b", 2)]
    assert list(datastore.iter_rows(versions[1])) == [("a", 1), ("b", 3)]


def test_only_the_last_ten_superseded_tables_stay(
    demo: Demo, monkeypatch: pytest.MonkeyPatch
) -> None:
    ctx = context_for(demo.semarang)
    for i in range(13):
        use(monkeypatch, fake([("a", i)]))
        refresh_region(ctx, force=True)
    releases = list(
        Release.objects.unscoped(T).filter(resource__dataset__app_dataset="uji").order_by("version")
    )
    assert len(releases) == 13
    dropped = [r.version for r in releases if not r.table_name]
    assert dropped == [1, 2]
    assert all(r.row_count == 1 for r in releases)
    assert not datastore.table_exists(datastore.table_name_for(releases[0].pk))


@pytest.mark.parametrize(
    "value",
    ["0812-3456-7890", "warga@example.com", "3374011203850002", "+62 812 3456 7890"],
)
def test_a_feed_with_personal_data_is_refused_and_logged(
    demo: Demo, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    ctx = context_for(demo.semarang)
    rows = [(f"row {i}", i) for i in range(50)] + [(f"hubungi {value}", 99)]
    use(monkeypatch, fake(rows))
    report = refresh_region(ctx, force=True)
    assert len(report.refused) == 1 and "kode" in report.refused[0]
    assert not Release.objects.unscoped(T).filter(resource__dataset__app_dataset="uji").exists()
    assert AuditEntry.objects.unscoped(T).filter(action="data.feed_refused").exists()


def test_a_personal_header_is_refused(demo: Demo, monkeypatch: pytest.MonkeyPatch) -> None:
    ctx = context_for(demo.semarang)
    columns = [Column("nama_pelapor", "text", {"id": "Pelapor"})]
    use(monkeypatch, fake([("x",)], columns=columns))
    assert refresh_region(ctx, force=True).refused


def test_wrong_value_types_are_refused(demo: Demo, monkeypatch: pytest.MonkeyPatch) -> None:
    ctx = context_for(demo.semarang)
    use(monkeypatch, fake([("a", "not a number")]))
    assert refresh_region(ctx, force=True).refused


def test_a_dataset_no_longer_offered_is_withdrawn(
    demo: Demo, monkeypatch: pytest.MonkeyPatch
) -> None:
    ctx = context_for(demo.semarang)
    use(monkeypatch, fake([("a", 1)]))
    refresh_region(ctx, force=True)
    use(monkeypatch)
    refresh_region(ctx, force=True)
    assert OpenDataset.objects.unscoped(T).get(app_dataset="uji").state == "withdrawn"


def test_daily_datasets_skip_until_due(demo: Demo, monkeypatch: pytest.MonkeyPatch) -> None:
    ctx = context_for(demo.semarang)
    use(monkeypatch, fake([("a", 1)]))
    refresh_region(ctx, force=True)
    report = refresh_region(ctx)
    assert report.skipped == 1 and report.datasets == 0


def test_is_due_by_frequency() -> None:
    night = datetime(2026, 12, 1, 16, 30, tzinfo=UTC)  # 23:30 WIB on 1 December
    later = datetime(2026, 12, 1, 17, 30, tzinfo=UTC)  # 00:30 WIB on 2 December
    assert is_due(Frequency.DAILY, night, later)
    assert not is_due(Frequency.DAILY, later, datetime(2026, 12, 2, 10, tzinfo=UTC))
    assert not is_due(Frequency.MONTHLY, night, later)
    assert is_due(Frequency.MONTHLY, datetime(2026, 11, 30, 17, 0, tzinfo=UTC), later) is False
    assert is_due(Frequency.MONTHLY, datetime(2026, 11, 30, 16, 0, tzinfo=UTC), later)
    assert is_due(Frequency.REALTIME, later, later)
    assert is_due(Frequency.YEARLY, None, later)
    assert feeds.next_release(Frequency.MONTHLY, later) == date(2027, 1, 1)
