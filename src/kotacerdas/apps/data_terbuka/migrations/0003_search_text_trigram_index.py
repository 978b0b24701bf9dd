"""A trigram index on ``OpenDataset.search_text`` on PostgreSQL.

``package_search``'s ``q`` is a substring match (``LIKE '%word%'``), which a B-tree cannot
serve: without this index every search scans the region's datasets (8 ms over 10,000 on
the bench; under 1 ms with it). ``pg_trgm`` ships with PostgreSQL and is a trusted
extension since PostgreSQL 13, so a database owner may create it. SQLite has no such
index and needs none at this size (its scan is a few milliseconds).
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

INDEX = "data_terbuka_search_trgm"


def create(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON data_terbuka_opendataset "
        "USING gin (search_text gin_trgm_ops)"
    )


def drop(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("data_terbuka", "0002_opendataset_refreshed_at_release_content_hash")]

    operations = [migrations.RunPython(create, drop)]
