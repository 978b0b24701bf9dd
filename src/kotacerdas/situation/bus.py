"""One relay per server process between the core's event bus and the browsers' streams.

Waiting browsers are asyncio tasks; the core wakes threads. A single relay thread waits on
the core's in-process bus and, on PostgreSQL, a single LISTEN connection hears NOTIFY from
every other process; both wake every waiting stream at once. Wakes carry no data: a stream
re-reads the events table after its own last id, so a missed wake only costs a poll.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from typing import Any

from django.db import connection

from kotacerdas.config import postgres_conninfo
from kotacerdas.core import events

log = logging.getLogger(__name__)


class Relay:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._waiters: set[tuple[asyncio.AbstractEventLoop, asyncio.Event]] = set()
        self._started = False
        self._stopping = threading.Event()
        self._threads: list[threading.Thread] = []
        self.latest = 0

    def start(self) -> None:
        """Start the relay threads once per process (on the first stream)."""
        with self._lock:
            if self._started:
                return
            self._started = True
        self._threads = [
            threading.Thread(target=self._relay_local, name="situation-relay", daemon=True)
        ]
        if connection.vendor == "postgresql":
            params = postgres_conninfo(connection.settings_dict)
            self._threads.append(
                threading.Thread(
                    target=_listen_forever,
                    args=(params, self._stopping),
                    name="situation-listen",
                    daemon=True,
                )
            )
        for thread in self._threads:
            thread.start()

    def stop(self) -> None:
        """Stop the threads and close the LISTEN connection (tests drop their database)."""
        with self._lock:
            if not self._started:
                return
            self._started = False
        self._stopping.set()
        for thread in self._threads:
            thread.join(timeout=10)
        self._threads = []
        self._stopping = threading.Event()

    def announce(self, event_id: int) -> None:
        with self._lock:
            self.latest = max(self.latest, event_id)
            waiters = list(self._waiters)
        for loop, ready in waiters:
            loop.call_soon_threadsafe(ready.set)

    async def wait(self, after_id: int, timeout: float) -> None:
        """Return when an event newer than ``after_id`` is announced, or after ``timeout``."""
        entry = (asyncio.get_running_loop(), asyncio.Event())
        with self._lock:
            self._waiters.add(entry)
            already = self.latest > after_id  # checked after registering: no lost wake
        try:
            if not already:
                await asyncio.wait_for(entry[1].wait(), timeout)
        except TimeoutError:
            pass
        finally:
            with self._lock:
                self._waiters.discard(entry)

    def _relay_local(self) -> None:
        seen = 0
        stopping = self._stopping
        while not stopping.is_set():
            events.wait_for_change(seen, timeout=1)
            latest = events.latest_announced()
            if latest > seen:
                seen = latest
                self.announce(latest)


def _listen_forever(params: dict[str, Any], stopping: threading.Event) -> None:
    while not stopping.is_set():
        try:
            asyncio.run(_listen(params, stopping))
        except Exception:  # the database restarted or the network dropped: listen again
            log.warning("situation room: LISTEN %s lost, reconnecting", events.CHANNEL)
            time.sleep(1)


async def _listen(params: dict[str, Any], stopping: threading.Event) -> None:
    import psycopg

    conn = await psycopg.AsyncConnection.connect(autocommit=True, **params)
    async with conn:
        await conn.execute(f"LISTEN {events.CHANNEL}")
        while not stopping.is_set():
            # A one-second window, so a stop request is seen without a notification.
            async for note in conn.notifies(timeout=1.0):
                # Through the core's bus, so synchronous (WSGI) streams wake as well.
                events.wake_local(int(note.payload))


relay = Relay()
