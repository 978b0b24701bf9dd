"""Ingest keys become core API keys of the app (one mechanism for every machine client).

Each ``IngestKey`` row is copied to ``core.ApiKey`` with the same digest (so every key in
use keeps working), prefix, region, name, creation and revocation times; a device key's
station becomes the subject ``("station", id)``. Then ``IngestKey`` is deleted.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

APP_KEY = "sensor-kota"


def to_core(apps: Any, schema_editor: Any) -> None:
    IngestKey = apps.get_model("sensor_kota", "IngestKey")
    ApiKey = apps.get_model("core", "ApiKey")
    have = set(ApiKey.objects.values_list("digest", flat=True))
    for old in IngestKey.objects.order_by("pk"):
        if old.digest in have:
            continue
        new = ApiKey.objects.create(
            region_id=old.region_id,
            app_key=APP_KEY,
            name=old.name,
            subject_kind="station" if old.station_id else "",
            subject_id=old.station_id,
            prefix=old.prefix,
            digest=old.digest,
            revoked_at=old.revoked_at,
        )
        # created_at is auto_now_add: the original time is written after the insert.
        ApiKey.objects.filter(pk=new.pk).update(created_at=old.created_at)


def from_core(apps: Any, schema_editor: Any) -> None:
    IngestKey = apps.get_model("sensor_kota", "IngestKey")
    ApiKey = apps.get_model("core", "ApiKey")
    Station = apps.get_model("sensor_kota", "Station")
    stations = set(Station.objects.values_list("pk", flat=True))
    rows = ApiKey.objects.filter(app_key=APP_KEY)
    for key in rows:
        station = key.subject_id if key.subject_kind == "station" else None
        if station is not None and station not in stations:
            continue  # the station is gone: the key could not be narrowed any more
        old = IngestKey.objects.create(
            region_id=key.region_id,
            name=key.name,
            station_id=station,
            prefix=key.prefix,
            digest=key.digest,
            revoked_at=key.revoked_at,
        )
        IngestKey.objects.filter(pk=old.pk).update(created_at=key.created_at)
    rows.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("sensor_kota", "0002_partition_readings"),
        ("core", "0006_api_keys"),
    ]

    operations = [
        migrations.RunPython(to_core, from_core),
        migrations.DeleteModel(name="IngestKey"),
    ]
