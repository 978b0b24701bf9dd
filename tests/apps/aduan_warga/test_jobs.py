"""The periodic job: overdue reports flagged and escalated once, resolved ones auto-closed."""

from __future__ import annotations

import datetime as dt

from django.core import mail
from django.utils import timezone

from kotacerdas.apps.aduan_warga.models import Report, ReportAction, Status
from kotacerdas.apps.aduan_warga.plugin import AduanWarga
from kotacerdas.apps.aduan_warga.services import workflow
from kotacerdas.apps.aduan_warga.services.jobs import check_deadlines
from kotacerdas.core.models import AlertRecord
from kotacerdas.core.tenancy import Scope
from tests.apps.aduan_warga.conftest import new_report
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
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        first = check_deadlines()
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
    second = check_deadlines()
    assert second["overdue"] == 0
    assert ReportAction.objects.unscoped(ALL).filter(report=report, action="escalate").count() == 1


def test_resolved_report_closes_after_configured_days(demo: Demo) -> None:
    report, _ = new_report(demo)
    scope = Scope.for_user(demo.user("admin-semarang"))
    admin = workflow.Actor.staff(scope, demo.user("admin-semarang"))
    workflow.dispose(admin, report.pk, "dpu")
    workflow.resolve(admin, report.pk, "Selesai")
    report.refresh_from_db()
    assert report.due_at is not None
    check_deadlines(report.due_at - dt.timedelta(minutes=1))
    report.refresh_from_db()
    assert report.status == Status.RESOLVED
    check_deadlines(report.due_at + dt.timedelta(minutes=1))
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
    admin = workflow.Actor.staff(
        Scope.for_user(demo.user("admin-semarang")), demo.user("admin-semarang")
    )
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        workflow.dispose(admin, report.pk, "dpu")
    assert any("dpu@semarang.go.id" in m.to for m in mail.outbox)  # told on disposition
    report.refresh_from_db()
    assert report.due_at is not None
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        result = check_deadlines(report.due_at - dt.timedelta(hours=2))
    assert result["warned"] >= 1
    assert any("dpu@semarang.go.id" in m.to and report.ticket in m.subject for m in mail.outbox)


def test_periodic_job_is_declared_through_the_contract() -> None:
    jobs = AduanWarga().periodic_jobs()
    assert [j.name for j in jobs] == ["aduan-warga-deadlines"]
    assert jobs[0].run is check_deadlines and jobs[0].every_seconds > 0
