"""PostgreSQL: the raw readings table becomes partitioned by month (store/partitions.py).
SQLite keeps its one WITHOUT ROWID table; nothing happens there."""

from __future__ import annotations

import time
from typing import Any

from django.db import migrations

from kotacerdas.apps.sensor_kota.store import partitions


def forward(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            partitions.convert(cursor, int(time.time() * 1000))


def backward(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            partitions.unconvert(cursor)


class Migration(migrations.Migration):
    dependencies = [("sensor_kota", "0001_initial")]

    operations = [migrations.RunPython(forward, backward)]
