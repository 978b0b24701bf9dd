"""Server-sent events: every event row after the browser's last id, then wait for more.

Frames carry ``id:`` = the event's database id, so a browser that reconnects sends
``Last-Event-ID`` and gets exactly what it missed, from whichever process it reaches.
A comment line every ``HEARTBEAT`` seconds keeps proxies from closing an idle stream.
"""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field

from asgiref.sync import sync_to_async
from django.db import connection
from django.db.models import Q

from kotacerdas.core import events
from kotacerdas.core.models import Event
from kotacerdas.situation.bus import relay

HEARTBEAT = 15.0
# Without LISTEN/NOTIFY (SQLite) events written by another process (a CLI import, an ingest
# worker) are only found by reading again; once a second is cheap on the (region, id) index.
POLL_SQLITE = 1.0
BATCH = 200
RETRY_FRAME = "retry: 3000\n\n"
HEARTBEAT_FRAME = ": heartbeat\n\n"
SYSTEM = "a situation-room stream reads the regions its caller may watch"


def frame(event: Event) -> str:
    data = {
        "id": event.pk,
        "region": event.region_id,
        "app": event.app_key,
        "kind": event.kind,
        "payload": event.payload,
        "at": event.created_at.isoformat(),
    }
    # json.dumps never emits a raw newline, so one data: line carries the whole event.
    return f"id: {event.pk}\ndata: {json.dumps(data, separators=(',', ':'))}\n\n"


@dataclass
class Cursor:
    """What one browser watches: all events of ``private`` regions, public ones of others."""

    private_regions: frozenset[int]
    public_regions: frozenset[int]
    last_id: int
    # The newest event id in the whole table at the last read: what to wait beyond.
    horizon: int = field(default=0)

    def watching(self) -> Q:
        return Q(region_id__in=self.private_regions) | Q(
            region_id__in=self.public_regions, public=True
        )

    def read(self) -> list[str]:
        rows = Event.objects.unscoped(SYSTEM)
        self.horizon = max(
            self.last_id, rows.order_by("-id").values_list("id", flat=True).first() or 0
        )
        batch = list(
            rows.filter(self.watching(), id__gt=self.last_id, id__lte=self.horizon).order_by("id")[
                :BATCH
            ]
        )
        if batch:
            self.last_id = batch[-1].pk
        return [frame(e) for e in batch]

    @property
    def caught_up(self) -> bool:
        return self.last_id >= self.horizon


def poll_interval() -> float:
    return HEARTBEAT if connection.vendor == "postgresql" else POLL_SQLITE


def newest_id() -> int:
    return Event.objects.unscoped(SYSTEM).order_by("-id").values_list("id", flat=True).first() or 0


async def stream(cursor: Cursor) -> AsyncIterator[str]:
    """The ASGI stream: waits on the process relay without holding a thread."""
    relay.start()
    wait = await sync_to_async(poll_interval)()
    yield RETRY_FRAME
    next_beat = time.monotonic() + HEARTBEAT
    while True:
        frames = await sync_to_async(cursor.read)()
        for text in frames:
            yield text
        if frames and not cursor.caught_up:
            continue
        await relay.wait(cursor.horizon, min(wait, max(0.0, next_beat - time.monotonic())))
        if time.monotonic() >= next_beat:
            yield HEARTBEAT_FRAME
            next_beat = time.monotonic() + HEARTBEAT


def stream_sync(cursor: Cursor) -> Iterator[str]:
    """The same stream for a WSGI server: one thread per browser, woken by the core's bus."""
    relay.start()
    wait = poll_interval()
    yield RETRY_FRAME
    next_beat = time.monotonic() + HEARTBEAT
    while True:
        frames = cursor.read()
        yield from frames
        if frames and not cursor.caught_up:
            continue
        events.wait_for_change(cursor.horizon, min(wait, max(0.0, next_beat - time.monotonic())))
        if time.monotonic() >= next_beat:
            yield HEARTBEAT_FRAME
            next_beat = time.monotonic() + HEARTBEAT
