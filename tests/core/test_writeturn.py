"""The write turn: one SQLite writer at a time across threads and processes."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

from kotacerdas.core.writeturn import writer_lock

PROBE = (
    "import fcntl, os, sys\n"
    "fd = os.open(sys.argv[1], os.O_RDWR)\n"
    "try:\n    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)\nexcept BlockingIOError:\n"
    "    sys.exit(3)\n"
)


def test_the_turn_excludes_other_processes(tmp_path: Path) -> None:
    database = f"{tmp_path}/kotacerdas.sqlite3"
    lock = f"{database}-kotacerdas-write.lock"
    with writer_lock(database):
        held = subprocess.run([sys.executable, "-c", PROBE, lock], check=False)
    free = subprocess.run([sys.executable, "-c", PROBE, lock], check=False)
    assert (held.returncode, free.returncode) == (3, 0)


def test_the_turn_excludes_other_threads_and_is_reentrant(tmp_path: Path) -> None:
    database = f"{tmp_path}/kotacerdas.sqlite3"
    order: list[str] = []

    def other() -> None:
        with writer_lock(database):
            order.append("other")

    with writer_lock(database):
        with writer_lock(database):  # the holder asks again: no deadlock
            order.append("holder")
        thread = threading.Thread(target=other)
        thread.start()
        time.sleep(0.05)
        order.append("holder done")
    thread.join(5)
    assert order == ["holder", "holder done", "other"]
