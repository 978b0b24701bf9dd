"""Shared bench helpers: results, percentiles, a throw-away data folder with Django set up."""

from __future__ import annotations

import os
import platform
import statistics
import tempfile
from dataclasses import asdict, dataclass
from typing import Any


@dataclass
class Result:
    """One measured figure. ``target`` is the issue's goal; ``ok`` whether we met it."""

    name: str
    value: float
    unit: str
    target: str = ""
    ok: bool | None = None
    note: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def percentile(samples: list[float], pct: float) -> float:
    ordered = sorted(samples)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * pct / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def mean(samples: list[float]) -> float:
    return statistics.fmean(samples) if samples else float("nan")


def machine() -> dict[str, Any]:
    return {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
    }


def setup_django(database_url: str | None = None) -> str:
    """Point Django at a fresh data folder (and database), migrate, and return the folder."""
    folder = tempfile.mkdtemp(prefix="kotacerdas-bench-")
    os.environ["KOTACERDAS_DATA_DIR"] = folder
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    else:
        os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kotacerdas.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", "--no-input", verbosity=0)
    return folder


PLANNER_SETTINGS = {"random_page_cost": "1.1", "effective_io_concurrency": "200"}


def _pg_database(server_url: str, name: str, action: str) -> None:
    import psycopg

    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")
        if action == "create":
            conn.execute(f"CREATE DATABASE {name}")
            # The planner settings deploy/postgresql/kotacerdas.conf gives a server on SSD
            # storage (PostgreSQL's defaults price a random read as on a spinning disk).
            for setting, value in PLANNER_SETTINGS.items():
                conn.execute(f"ALTER DATABASE {name} SET {setting} = {value}")


def _child(module: str, label: str, backend: str) -> list[Result]:
    """``module.measure_cli(backend)`` in a fresh process: Django is set up once per process."""
    import json
    import subprocess
    import sys

    code = (
        f"import json, {module} as m; "
        f"print('@@R@@' + json.dumps([r.as_dict() for r in m.measure_cli({backend!r})]))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    for line in proc.stdout.splitlines():
        if line.startswith("@@R@@"):
            return [Result(**r) for r in json.loads(line[5:])]
    tail = (proc.stderr.strip().splitlines() or ["?"])[-1]
    return [Result(f"{label} ({backend}): failed", float("nan"), "", ok=False, note=tail)]


def on_sqlite_and_postgresql(module: str, label: str, pg_server: str, pg_db: str) -> list[Result]:
    """Run a bench module's ``measure_cli`` on SQLite, then on a throw-away PostgreSQL database."""
    results = _child(module, label, "sqlite")
    try:
        _pg_database(pg_server, pg_db, "create")
    except Exception as exc:  # no server here: say so in the table instead of failing
        return [
            *results,
            Result(f"{label} (PostgreSQL): skipped", float("nan"), "", note=str(exc)[:120]),
        ]
    try:
        results += _child(module, label, "postgresql")
    finally:
        _pg_database(pg_server, pg_db, "drop")
    return results
