"""The job runner: calls every app's periodic jobs, and those platform modules register
(``register_platform_job``: the maturity index's hourly recompute), once per interval
across all processes.

Embedded default: ``kotacerdas demo`` and ``kotacerdas serve`` start it as a thread.
At scale run it as its own process, ``kotacerdas run-jobs``, as many as you like: a job
runs where its lease was claimed, and the lease lives in the database, not in memory.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import traceback
from dataclasses import dataclass

from django.db import close_old_connections, transaction
from django.db.models import F, Q
from django.utils import timezone

from kotacerdas.contract import PeriodicJob, SmartCityApp, all_apps
from kotacerdas.core import metrics
from kotacerdas.core.models import AppInstallation, JobLease, Region
from kotacerdas.platform.context import ConfigBroken, context_for_installation

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class JobOutcome:
    name: str
    ok: bool
    error: str = ""


@dataclass(frozen=True)
class RegisteredJob:
    app: SmartCityApp
    job: PeriodicJob

    @property
    def name(self) -> str:
        return f"{self.app.key}:{self.job.name}"

    @property
    def every_seconds(self) -> int:
        return self.job.every_seconds


@dataclass(frozen=True)
class PlatformJob:
    """A platform module's job (modules above the platform cannot be imported by it, so they
    register). ``per_region``: ``run(region)`` once for every region, each in its own
    transaction; otherwise ``run()`` once."""

    module: str
    job: PeriodicJob

    @property
    def name(self) -> str:
        return f"{self.module}:{self.job.name}"

    @property
    def every_seconds(self) -> int:
        return self.job.every_seconds


_platform_jobs: dict[str, PlatformJob] = {}


def register_platform_job(module: str, job: PeriodicJob) -> None:
    """Called from a platform module's ``AppConfig.ready()``; registering again replaces."""
    entry = PlatformJob(module, job)
    _platform_jobs[entry.name] = entry


def registered_jobs() -> list[RegisteredJob | PlatformJob]:
    apps: list[RegisteredJob | PlatformJob] = [
        RegisteredJob(app, job) for app in all_apps() for job in app.periodic_jobs()
    ]
    return apps + list(_platform_jobs.values())


def _run_platform_job(entry: PlatformJob) -> list[str]:
    if not entry.job.per_region:
        with transaction.atomic():
            entry.job.run()
        return []
    failures = []
    for region in Region.objects.select_related("province").order_by("code"):
        try:
            with transaction.atomic():
                entry.job.run(region)
        except Exception as exc:  # one region's failure must not stop the others
            log.exception("job %s failed for %s", entry.name, region.slug)
            error = "".join(traceback.format_exception_only(exc)).strip()
            failures.append(f"{region.slug}: {error}")
    return failures


def run_job(entry: RegisteredJob | PlatformJob) -> list[str]:
    """Run one job now: once, or once per region that runs the app, each region in its own
    transaction with that region's context. Returns the regions' failures (empty: all ran)."""
    if isinstance(entry, PlatformJob):
        return _run_platform_job(entry)
    if not entry.job.per_region:
        with transaction.atomic():
            entry.job.run()
        return []
    failures = []
    rows = (
        AppInstallation.objects.unscoped("the job runner visits every region running the app")
        .filter(app_key=entry.app.key, enabled=True)
        .select_related("region", "region__province")
        .order_by("region__code")
    )
    for installation in rows:
        try:
            ctx = context_for_installation(entry.app, installation)
            with transaction.atomic():
                entry.job.run(ctx)
        except ConfigBroken as exc:
            failures.append(f"{installation.region.slug}: {exc}")
        except Exception as exc:  # one region's failure must not stop the others
            log.exception("job %s failed for %s", entry.name, installation.region.slug)
            error = "".join(traceback.format_exception_only(exc)).strip()
            failures.append(f"{installation.region.slug}: {error}")
    return failures


def claim(job: RegisteredJob | PlatformJob, now: dt.datetime) -> bool:
    """True when this process won the lease for ``job`` until its next due time."""
    JobLease.objects.get_or_create(name=job.name)
    until = now + dt.timedelta(seconds=job.every_seconds)
    free = Q(locked_until__isnull=True) | Q(locked_until__lte=now)
    won = JobLease.objects.filter(free, name=job.name).update(
        locked_until=until, last_started_at=now
    )
    return won == 1


def run_due(now: dt.datetime | None = None) -> list[JobOutcome]:
    """Run every job whose lease is free; a failing job is logged and does not stop others."""
    outcomes = []
    for job in registered_jobs():
        # Each job's lease from the moment it is claimed: a pass's start time would let a
        # job late in a slow pass run again sooner than its interval.
        if not claim(job, now or timezone.now()):
            continue
        metrics.JOB_RUNS.labels(job.name).inc()
        try:
            failures = run_job(job)
        except Exception as exc:  # a job's bug must not stop the runner
            log.exception("job %s failed", job.name)
            failures = ["".join(traceback.format_exception_only(exc)).strip()]
        if failures:
            metrics.JOB_FAILURES.labels(job.name).inc()
            error = "\n".join(failures)
            JobLease.objects.filter(name=job.name).update(last_error=error[:2000])
            outcomes.append(JobOutcome(job.name, False, error))
            continue
        # One UPDATE, not read-modify-write: a run that outlasted its interval may finish
        # while another process's run of the same job does.
        JobLease.objects.filter(name=job.name).update(
            last_finished_at=timezone.now(), last_error="", runs=F("runs") + 1
        )
        outcomes.append(JobOutcome(job.name, True))
    return outcomes


class JobRunner(threading.Thread):
    """Checks for due jobs every ``tick`` seconds until stopped."""

    def __init__(self, tick: float = 15.0) -> None:
        super().__init__(name="kotacerdas-jobs", daemon=True)
        self.tick = tick
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.is_set():
            try:
                run_due()
            except Exception:
                log.exception("job runner tick failed")
            finally:
                close_old_connections()
            self._stop_event.wait(self.tick)

    def stop(self) -> None:
        self._stop_event.set()
