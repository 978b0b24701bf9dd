"""The link back to the record another app handed a report over from (a Darurat 112 call).

On SQLite, adding a NOT NULL column rebuilds the report table, and the rebuild drops the
KPI rollup's triggers (0002_report_tally): they are put back after the fields change, in
both directions, from the SQL frozen in 0002. PostgreSQL adds columns in place.
"""

import importlib

from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

TRIGGERS = ("aw_tally_insert", "aw_tally_update", "aw_tally_delete")


def restore_triggers(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    connection = schema_editor.connection
    if connection.vendor != "sqlite":
        return
    tally = importlib.import_module("kotacerdas.apps.aduan_warga.migrations.0002_report_tally")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
            [tally.REPORT],
        )
        present = {row[0] for row in cursor.fetchall()}
        if set(TRIGGERS) <= present:
            return
        for name in TRIGGERS:
            if name in present:
                cursor.execute(f"DROP TRIGGER {name}")
        for statement in tally._sqlite_create():
            cursor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("aduan_warga", "0006_follow_and_rating"),
    ]

    operations = [
        # Undoing the fields rebuilds the table too: the triggers come back after that.
        migrations.RunPython(migrations.RunPython.noop, restore_triggers),
        migrations.AddField(
            model_name="report",
            name="source_app",
            field=models.CharField(
                blank=True, default="", max_length=60, verbose_name="handed over by app"
            ),
        ),
        migrations.AddField(
            model_name="report",
            name="source_ref",
            field=models.CharField(
                blank=True, default="", max_length=60, verbose_name="reference there"
            ),
        ),
        migrations.AddField(
            model_name="report",
            name="source_url",
            field=models.CharField(
                blank=True, default="", max_length=300, verbose_name="staff page there"
            ),
        ),
        migrations.RunPython(restore_triggers, migrations.RunPython.noop),
    ]
