"""PostgreSQL: ``package_search``'s substring match is served by the trigram index.

Without it every ``q`` scanned the region's datasets (``LIKE '%word%'`` defeats a B-tree).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import connection, transaction

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]
INDEX = "data_terbuka_search_trgm"


@pytest.fixture(autouse=True)
def _postgresql_only() -> Iterator[None]:
    if connection.vendor != "postgresql":
        pytest.skip("runs in the PostgreSQL pass of the suite (DATABASE_URL=postgresql://…)")
    yield


def test_the_search_text_has_a_trigram_index() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s", [INDEX])
        [(definition,)] = cursor.fetchall()
    assert "gin" in definition and "gin_trgm_ops" in definition and "search_text" in definition


def test_a_substring_query_can_use_it() -> None:
    # The planner picks a scan by cost, which depends on the table's size; forbidding
    # sequential scans shows whether any index can answer the query at all.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(
            "EXPLAIN SELECT id FROM data_terbuka_opendataset WHERE search_text LIKE %s",
            ["%banjir%"],
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert INDEX in plan
