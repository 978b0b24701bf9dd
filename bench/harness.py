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
