"""Migration 0004: Open311 clients become core API keys, and issued keys keep working."""

from __future__ import annotations

import hashlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

OLD = [("aduan_warga", "0003_overdue_index")]
NEW = [("aduan_warga", "0004_api_clients_to_core_keys")]


@pytest.mark.django_db(transaction=True)
def test_clients_are_copied_into_core_keys() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(OLD)
    try:
        _copied(executor)
    finally:  # leave the schema as the other tests expect it
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())


def _copied(executor: MigrationExecutor) -> None:
    apps = executor.loader.project_state(OLD).apps
    Region = apps.get_model("core", "Region")
    Province = apps.get_model("core", "Province")
    ApiClient = apps.get_model("aduan_warga", "ApiClient")
    province = Province.objects.create(code="33", name="Jawa Tengah")
    region = Region.objects.create(
        province=province,
        code="33.74",
        name="Kota Semarang",
        kind="kota",
        slug="semarang",
        centre_lat=-7.0,
        centre_lng=110.4,
        bbox_west=110.27,
        bbox_south=-7.15,
        bbox_east=110.51,
        bbox_north=-6.93,
    )
    digest = hashlib.sha256(b"kc311_lama").hexdigest()
    live = ApiClient.objects.create(
        region=region, name="Lama", key_hash=digest, key_prefix="kc311_la"
    )
    ApiClient.objects.create(
        region=region, name="Dicabut", key_hash="0" * 64, key_prefix="kc311_xx", active=False
    )
    created = live.created_at

    executor = MigrationExecutor(connection)
    executor.migrate(NEW)
    apps = executor.loader.project_state(NEW).apps
    ApiKey = apps.get_model("core", "ApiKey")
    rows = {k.name: k for k in ApiKey.objects.filter(app_key="aduan-warga")}
    assert set(rows) == {"Lama", "Dicabut"}
    assert rows["Lama"].digest == digest and rows["Lama"].prefix == "kc311_la"
    assert rows["Lama"].revoked_at is None and rows["Lama"].created_at == created
    assert rows["Lama"].region_id == region.pk
    assert rows["Dicabut"].revoked_at is not None
    assert "aduan_warga_apiclient" not in connection.introspection.table_names()
