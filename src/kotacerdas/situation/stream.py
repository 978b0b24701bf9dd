"""Server-sent events: every event row after the browser's last id, then wait for more.

Frames carry ``id:`` = the event's database id, so a browser that reconnects sends
``Last-Event-ID`` and gets exactly what it missed, from whichever process it reaches.
A comment line every ``HEARTBEAT`` seconds keeps proxies from closing an idle stream.

On PostgreSQL ids are handed out when a row is inserted but become visible when its
transaction commits, so with concurrent writers id 101 can be readable while 100 is still in
flight. A stream that sent 101 and moved on would never send 100. So a stream only moves
past a hole in the ids once the hole has stayed a hole for ``SETTLE`` seconds (a rolled-back
transaction leaves one for ever). SQLite has one writer at a time: ids commit in order.
"""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from typing import Any

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
# How long a hole in the ids may still be a transaction that has not committed yet.
SETTLE = 5.0
# While waiting for a hole to fill, look again this often (its commit wakes nobody: its id
# is below the horizon the stream waits beyond).
HOLE_POLL = 0.05
# How many new ids one read inspects for holes (the rest waits for the next read).
SCAN = 5_000


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
    # True while the stream holds before a hole that may still fill (PostgreSQL only).
    holding: bool = field(default=False)
    # First missing id of each open hole → when this stream first saw it (monotonic).
    holes: dict[int, float] = field(default_factory=dict)

    def watching(self) -> Q:
        return Q(region_id__in=self.private_regions) | Q(
            region_id__in=self.public_regions, public=True
        )

    def read(self) -> list[str]:
        rows = Event.objects.unscoped(SYSTEM)
        newest = max(self.last_id, rows.order_by("-id").values_list("id", flat=True).first() or 0)
        self.horizon = newest
        if connection.vendor == "postgresql" and newest > self.last_id:
            self.horizon = self.settled(rows, newest)
        self.holding = self.horizon < newest
        batch = list(
            rows.filter(self.watching(), id__gt=self.last_id, id__lte=self.horizon).order_by("id")[
                :BATCH
            ]
        )
        # A short batch means every watched event up to the horizon is sent: move there, so
        # the next read does not scan other regions' events again.
        self.last_id = batch[-1].pk if len(batch) == BATCH else self.horizon
        return [frame(e) for e in batch]

    def settled(self, rows: Any, newest: int, now: float | None = None) -> int:
        """The highest id up to which every id is committed, or given up on after SETTLE."""
        now = time.monotonic() if now is None else now
        ids = rows.filter(id__gt=self.last_id, id__lte=newest).order_by("id")
        safe = self.last_id
        expected = safe + 1
        for present in ids.values_list("id", flat=True)[:SCAN]:
            if present > expected:  # ids expected … present-1 are not (yet) visible
                seen = self.holes.setdefault(expected, now)
                if now - seen < SETTLE:
                    break
            safe, expected = present, present + 1
        self.holes = {first: seen for first, seen in self.holes.items() if first > safe}
        return safe

    @property
    def caught_up(self) -> bool:
        return self.last_id >= self.horizon


def read_and_release(cursor: Cursor) -> list[str]:
    """One read for a long-lived stream; on PostgreSQL the connection goes back to the pool
    afterwards, so idle browsers do not hold the process's connections."""
    try:
        return cursor.read()
    finally:
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            connection.close()


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
        frames = await sync_to_async(read_and_release)(cursor)
        for text in frames:
            yield text
        if frames and not cursor.caught_up:
            continue
        pause = HOLE_POLL if cursor.holding else wait
        await relay.wait(cursor.horizon, min(pause, max(0.0, next_beat - time.monotonic())))
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
        frames = read_and_release(cursor)
        yield from frames
        if frames and not cursor.caught_up:
            continue
        pause = HOLE_POLL if cursor.holding else wait
        events.wait_for_change(cursor.horizon, min(pause, max(0.0, next_beat - time.monotonic())))
        if time.monotonic() >= next_beat:
            yield HEARTBEAT_FRAME
            next_beat = time.monotonic() + HEARTBEAT
