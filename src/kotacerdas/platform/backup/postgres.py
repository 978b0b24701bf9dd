"""PostgreSQL: ``pg_dump --format=custom`` (one consistent snapshot) and ``pg_restore``.

The client programs get the connection from the environment (PGHOST, PGPASSWORD, ...), so
the password never shows on a command line in ``ps``.
"""

# ruff: noqa: S603, S607  (fixed argument lists, no shell; pg_dump/pg_restore from PATH as psql would be)

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any

from psycopg.conninfo import make_conninfo

from kotacerdas.config import postgres_conninfo
from kotacerdas.core.progress import progress
from kotacerdas.platform.backup.errors import BackupError

_ENV = {"host": "PGHOST", "port": "PGPORT", "user": "PGUSER", "password": "PGPASSWORD"}
_OPTION_ENV = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "passfile": "PGPASSFILE",
}


def client_env(settings: dict[str, Any]) -> dict[str, str]:
    env = dict(os.environ)
    for key, value in postgres_conninfo(settings).items():
        if key in _ENV:
            env[_ENV[key]] = str(value)
    for key, var in _OPTION_ENV.items():
        value = (settings.get("OPTIONS") or {}).get(key)
        if value:
            env[var] = str(value)
    return env


def describe(settings: dict[str, Any]) -> str:
    host = settings.get("HOST") or "localhost"
    port = settings.get("PORT") or 5432
    return f"database {settings['NAME']!r} on {host}:{port}"


def _run(argv: list[str], settings: dict[str, Any], desc: str, total: int | None) -> None:
    """Run a client program, one bar step per line of its --verbose output."""
    try:
        proc = subprocess.Popen(
            argv,
            env=client_env(settings),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
    except FileNotFoundError as exc:
        raise BackupError(
            f"{argv[0]} is not installed (Debian: apt install postgresql-client)"
        ) from exc
    errors: list[str] = []
    assert proc.stderr is not None
    with progress(total=total, desc=desc, unit="item") as bar:
        for line in proc.stderr:
            line = line.strip()
            if "error:" in line or "FATAL" in line:
                errors.append(line)
            elif line:
                bar.update(1)
    if proc.wait() != 0:
        reason = errors[0] if errors else f"exit status {proc.returncode}"
        raise BackupError(f"{argv[0]} failed for {describe(settings)}: {reason}")


def dump(settings: dict[str, Any], dest: Path) -> None:
    _run(
        [
            "pg_dump",
            "--format=custom",
            "--no-password",
            "--verbose",
            f"--file={dest}",
            f"--dbname={make_conninfo(dbname=settings['NAME'])}",
        ],
        settings,
        "database",
        None,
    )


def _items(settings: dict[str, Any], dump_file: Path) -> int | None:
    try:
        listing = subprocess.run(
            ["pg_restore", "--list", str(dump_file)],
            env=client_env(settings),
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    return sum(1 for line in listing.splitlines() if line and not line.startswith(";"))


def restore(settings: dict[str, Any], dump_file: Path) -> None:
    """Everything in one transaction: a failure leaves the database as empty as it was."""
    _run(
        [
            "pg_restore",
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            "--no-password",
            "--verbose",
            f"--dbname={make_conninfo(dbname=settings['NAME'])}",
            str(dump_file),
        ],
        settings,
        "database",
        _items(settings, dump_file),
    )


def has_tables(cursor: Any) -> bool:
    cursor.execute(
        "SELECT count(*) FROM pg_catalog.pg_tables "
        "WHERE schemaname NOT IN ('pg_catalog', 'information_schema')"
    )
    return bool(cursor.fetchone()[0])
