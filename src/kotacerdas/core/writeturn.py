"""One writer at a time on SQLite, queued by the kernel rather than by SQLite's sleeps.

SQLite lets one transaction write at a time; a writer that finds the lock taken polls with
growing sleeps (1, 2, 5, 10 … 100 ms), so under concurrent writes from several server
processes the database sat idle between transactions most of the time. Writers that are
expected to meet each other (sensor batches, citizen reports) first take the database's
*write turn*, a file lock: ``flock`` wakes the next writer the moment the holder lets go (or
dies: the kernel drops the lock of a killed process). Measured on Open311 POSTs, 2 workers,
8 clients: 270 → 460 reports/s. PostgreSQL locks rows itself: there the turn is free.
"""

from __future__ import annotations

import fcntl
import os
import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext

from django.db import DEFAULT_DB_ALIAS, connections

_thread_lock = threading.RLock()
_lock_files: dict[str, int] = {}
_held = threading.local()


def write_turn(using: str = DEFAULT_DB_ALIAS) -> AbstractContextManager[None]:
    """Wait for the database's write turn; open the write transaction inside it."""
    connection = connections[using]
    # Inside a caller's transaction SQLite's write lock is already ours (IMMEDIATE
    # transactions take it at BEGIN); waiting for the file lock while holding it would
    # deadlock with a process that holds the file lock and waits for SQLite's.
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        return nullcontext()
    return writer_lock(str(connection.settings_dict["NAME"]))


@contextmanager
def writer_lock(database: str) -> Iterator[None]:
    """Hold ``database``'s write turn: threads of this process, then other processes.

    Threads share one descriptor, and flock does not exclude them, hence the thread lock
    first. Re-entrant: a holder may call code that asks for the turn again.
    """
    if database == ":memory:" or "mode=memory" in database:  # one connection: nothing to share
        yield
        return
    path = f"{database}-kotacerdas-write.lock"
    with _thread_lock:
        if getattr(_held, "path", None) == path:  # this thread holds the turn already
            yield
            return
        fd = _lock_files.get(path)
        if fd is None:
            fd = _lock_files[path] = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        fcntl.flock(fd, fcntl.LOCK_EX)
        _held.path = path
        try:
            yield
        finally:
            _held.path = None
            fcntl.flock(fd, fcntl.LOCK_UN)
