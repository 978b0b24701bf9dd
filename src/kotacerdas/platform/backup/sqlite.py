"""SQLite: a snapshot by the online backup API, and a restore by copying the file into place."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

from kotacerdas.core.progress import progress
from kotacerdas.platform.backup.errors import BackupError

PAGES_PER_STEP = 1024


def snapshot(source: Path, dest: Path) -> None:
    """Copy the live database page by page into ``dest`` while writers keep committing.

    The read transaction opened first pins one WAL snapshot for the whole copy: every step
    reads that same state, so writers committing meanwhile neither restart the copy nor tear
    it (a batch is in the copy whole or not at all).
    """
    if not source.is_file():
        raise BackupError(f"the database {source} does not exist (has `kotacerdas migrate` run?)")
    src = sqlite3.connect(source, isolation_level=None, timeout=30)
    dst = sqlite3.connect(dest, isolation_level=None)
    try:
        src.execute("BEGIN")
        src.execute("SELECT count(*) FROM sqlite_master").fetchone()
        with progress(total=None, desc="database", unit="page") as bar:
            copied = 0

            def step(_status: int, remaining: int, total: int) -> None:
                nonlocal copied
                bar.total = total  # type: ignore[attr-defined]
                bar.update(total - remaining - copied)
                copied = total - remaining

            src.backup(dst, pages=PAGES_PER_STEP, progress=step)
        src.execute("COMMIT")
        # One self-contained file: no -wal beside it to forget when the folder is copied.
        dst.execute("PRAGMA journal_mode=DELETE").fetchone()
        check(dst, dest)
    except sqlite3.Error as exc:
        raise BackupError(f"the SQLite backup of {source} failed: {exc}") from exc
    finally:
        src.close()
        dst.close()


def check(conn: sqlite3.Connection, path: Path) -> None:
    result = conn.execute("PRAGMA quick_check").fetchone()[0]
    if result != "ok":
        raise BackupError(f"{path} fails SQLite's integrity check: {result}")


def migrations(path: Path) -> list[list[str]]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = conn.execute("SELECT app, name FROM django_migrations ORDER BY id").fetchall()
    except sqlite3.Error:
        rows = []
    finally:
        conn.close()
    return [[app, name] for app, name in rows]


def has_tables(path: Path) -> bool:
    if not path.exists() or path.stat().st_size == 0:
        return False
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        row = conn.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        ).fetchone()
    finally:
        conn.close()
    return bool(row[0])


def install(backup_file: Path, target: Path, close_connections: Any) -> None:
    """Copy the backup beside the target, check the copy, then move it over the empty one."""
    staged = target.with_name(target.name + ".restoring")
    total = backup_file.stat().st_size
    with (
        progress(total=total, desc="database", unit="B") as bar,
        backup_file.open("rb") as src,
        staged.open("wb") as dst,
    ):
        while chunk := src.read(1 << 20):
            dst.write(chunk)
            bar.update(len(chunk))
        dst.flush()
        os.fsync(dst.fileno())
    try:
        conn = sqlite3.connect(staged)
        try:
            check(conn, backup_file)
        finally:
            conn.close()
        # The empty database Django opened at startup: closed, and its WAL files with it,
        # so the restored file is not read against a stale -wal.
        close_connections()
        for suffix in ("-wal", "-shm", "-journal"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        os.replace(staged, target)
    except BaseException:
        staged.unlink(missing_ok=True)
        raise


__all__ = ["check", "has_tables", "install", "migrations", "snapshot"]
