"""The event bus: ``publish()`` stores an event and wakes every waiting reader.

Embedded default: waiters in this process are woken through a condition variable.
On PostgreSQL every new event row also sends ``NOTIFY kotacerdas_events`` (a trigger,
core migration 0005, delivered when the inserting transaction commits) so readers in
*other* processes wake too (their listener lives with the SSE endpoint,
kotacerdas.situation).
Either way the event itself is a database row, read by id, so nothing is lost between a
notification and a read, and a reconnecting browser resumes from its Last-Event-ID.
"""

from __future__ import annotations

import threading
from typing import Any

from django.db import transaction

from kotacerdas.core.models import Event, Region

CHANNEL = "kotacerdas_events"
_changed = threading.Condition()
_latest_seen = 0


def publish(
    region: Region | int, app_key: str, kind: str, payload: dict[str, Any], *, public: bool = False
) -> Event:
    """Record an event for a region; readers are woken when the transaction commits."""
    region_id = region if isinstance(region, int) else region.pk
    event = Event.objects.unscoped("apps publish events for their own region").create(
        region_id=region_id, app_key=app_key, kind=kind, payload=payload, public=public
    )
    # Other processes hear of it from the database (the NOTIFY trigger) at the same commit.
    transaction.on_commit(lambda: wake_local(event.pk))
    return event


def wake_local(event_id: int) -> None:
    global _latest_seen
    with _changed:
        _latest_seen = max(_latest_seen, event_id)
        _changed.notify_all()


def latest_announced() -> int:
    """The newest event id announced to this process so far."""
    with _changed:
        return _latest_seen


def wait_for_change(after_id: int, timeout: float) -> bool:
    """Block until an event newer than ``after_id`` was announced here, or ``timeout``."""
    with _changed:
        return _changed.wait_for(lambda: _latest_seen > after_id, timeout=timeout)
