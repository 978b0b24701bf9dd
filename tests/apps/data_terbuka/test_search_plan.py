"""``package_search``'s text scan reads an index on either engine.

On SQLite a covering index holds ``search_text`` (migration 0004): before it, the scan
looked up every published dataset's row. On PostgreSQL the trigram index (0003) answers
the substring match (tests/apps/data_terbuka/test_search_index.py shows the planner can
use it) and no B-tree holds the text.
"""

from __future__ import annotations

import pytest
from django.db import connection, transaction

from kotacerdas.apps.data_terbuka import search

pytestmark = pytest.mark.django_db


def _text_scan_sql() -> tuple[str, tuple[object, ...]]:
    qs = search.base_queryset().filter(search_text__contains="banjir")
    query = qs.values_list("pk", "agency_id").order_by()[: search.ID_LIST_MAX + 1]
    sql, params = query.query.sql_with_params()
    return sql, tuple(params)


def test_the_text_scan_reads_an_index() -> None:
    sql, params = _text_scan_sql()
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            plan = " ".join(str(row[-1]) for row in cursor.fetchall())
            assert "data_terbuka_search_cover" in plan, plan
        else:
            # The trigram index serves the match (test_search_index.py); a B-tree holding
            # search_text would refuse a long description (keys over about 2.7 kB).
            cursor.execute(
                "SELECT indexdef FROM pg_indexes WHERE tablename = 'data_terbuka_opendataset'"
            )
            on_text = [d for (d,) in cursor.fetchall() if "search_text" in d]
            assert on_text and all("gin_trgm_ops" in d for d in on_text), on_text


def test_the_tally_counts_each_column_of_the_scanned_rows() -> None:
    rows = [(1, 7, "economy"), (2, 7, "living"), (3, None, "economy"), (4, 8, "economy")]
    tallied = search._tally(["organization", "groups"], rows)
    assert tallied == {
        "organization": {7: 2, None: 1, 8: 1},
        "groups": {"economy": 3, "living": 1},
    }
