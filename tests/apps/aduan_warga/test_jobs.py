"""The periodic job: overdue reports flagged and escalated once, resolved ones auto-closed."""

from __future__ import annotations

import datetime as dt

from django.core import mail
from django.utils import timezone

from kotacerdas.apps.aduan_warga.models import Report, ReportAction, Status
from kotacerdas.apps.aduan_warga.plugin import AduanWarga
from kotacerdas.apps.aduan_warga.services import workflow
from kotacerdas.apps.aduan_warga.services.jobs import check_deadlines
from kotacerdas.contract import Severity
from kotacerdas.core.models import AlertRecord
from tests.apps.aduan_warga.conftest import ctx_of, new_report, staff_actor
from tests.conftest import Demo

ALL = "tests look at every row"


def test_overdue_flagged_escalated_once_and_alerted(
    demo: Demo, django_capture_on_commit_callbacks: object
) -> None:
    report, _ = new_report(demo)
    Report.objects.unscoped(ALL).filter(pk=report.pk).update(
        due_at=timezone.now() - dt.timedelta(hours=1)
    )
    admin = demo.user("admin-semarang")
    admin.email = "admin@semarang.go.id"
    admin.save()
    ctx = ctx_of(demo.semarang)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        first = check_deadlines(ctx)
    assert first["overdue"] >= 1
    report.refresh_from_db()
    assert report.overdue and report.escalated_at is not None
    assert any("admin@semarang.go.id" in m.to and report.ticket in m.subject for m in mail.outbox)
    escalations = ReportAction.objects.unscoped(ALL).filter(report=report, action="escalate")
    assert escalations.count() == 1 and not escalations.get().public
    alert = AlertRecord.objects.unscoped(ALL).get(
        region=demo.semarang, app_key="aduan-warga", condition="overdue", state="active"
    )
    assert alert.data["overdue"] >= 1
    assert alert.severity in (Severity.WARNING, Severity.CRITICAL)
    second = check_deadlines(ctx)
    assert second["overdue"] == 0
    assert ReportAction.objects.unscoped(ALL).filter(report=report, action="escalate").count() == 1


def test_resolved_report_closes_after_configured_days(demo: Demo) -> None:
    report, _ = new_report(demo)
    admin = staff_actor(demo, "admin-semarang")
    workflow.dispose(admin, report.pk, "dpu")
    workflow.resolve(admin, report.pk, "Selesai")
    report.refresh_from_db()
    assert report.due_at is not None
    ctx = ctx_of(demo.semarang)
    check_deadlines(ctx, report.due_at - dt.timedelta(minutes=1))
    report.refresh_from_db()
    assert report.status == Status.RESOLVED
    # Kendal's run does not touch Semarang's report: each region's job sees its own.
    check_deadlines(ctx_of(demo.kendal), report.due_at + dt.timedelta(minutes=1))
    report.refresh_from_db()
    assert report.status == Status.RESOLVED
    check_deadlines(ctx, report.due_at + dt.timedelta(minutes=1))
    report.refresh_from_db()
    assert report.status == Status.CLOSED
    last = ReportAction.objects.unscoped(ALL).filter(report=report).last()
    assert last is not None and last.action == "auto_close" and last.actor_label == "system"


def test_agency_warned_before_deadline(
    demo: Demo, django_capture_on_commit_callbacks: object
) -> None:
    report, _ = new_report(demo)
    dpu = demo.user("dpu-semarang")
    dpu.email = "dpu@semarang.go.id"
    dpu.save()
    admin = staff_actor(demo, "admin-semarang")
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        workflow.dispose(admin, report.pk, "dpu")
    assert any("dpu@semarang.go.id" in m.to for m in mail.outbox)  # told on disposition
    report.refresh_from_db()
    assert report.due_at is not None
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        result = check_deadlines(ctx_of(demo.semarang), report.due_at - dt.timedelta(hours=2))
    assert result["warned"] >= 1
    assert any("dpu@semarang.go.id" in m.to and report.ticket in m.subject for m in mail.outbox)


def test_periodic_job_is_declared_through_the_contract() -> None:
    jobs = AduanWarga().periodic_jobs()
    assert [j.name for j in jobs] == ["aduan-warga-deadlines"]
    assert jobs[0].run is check_deadlines and jobs[0].every_seconds > 0
    assert jobs[0].per_region


def test_the_runner_gives_the_job_each_regions_context(demo: Demo) -> None:
    from kotacerdas.contract import PeriodicJob
    from kotacerdas.platform.jobs import RegisteredJob, run_job

    seen = []

    def spy(ctx: object, now: object = None) -> dict[str, int]:
        seen.append(ctx)
        return check_deadlines(ctx)  # type: ignore[arg-type]

    app = AduanWarga()
    (job,) = app.periodic_jobs()
    assert run_job(RegisteredJob(app, PeriodicJob(job.name, job.every_seconds, spy))) == []
    regions = {ctx.region.slug for ctx in seen}  # type: ignore[attr-defined]
    assert {"semarang", "kendal"} <= regions
    for ctx in seen:
        assert ctx.app_key == "aduan-warga"  # type: ignore[attr-defined]
        assert ctx.config.verify_days() == 3  # type: ignore[attr-defined]
        # the job's scope reaches its own region only
        assert ctx.scope.admin_regions == frozenset({ctx.region.pk})  # type: ignore[attr-defined]


def test_overdue_alert_follows_the_overdue_reports(demo: Demo) -> None:
    from kotacerdas.apps.aduan_warga.models import OPEN_STATES

    ctx = ctx_of(demo.semarang)
    reports = Report.objects.unscoped(ALL).filter(region=demo.semarang)
    check_deadlines(ctx)
    expected = reports.filter(overdue=True, status__in=OPEN_STATES).count()
    assert expected, "the demo has open overdue reports in Semarang"
    alerts = AlertRecord.objects.unscoped(ALL).filter(
        region=demo.semarang, app_key="aduan-warga", condition="overdue"
    )
    alert = alerts.get(state="active")
    assert alert.title.startswith(f"{expected} ")
    assert alert.severity == (Severity.WARNING if expected < 10 else Severity.CRITICAL)
    # A closed report flagged overdue is not an open overdue report.
    closed = reports.filter(status=Status.CLOSED).values_list("pk", flat=True)[:1]
    reports.filter(pk__in=list(closed)).update(overdue=True)
    check_deadlines(ctx)
    assert alerts.get(state="active").title.startswith(f"{expected} ")
    # Nothing overdue any more (and nothing left to flag): the job clears the alert.
    reports.filter(status__in=OPEN_STATES).update(overdue=False, due_at=None)
    check_deadlines(ctx)
    assert not alerts.filter(state="active").exists()
    assert alerts.filter(state="cleared").exists()
