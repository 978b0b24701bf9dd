"""The datastore tables: DDL, types on both engines, bulk load, indexes, reading, dropping."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.db import connection

from kotacerdas.apps.data_terbuka import datastore
from kotacerdas.apps.data_terbuka.models import Release, Resource
from kotacerdas.core.models import Region
from tests.conftest import Demo

pytestmark = pytest.mark.django_db

COLUMNS = [
    {"name": "kode", "type": "text"},
    {"name": "jumlah", "type": "integer"},
    {"name": "nilai", "type": "numeric"},
    {"name": "tanggal", "type": "date"},
    {"name": "waktu", "type": "timestamp"},
    {"name": "aktif", "type": "boolean"},
]


def release(region: Region, columns: list[dict[str, str]] | None = None) -> Release:
    from kotacerdas.apps.data_terbuka.models import OpenDataset

    n = OpenDataset.objects.unscoped("test").count()

    dataset = OpenDataset(
        region=region,
        name=f"uji-{region.slug}-{n}",
        source="upload",
        title_id="Uji",
        frequency="harian",
        dimension="governance",
    )
    dataset.save()
    resource = Resource(region=region, dataset=dataset, name="r", title_id="R")
    resource.save()
    r = Release(
        region=region, resource=resource, version=1, columns=COLUMNS if columns is None else columns
    )
    r.save()
    return r


def test_types_round_trip_and_rows_come_back_by_id(demo: Demo) -> None:
    r = release(demo.semarang)
    table = datastore.create_table(r)
    assert table == f"dt_{r.pk}"
    at = datetime(2026, 12, 2, 3, 4, 5, tzinfo=UTC)
    rows = [
        ("a", 1, 1.5, date(2026, 1, 31), at, True),
        ("b", None, None, None, None, False),
        ("c'; DROP TABLE x; --", -(2**40), 2.25, date(2025, 12, 1), at, None),
    ]
    assert datastore.load_rows(r, iter(rows)) == 3
    assert list(datastore.iter_rows(r)) == rows
    assert list(datastore.iter_rows(r, ["_id", "kode"], chunk=2)) == [
        (1, "a"),
        (2, "b"),
        (3, "c'; DROP TABLE x; --"),
    ]
    assert datastore.count_rows(table) == 3


def test_values_compare_with_encode_and_parse(demo: Demo) -> None:
    r = release(demo.semarang)
    datastore.create_table(r)
    at = datetime(2026, 12, 2, 10, 0, tzinfo=datastore.WIB)
    datastore.load_rows(r, iter([("a", 5, 1.0, date(2026, 1, 2), at, True)]))
    for column, text in [
        ("tanggal", "2026-01-02"),
        ("aktif", "ya"),
        ("waktu", "2026-12-02T03:00:00Z"),
        ("nilai", "1,0"),
    ]:
        kind = next(c["type"] for c in COLUMNS if c["name"] == column)
        value = datastore.encode(kind, datastore.parse(kind, text))
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT COUNT(*) FROM {datastore.quote(r.table_name)} "  # noqa: S608
                f"WHERE {datastore.quote(column)} = %s",
                [value],
            )
            assert cursor.fetchone()[0] == 1, column
    with pytest.raises(datastore.DatastoreError):
        datastore.parse("integer", "banyak")


def test_big_tables_get_an_index_per_column(demo: Demo) -> None:
    r = release(demo.semarang)
    datastore.create_table(r)
    rows = ((f"k{i % 7}", i, i / 2, date(2026, 1, 1), None, i % 2 == 0) for i in range(3000))
    datastore.load_rows(r, rows)
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, r.table_name)
    indexed = {
        tuple(c["columns"]) for c in constraints.values() if c["index"] and not c["primary_key"]
    }
    assert indexed == {(c["name"],) for c in COLUMNS}


def test_bad_names_and_types_are_refused(demo: Demo) -> None:
    for columns in (
        [{"name": "Nama Besar", "type": "text"}],
        [{"name": 'x"; drop', "type": "text"}],
        [{"name": "ok", "type": "blob"}],
        [{"name": "a", "type": "text"}, {"name": "a", "type": "text"}],
        [],
    ):
        r = release(demo.semarang, columns)
        with pytest.raises(datastore.DatastoreError):
            datastore.create_table(r)
    with pytest.raises(datastore.DatastoreError):
        datastore.quote("dt_1; drop")


def test_drop_table(demo: Demo) -> None:
    r = release(demo.semarang)
    table = datastore.create_table(r)
    assert datastore.table_exists(table)
    datastore.drop_table(r)
    assert r.table_name == "" and not datastore.table_exists(table)
    assert list(datastore.iter_rows(r)) == []
