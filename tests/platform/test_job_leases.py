"""The job runner: leases make a job run once per interval, failures are recorded."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from kotacerdas.contract import PeriodicJob, SmartCityApp, get_app
from kotacerdas.core.models import JobLease
from kotacerdas.platform import jobs


def example() -> SmartCityApp:
    app = get_app("contoh-taman")
    assert app is not None
    return app


def platform_job(name: str, run: object) -> jobs.RegisteredJob:
    return jobs.RegisteredJob(example(), PeriodicJob(name, 60, run, per_region=False))  # type: ignore[arg-type]


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []

    def broken() -> None:
        seen.append("broken")
        raise ValueError("sensor table missing")

    monkeypatch.setattr(
        jobs,
        "registered_jobs",
        lambda: [
            platform_job("sla", lambda: seen.append("sla")),
            platform_job("broken", broken),
        ],
    )
    return seen


@pytest.mark.django_db
def test_a_job_runs_once_per_interval(calls: list[str]) -> None:
    now = timezone.now()
    first = jobs.run_due(now)
    assert [(o.name, o.ok) for o in first] == [
        ("contoh-taman:sla", True),
        ("contoh-taman:broken", False),
    ]
    assert jobs.run_due(now + dt.timedelta(seconds=30)) == []  # leases still held
    again = jobs.run_due(now + dt.timedelta(seconds=61))
    assert [o.name for o in again] == ["contoh-taman:sla", "contoh-taman:broken"]
    assert calls == ["sla", "broken", "sla", "broken"]


@pytest.mark.django_db
def test_failures_are_recorded_and_cleared(calls: list[str]) -> None:
    jobs.run_due(timezone.now())
    lease = JobLease.objects.get(name="contoh-taman:broken")
    assert "sensor table missing" in lease.last_error
    ok = JobLease.objects.get(name="contoh-taman:sla")
    assert ok.runs == 1 and ok.last_finished_at is not None and ok.last_error == ""


@pytest.mark.django_db
def test_two_runners_never_both_claim() -> None:
    job = platform_job("once", lambda: None)
    now = timezone.now()
    assert jobs.claim(job, now) is True
    assert jobs.claim(job, now) is False
