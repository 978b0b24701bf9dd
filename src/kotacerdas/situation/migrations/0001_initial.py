import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("core", "0002_events_alerts"),
    ]

    operations = [
        migrations.CreateModel(
            name="RoomSettings",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "public_room",
                    models.BooleanField(
                        default=False,
                        help_text="Citizens may open a read-only room without signing in: KPI tiles, public map layers and public alerts only.",
                        verbose_name="public room",
                    ),
                ),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "region",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="core.region",
                        verbose_name="region",
                    ),
                ),
            ],
            options={
                "verbose_name": "situation room settings",
                "verbose_name_plural": "situation room settings",
            },
        ),
    ]
