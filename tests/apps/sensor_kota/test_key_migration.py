"""The data migration copies ingest keys into core API keys: the same clear key still works."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from kotacerdas.core.keys import check_key, forget_cached_keys

BEFORE = [("sensor_kota", "0002_partition_readings"), ("core", "0006_api_keys")]
AFTER = [("sensor_kota", "0003_ingest_keys_to_core")]


@pytest.mark.django_db(transaction=True)
def test_ingest_keys_become_core_keys_with_the_same_digest() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    try:
        _copied()
    finally:  # the schema as every later test expects it: core's later migrations too
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())


def _copied() -> None:
    executor = MigrationExecutor(connection)
    old = executor.loader.project_state(BEFORE).apps
    Province, Region = old.get_model("core", "Province"), old.get_model("core", "Region")
    Station, IngestKey = (
        old.get_model("sensor_kota", "Station"),
        old.get_model("sensor_kota", "IngestKey"),
    )
    province = Province.objects.create(code="33", name="Jawa Tengah")
    region = Region.objects.create(
        province=province,
        code="33.74",
        name="Kota Semarang",
        kind="kota",
        slug="semarang",
        centre_lat=-7,
        centre_lng=110.4,
        bbox_west=110,
        bbox_south=-7.2,
        bbox_east=110.6,
        bbox_north=-6.8,
    )
    station = Station.objects.create(
        region=region, code="s1", name="S1", kind="water", lat=-7, lng=110.4
    )
    made = dt.datetime(2026, 1, 2, 3, 4, tzinfo=dt.UTC)
    revoked = dt.datetime(2026, 2, 1, tzinfo=dt.UTC)
    for name, clear, st, gone in (
        ("gateway", "kc_gateway-clear", None, None),
        ("device", "kc_device-clear", station, None),
        ("old", "kc_old-clear", None, revoked),
    ):
        row = IngestKey.objects.create(
            region=region,
            name=name,
            station=st,
            prefix=clear[:8],
            digest=hashlib.sha256(clear.encode()).hexdigest(),
            revoked_at=gone,
        )
        IngestKey.objects.filter(pk=row.pk).update(created_at=made)

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    ApiKey = new.get_model("core", "ApiKey")
    rows = {k.name: k for k in ApiKey.objects.all()}
    assert set(rows) == {"gateway", "device", "old"}
    assert all(k.app_key == "sensor-kota" and k.region_id == region.pk for k in rows.values())
    assert all(k.created_at == made for k in rows.values())
    assert (rows["device"].subject_kind, rows["device"].subject_id) == ("station", station.pk)
    assert (rows["gateway"].subject_kind, rows["gateway"].subject_id) == ("", None)
    assert rows["old"].revoked_at == revoked and rows["gateway"].prefix == "kc_gatew"
    assert "sensor_kota_ingestkey" not in connection.introspection.table_names()
    forget_cached_keys()
    grant = check_key("kc_device-clear")
    assert grant is not None and grant.narrowed_to("station") == station.pk
    assert check_key("kc_old-clear") is None
