"""Staff texts split in two: ``ReportAction.note`` is internal from now on, and the new
``public_message`` is what staff choose to tell citizens.

Every existing note becomes internal (it stays in ``note``; ``public_message`` starts
blank), because nobody can tell afterwards which old notes were instructions meant for
staff only (the leak this fixes). ``Report.status_notes``, Open311's copy of the last
public note, is cleared for the same reason: it would otherwise keep publishing them.
"""

from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps


def old_notes_stay_internal(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    Report = apps.get_model("aduan_warga", "Report")
    Report.objects.exclude(status_notes="").update(status_notes="")


class Migration(migrations.Migration):
    dependencies = [
        ("aduan_warga", "0004_api_clients_to_core_keys"),
    ]

    operations = [
        migrations.AddField(
            model_name="reportaction",
            name="public_message",
            field=models.TextField(
                blank=True, max_length=4000, verbose_name="message for the reporter"
            ),
        ),
        migrations.AlterField(
            model_name="reportaction",
            name="note",
            field=models.TextField(blank=True, max_length=4000, verbose_name="internal note"),
        ),
        # Nothing to undo: the cleared copies were the leak.
        migrations.RunPython(old_notes_stay_internal, migrations.RunPython.noop),
    ]
