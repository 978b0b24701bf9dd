"""An agency's work (issue #14 part 4): a disposed report reaches the agency's contact
addresses and its active staff, with the instruction and a console link but nothing of the
reporter; before an agency is deactivated its open reports are counted and moved to
another agency, one recorded step per report, audited."""

from __future__ import annotations

import pytest
from django.core import mail

from kotacerdas.apps.aduan_warga.models import Report, ReportAction, Status
from kotacerdas.apps.aduan_warga.services import NotPermitted, ReportInvalid, workflow
from kotacerdas.contract import get_app
from kotacerdas.core.models import Agency, Membership
from kotacerdas.core.models.audit import AuditEntry
from kotacerdas.core.tenancy import Role
from tests.apps.aduan_warga.conftest import ctx_of, new_report, staff_actor
from tests.conftest import Demo

ALL = "tests look at every row"
INSTRUCTION = "Prioritaskan, dekat sekolah"


def _dpu(demo: Demo) -> Agency:
    return Agency.objects.unscoped(ALL).get(region=demo.semarang, slug="dpu")


def test_disposed_report_mails_the_agency_and_its_active_staff(
    demo: Demo, django_capture_on_commit_callbacks: object
) -> None:
    dpu = _dpu(demo)
    dpu.email = "dpu@semarangkota.go.id"
    if hasattr(dpu, "more_emails"):  # the core's extra contact addresses
        dpu.more_emails = ["bidang.jalan@semarangkota.go.id"]
    dpu.save()
    officer = demo.user("dpu-semarang")
    officer.email = "petugas.dpu@contoh.id"
    officer.save()
    # A second officer whose membership was deactivated: no mail for them.
    gone = type(officer).objects.create(username="dpu-lama", email="lama@contoh.id")
    member = Membership.objects.unscoped(ALL).create(
        user=gone, role=Role.AGENCY_STAFF, agency=dpu, region=demo.semarang
    )
    if hasattr(member, "is_active"):
        member.is_active = False
        member.save()
    else:
        gone.is_active = False
        gone.save()

    report, _ = new_report(demo, email="pelapor.rahasia@contoh.id")
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        workflow.dispose(staff_actor(demo, "admin-semarang"), report.pk, "dpu", INSTRUCTION)
    to_agency = [m for m in mail.outbox if "dpu@semarangkota.go.id" in m.to]
    assert len(to_agency) == 1
    sent = to_agency[0]
    expected = {"dpu@semarangkota.go.id", "petugas.dpu@contoh.id"}
    if hasattr(dpu, "more_emails"):
        expected.add("bidang.jalan@semarangkota.go.id")
    assert set(sent.to) == expected
    assert report.ticket in sent.subject
    assert INSTRUCTION in sent.body
    assert f"/console/semarang/aduan-warga/{report.ticket}/" in sent.body
    for personal in ("Siti Rahmawati", "081234567890", "pelapor.rahasia@contoh.id"):
        assert personal not in sent.body
    # The reporter's own mail does not carry the instruction.
    to_reporter = [m for m in mail.outbox if "pelapor.rahasia@contoh.id" in m.to]
    assert to_reporter and all(INSTRUCTION not in m.body for m in to_reporter)


def test_open_work_is_counted_and_reassigned(
    demo: Demo, django_capture_on_commit_callbacks: object
) -> None:
    app = get_app("aduan-warga")
    assert app is not None
    admin_ctx = ctx_of(demo.semarang, demo.user("admin-semarang"))
    dpu = _dpu(demo)
    dlh = Agency.objects.unscoped(ALL).get(region=demo.semarang, slug="dlh")
    admin = staff_actor(demo, "admin-semarang")
    mine = [new_report(demo)[0] for _ in range(3)]
    for report in mine:
        workflow.dispose(admin, report.pk, "dpu")
    workflow.resolve(staff_actor(demo, "dpu-semarang"), mine[1].pk, "Selesai")  # awaits reporter
    workflow.archive(admin, mine[2].pk, "Iseng")  # finished: not open work
    reports = Report.objects.unscoped(ALL).filter(region=demo.semarang, agency=dpu)
    # Not closed yet: open, or resolved and waiting for the reporter (who may reopen).
    unfinished = reports.exclude(
        status__in=[Status.CLOSED, Status.NOT_AUTHORITY, Status.ARCHIVED, Status.DUPLICATE]
    )
    expected = unfinished.count()  # the demo's DPU reports too
    assert app.agency_open_work(admin_ctx, dpu) == expected >= 2

    # Refusals: agency staff, an agency of another region, the same agency.
    with pytest.raises(NotPermitted):
        app.reassign_agency_work(ctx_of(demo.semarang, demo.user("dpu-semarang")), dpu, dlh)
    kendal_dlh = Agency.objects.unscoped(ALL).get(region=demo.kendal, slug="dlh")
    with pytest.raises(ReportInvalid):
        app.reassign_agency_work(admin_ctx, dpu, kendal_dlh)
    with pytest.raises(ReportInvalid):
        app.reassign_agency_work(admin_ctx, dpu, dpu)
    assert app.agency_open_work(admin_ctx, dpu) == expected  # nothing moved

    dlh_before = app.agency_open_work(admin_ctx, dlh)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        moved = app.reassign_agency_work(admin_ctx, dpu, dlh)
    assert moved == expected
    assert app.agency_open_work(admin_ctx, dpu) == 0
    assert app.agency_open_work(admin_ctx, dlh) == dlh_before + moved
    resolved = Report.objects.unscoped(ALL).get(pk=mine[1].pk)
    assert resolved.agency_id == dlh.pk and resolved.status == Status.RESOLVED
    archived = Report.objects.unscoped(ALL).get(pk=mine[2].pk)
    assert archived.agency_id == dpu.pk  # finished work keeps its history
    steps = ReportAction.objects.unscoped(ALL).filter(action="reassign")
    assert steps.count() == moved
    step = steps.get(report=mine[0])
    assert not step.public and step.agency_id == dlh.pk and step.actor_id is not None
    assert "Dinas Pekerjaan Umum" in step.note
    entry = AuditEntry.objects.unscoped(ALL).get(action="reports.reassigned")
    assert entry.region_id == demo.semarang.pk and entry.target == "dpu"
    assert entry.detail["count"] == moved and mine[0].ticket in entry.detail["tickets"]
    # The public timeline does not show the move as a step (the agency shows on the page).
    page = demo.client_for(None).get(f"/r/semarang/aduan-warga/laporan/{mine[0].ticket}/")
    assert "Dinas Pekerjaan Umum ke" not in page.content.decode()
