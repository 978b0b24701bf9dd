"""Open311 clients move to the core's API keys (one mechanism for every app's machine
clients): each ``ApiClient`` row is copied into ``core.ApiKey`` with the same digest (the
SHA-256 hex of the clear key, so issued keys keep working), prefix, region, name, creator
and creation time; an inactive client becomes a revoked key. Then the old model goes."""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps
from django.utils import timezone

APP_KEY = "aduan-warga"


def to_core_keys(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    ApiClient = apps.get_model("aduan_warga", "ApiClient")
    ApiKey = apps.get_model("core", "ApiKey")
    now = timezone.now()
    for client in ApiClient.objects.all().order_by("pk"):
        if ApiKey.objects.filter(digest=client.key_hash).exists():
            continue  # already copied (a re-run after a partial migration)
        key = ApiKey.objects.create(
            region_id=client.region_id,
            app_key=APP_KEY,
            name=client.name,
            prefix=client.key_prefix,
            digest=client.key_hash,
            created_by_id=client.created_by_id,
            revoked_at=None if client.active else now,
        )
        # created_at is auto_now_add: set the client's own time after the insert.
        ApiKey.objects.filter(pk=key.pk).update(created_at=client.created_at)


def from_core_keys(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    ApiClient = apps.get_model("aduan_warga", "ApiClient")
    ApiKey = apps.get_model("core", "ApiKey")
    for key in ApiKey.objects.filter(app_key=APP_KEY).order_by("pk"):
        client = ApiClient.objects.create(
            region_id=key.region_id,
            name=key.name,
            key_hash=key.digest,
            key_prefix=key.prefix[:8],
            active=key.revoked_at is None,
            created_by_id=key.created_by_id,
        )
        ApiClient.objects.filter(pk=client.pk).update(created_at=key.created_at)
    ApiKey.objects.filter(app_key=APP_KEY).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("aduan_warga", "0003_overdue_index"),
        ("core", "0006_api_keys"),
    ]

    operations = [
        migrations.RunPython(to_core_keys, from_core_keys),
        migrations.DeleteModel(name="ApiClient"),
    ]
