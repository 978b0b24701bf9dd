"""PostgreSQL announces each new event row itself: NOTIFY from an AFTER INSERT trigger.

``publish()`` used to send ``SELECT pg_notify(…)`` after the commit: one more round trip and
one more transaction for every event (an Open311 POST's eighth statement). NOTIFY inside the
inserting transaction is delivered at its commit and dropped by a rollback, which is exactly
when readers should hear of it, and bulk-inserted events are announced too. SQLite has no
other process to tell: nothing to install there.
"""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

CREATE = """
CREATE OR REPLACE FUNCTION kotacerdas_event_notify() RETURNS trigger AS $$
BEGIN
    PERFORM pg_notify('kotacerdas_events', NEW.id::text);
    RETURN NULL;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER kotacerdas_event_notify AFTER INSERT ON core_event
    FOR EACH ROW EXECUTE FUNCTION kotacerdas_event_notify();
"""
DROP = """
DROP TRIGGER IF EXISTS kotacerdas_event_notify ON core_event;
DROP FUNCTION IF EXISTS kotacerdas_event_notify();
"""


def install(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def uninstall(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("core", "0004_event_room_indexes")]

    operations = [migrations.RunPython(install, uninstall)]
