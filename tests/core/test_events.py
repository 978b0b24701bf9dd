"""The event bus: an event wakes readers here at commit, and other processes on PostgreSQL."""

from __future__ import annotations

import pytest
from django.db import connections, transaction

from kotacerdas.core import events
from tests.conftest import Demo


def test_readers_here_wake_at_commit_not_before(
    demo: Demo, django_capture_on_commit_callbacks: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(events, "_latest_seen", 0)  # ids start over with each test's database
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        event = events.publish(demo.semarang, "sensor-kota", "reading", {})
        assert events.latest_announced() == 0  # still inside the transaction
    assert events.latest_announced() == event.pk


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_postgresql_announces_committed_events_only() -> None:
    """Other processes listen on the channel: a committed event's id arrives, a rolled-back
    one's never does (the database's own trigger sends it, at commit)."""
    if connections["default"].vendor != "postgresql":
        pytest.skip("runs in the PostgreSQL pass of the suite (DATABASE_URL=postgresql://…)")
    import psycopg

    from kotacerdas.config import postgres_conninfo
    from kotacerdas.core.models import Region
    from kotacerdas.platform.demo import seed_demo

    seed_demo()
    semarang = Region.objects.get(slug="semarang")
    settings = connections["default"].settings_dict
    with psycopg.connect(**postgres_conninfo(settings), autocommit=True) as listener:
        listener.execute(f"LISTEN {events.CHANNEL}")
        with transaction.atomic():
            kept = events.publish(semarang, "sensor-kota", "reading", {})
        try:
            with transaction.atomic():
                dropped = events.publish(semarang, "sensor-kota", "reading", {})
                raise RuntimeError("roll back")
        except RuntimeError:
            pass
        heard = [int(n.payload) for n in listener.notifies(timeout=2, stop_after=2)]
    assert kept.pk in heard
    assert dropped.pk not in heard
