"""Prometheus metrics of every kotacerdas process, added up across processes at ``/metrics``.

``kotacerdas serve --workers N`` runs N processes, ``ingest-mqtt`` and ``run-jobs`` run
beside them: prometheus_client's multiprocess mode has each process write its values into
files of its own in ``PROMETHEUS_MULTIPROC_DIR`` and a scrape adds the files up. The library
reads that variable when it is imported, so settings sets it (``<DATA_DIR>/metrics/``
unless the environment names another folder) before anything imports this module.

Processes come and go (a restarted worker has a new pid). ``fold_ended_processes`` runs at
every process start: an ended process's counters and histograms are added into one
``*_folded.db`` file per type, so totals never go down (Prometheus would read a drop as a
counter reset) and the folder does not grow by a file per restart; its live gauges (stream
clients) are dropped, since they described connections that ended with it. The folder must
belong to one machine: the pids in the file names mean nothing on another.

Labels are bounded on purpose: a route is the URL pattern's name, never the path.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from prometheus_client import Counter, Gauge, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.mmap_dict import MmapedDict
from prometheus_client.multiprocess import MultiProcessCollector

NAMESPACE = "kotacerdas"
FOLDED = "folded"  # the pid part of the files that hold ended processes' totals
LOCK_FILE = ".lock"
# prometheus_client's multiprocess helpers carry no annotations.
_Mmap: Any = MmapedDict
_FileCollector: Any = MultiProcessCollector

HTTP_REQUESTS = Counter(
    "http_requests",
    "HTTP requests answered, by route (URL pattern name) and status class.",
    ["route", "status"],
    namespace=NAMESPACE,
)
HTTP_LATENCY = Histogram(
    "http_request_duration_seconds",
    "Time from the request entering the middleware to its response (streams: to the "
    "first byte), by route.",
    ["route"],
    namespace=NAMESPACE,
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
READINGS_INGESTED = Counter(
    "sensor_readings_ingested",
    "Sensor readings stored (new ones; a resent duplicate is not counted), by channel.",
    ["channel"],
    namespace=NAMESPACE,
)
READINGS_REJECTED = Counter(
    "sensor_readings_rejected",
    "Sensor readings refused, by channel (HTTP refuses a batch whole: all its readings).",
    ["channel"],
    namespace=NAMESPACE,
)
MQTT_LAG = Histogram(
    "mqtt_lag_seconds",
    "Seconds from the arrival of a batch's oldest MQTT message to the batch's commit.",
    namespace=NAMESPACE,
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0),
)
JOB_RUNS = Counter(
    "job_runs", "Periodic job runs started by this platform, by job.", ["job"], namespace=NAMESPACE
)
JOB_FAILURES = Counter(
    "job_failures",
    "Periodic job runs that failed (in any region), by job.",
    ["job"],
    namespace=NAMESPACE,
)
STREAM_CLIENTS = Gauge(
    "event_stream_clients",
    "Browsers connected to an event stream (situation rooms) now.",
    namespace=NAMESPACE,
    multiprocess_mode="livesum",
)


def folder() -> Path:
    return Path(os.environ["PROMETHEUS_MULTIPROC_DIR"])


@contextmanager
def _locked(path: Path, exclusive: bool) -> Iterator[None]:
    """Scrapes share the folder; folding takes it alone, so no scrape sees a value twice
    (in the ended process's file and in the folded one) or not at all."""
    with open(path / LOCK_FILE, "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: alive
        return True
    return True


def _pid_of(name: str) -> tuple[str, int | None]:
    """(type, pid) from ``counter_123.db`` or ``gauge_livesum_123.db``; pid ``None`` for
    a folded file or one this module did not write."""
    parts = name.removesuffix(".db").split("_")
    raw = parts[-1]
    return parts[0], int(raw) if raw.isdigit() else None


def fold_ended_processes(path: Path) -> int:
    """Fold the files of processes that have ended (see the module's docstring); returns
    how many files were folded or dropped."""
    done = 0
    with _locked(path, exclusive=True):
        for file in sorted(path.glob("*.db")):
            kind, pid = _pid_of(file.name)
            if pid is None or _alive(pid):
                continue
            if kind == "gauge" and not file.name.startswith("gauge_live"):
                continue  # a gauge mode that keeps ended processes' values (none of ours)
            if kind != "gauge":  # counters, histograms: their totals stay
                _add_into(path / f"{kind}_{FOLDED}.db", file)
            file.unlink()
            done += 1
    return done


def _add_into(target: Path, source: Path) -> None:
    folded = _Mmap(str(target))
    try:
        for key, value, timestamp, _pos in _Mmap.read_all_values_from_file(str(source)):
            total, _when = folded.read_value(key)
            folded.write_value(key, total + value, timestamp)
    finally:
        folded.close()


class OpenAlerts:
    """Open (active or acknowledged) core alerts per region and severity, counted when
    scraped: one grouped query, only in the process that answers the scrape."""

    def collect(self) -> Iterable[Metric]:
        from django.db.models import Count

        from kotacerdas.core.models import AlertRecord
        from kotacerdas.core.tenancy import Scope

        family = GaugeMetricFamily(
            f"{NAMESPACE}_open_alerts",
            "Open (active or acknowledged) alerts, by region and severity.",
            labels=["region", "severity"],
        )
        open_states = [AlertRecord.State.ACTIVE, AlertRecord.State.ACKNOWLEDGED]
        rows = (
            AlertRecord.objects.scoped(Scope.system("metrics count open alerts"))
            .filter(state__in=open_states)
            .values_list("region__slug", "severity")
            .annotate(n=Count("id"))
            .order_by()
        )
        for slug, severity, n in rows:
            family.add_metric([slug, severity], n)
        yield family


class _Scrape:
    """What one scrape answers: the processes' files added up (read under the shared lock,
    which the alerts' query does not need to hold), then the open alerts."""

    def __init__(self, path: Path) -> None:
        with _locked(path, exclusive=False):
            self.merged: list[Metric] = list(_FileCollector(None, path=str(path)).collect())

    def collect(self) -> Iterable[Metric]:
        yield from self.merged
        yield from OpenAlerts().collect()


def scrape() -> bytes:
    """Every process's metrics added up, and the open alerts, in the text format."""
    return generate_latest(_Scrape(folder()))


# Every process that writes metrics imports this module before its first write: the
# right moment to tidy up after the processes that ran before it.
if os.path.isdir(os.environ.get("PROMETHEUS_MULTIPROC_DIR", "")):
    fold_ended_processes(folder())
