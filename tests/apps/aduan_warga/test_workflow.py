"""The LAPOR! workflow through the services: who may do what, history, deadlines, mail."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from kotacerdas.apps.aduan_warga.models import Report, ReportAction, Status
from kotacerdas.apps.aduan_warga.queries import public_timeline
from kotacerdas.apps.aduan_warga.services import NotPermitted, ReportInvalid, workflow
from kotacerdas.core.calendar import WIB, add_working_days
from tests.apps.aduan_warga.conftest import ctx_of, new_report, staff_actor
from tests.conftest import Demo

ALL = "tests look at every row"


def actor(demo: Demo, username: str) -> workflow.Actor:
    return staff_actor(demo, username)


def test_full_flow_records_who_and_when(
    demo: Demo, django_capture_on_commit_callbacks: object
) -> None:
    report, _token = new_report(demo)
    admin, dpu = actor(demo, "admin-semarang"), actor(demo, "dpu-semarang")
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        workflow.verify(admin, report.pk)
        workflow.classify(admin, report.pk, "pengaduan")
        workflow.dispose(admin, report.pk, "dpu", "Mohon ditinjau")
        workflow.follow_up(dpu, report.pk, "Catatan internal: cek anggaran", public=False)
        workflow.follow_up(dpu, report.pk, public_message="Tim sudah ke lokasi")
        workflow.resolve(dpu, report.pk, "Lubang sudah ditambal")
        workflow.confirm(ctx_of(demo.semarang, "public"), report.pk)
    report.refresh_from_db()
    assert report.status == Status.CLOSED and report.closed_at is not None
    assert report.first_response_at is not None and report.resolved_at is not None
    steps = list(
        ReportAction.objects.unscoped(ALL)
        .filter(report=report)
        .values_list("action", "actor_label")
    )
    assert [s[0] for s in steps] == [
        "received",
        "verify",
        "classify",
        "dispose",
        "note",
        "follow_up",
        "resolve",
        "confirm",
    ]
    assert ("dispose", "Diskominfo Kota Semarang") in steps
    assert ("follow_up", "Petugas DPU Kota Semarang") in steps
    public_texts = [a.public_message for a in public_timeline(report)]
    assert "Tim sudah ke lokasi" in public_texts
    assert not any("cek anggaran" in t or "Mohon ditinjau" in t for t in public_texts)
    # the reporter was mailed on each public status change; never about the internal note
    to_reporter = [m for m in mail.outbox if "warga@contoh.id" in m.to]
    assert len(to_reporter) >= 5
    assert not any("cek anggaran" in m.body for m in mail.outbox)
    assert not any("Mohon ditinjau" in m.body for m in to_reporter)  # the instruction


def test_deadlines_are_working_days(demo: Demo) -> None:
    report, _ = new_report(demo)
    assert report.due_at == add_working_days(report.created_at, 3)
    assert report.expected_at == add_working_days(report.created_at, 14)  # jalan-rusak
    workflow.dispose(actor(demo, "admin-semarang"), report.pk, "dpu")
    report.refresh_from_db()
    assert report.due_at is not None
    assert report.due_at.astimezone(WIB).time() == dt.time(23, 59, 59)
    assert report.due_at == add_working_days(report.updated_at, 5)


def test_agency_staff_cannot_triage_or_touch_other_agencies(demo: Demo) -> None:
    report, _ = new_report(demo)
    with pytest.raises(NotPermitted):
        workflow.verify(actor(demo, "dpu-semarang"), report.pk)
    workflow.dispose(actor(demo, "admin-semarang"), report.pk, "dpu")
    with pytest.raises(NotPermitted):
        workflow.follow_up(actor(demo, "dlh-semarang"), report.pk, "bukan urusan kami")
    with pytest.raises(NotPermitted):  # another region's staff cannot even load it
        workflow.follow_up(actor(demo, "dpu-kendal"), report.pk, "x")
    kendal = staff_actor(demo, "admin-kendal", demo.kendal)
    with pytest.raises(NotPermitted):  # nor can a context of another region reach it
        workflow.verify(kendal, report.pk)


def test_redisposition_keeps_history(demo: Demo) -> None:
    report, _ = new_report(demo)
    admin = actor(demo, "admin-semarang")
    workflow.dispose(admin, report.pk, "dlh")
    workflow.dispose(admin, report.pk, "dpu", "Salah OPD, dialihkan")
    rows = ReportAction.objects.unscoped(ALL).filter(
        report=report, action__in=["dispose", "redispose"]
    )
    assert [(r.action, r.agency.slug if r.agency else None) for r in rows] == [
        ("dispose", "dlh"),
        ("redispose", "dpu"),
    ]
    with pytest.raises(NotPermitted):
        workflow.resolve(actor(demo, "dlh-semarang"), report.pk, "selesai")


def test_postpone_not_authority_archive_merge(demo: Demo) -> None:
    admin = actor(demo, "admin-semarang")
    a, _ = new_report(demo)
    b, _ = new_report(demo)
    c, _ = new_report(demo)
    with pytest.raises(ReportInvalid) as missing:
        workflow.postpone(admin, a.pk, "  ")
    assert missing.value.field == "note"
    workflow.postpone(admin, a.pk, "Menunggu foto yang lebih jelas")
    workflow.verify(admin, a.pk)
    workflow.merge(admin, b.pk, a.ticket)
    workflow.not_authority(admin, c.pk, "Jalan nasional: BBPJN")
    b.refresh_from_db()
    assert b.status == Status.DUPLICATE and b.duplicate_of_id == a.pk
    with pytest.raises(ReportInvalid):
        workflow.merge(admin, a.pk, "3374-TIDAKADA")
    workflow.archive(admin, a.pk, "Laporan iseng")
    statuses = set(
        Report.objects.unscoped(ALL)
        .filter(pk__in=[a.pk, b.pk, c.pk])
        .values_list("status", flat=True)
    )
    assert statuses == {Status.ARCHIVED, Status.DUPLICATE, Status.NOT_AUTHORITY}
    with pytest.raises(ReportInvalid):  # a closed report cannot be disposed again
        workflow.dispose(admin, c.pk, "dpu")


def test_reporter_reopens_with_reason(demo: Demo) -> None:
    report, _ = new_report(demo)
    admin, dpu = actor(demo, "admin-semarang"), actor(demo, "dpu-semarang")
    with pytest.raises(ReportInvalid):
        workflow.confirm(ctx_of(demo.semarang, "public"), report.pk)  # not resolved yet
    workflow.dispose(admin, report.pk, "dpu")
    workflow.resolve(dpu, report.pk, "Sudah ditambal")
    with pytest.raises(ReportInvalid):
        workflow.reopen(ctx_of(demo.semarang, "public"), report.pk, "")
    workflow.reopen(ctx_of(demo.semarang, "public"), report.pk, "Lubangnya muncul lagi")
    report.refresh_from_db()
    assert report.status == Status.IN_PROGRESS and report.resolved_at is None
    assert report.due_at is not None and report.due_at > timezone.now()


ADMIN_TRIAGE = [
    "verify",
    "dispose",
    "classify",
    "postpone",
    "not_authority",
    "merge",
    "archive",
    "note",
]


def _refused_steps(actor: workflow.Actor, report: Report, allowed: list[str]) -> None:
    """Every step the list leaves out is refused by the service, with a message."""
    calls = {
        "verify": lambda: workflow.verify(actor, report.pk),
        "dispose": lambda: workflow.dispose(actor, report.pk, "dlh"),
        "classify": lambda: workflow.classify(actor, report.pk, "aspirasi"),
        "postpone": lambda: workflow.postpone(actor, report.pk, "alasan"),
        "not_authority": lambda: workflow.not_authority(actor, report.pk, "BBPJN"),
        "merge": lambda: workflow.merge(actor, report.pk, "3374-TIDAKADA"),
        "archive": lambda: workflow.archive(actor, report.pk, "alasan"),
        "follow_up": lambda: workflow.follow_up(actor, report.pk, "x"),
        "resolve": lambda: workflow.resolve(actor, report.pk, "x"),
        "note": lambda: workflow.add_note(actor, report.pk, "x"),
    }
    assert set(calls) == set(workflow.RULES)
    for step, call in calls.items():
        if step in allowed:
            continue
        with pytest.raises((NotPermitted, ReportInvalid)) as refused:
            call()
        assert str(refused.value), step


def test_only_allowed_actions_are_offered_and_the_rest_refused(demo: Demo) -> None:
    report, _ = new_report(demo)
    admin, dpu = actor(demo, "admin-semarang"), actor(demo, "dpu-semarang")
    officer = staff_actor(demo, "provinsi")
    report.refresh_from_db()
    assert workflow.allowed_actions(report, admin) == ADMIN_TRIAGE
    assert workflow.allowed_actions(report, dpu) == []
    assert workflow.allowed_actions(report, officer) == []
    _refused_steps(dpu, report, [])
    _refused_steps(officer, report, [])

    workflow.dispose(admin, report.pk, "dpu", "Instruksi")
    report.refresh_from_db()
    assert workflow.allowed_actions(report, dpu) == ["follow_up", "resolve", "note"]
    assert workflow.allowed_actions(report, admin) == [
        "dispose",
        "classify",
        "not_authority",
        "merge",
        "archive",
        "follow_up",
        "resolve",
        "note",
    ]
    assert workflow.allowed_actions(report, actor(demo, "dlh-semarang")) == []
    _refused_steps(dpu, report, ["follow_up", "resolve", "note"])

    # The console offers exactly those steps, one form each, and nothing to the officer.
    page_url = f"/console/semarang/aduan-warga/{report.ticket}/"
    page = demo.client_for("dpu-semarang").get(page_url).content.decode()
    offered = [chunk.split('"')[0] for chunk in page.split('data-step="')[1:]]
    assert offered == ["follow_up", "resolve", "note"]
    assert "Pesan untuk pelapor (tampil publik)" in page
    assert 'data-step="' not in demo.client_for("provinsi").get(page_url).content.decode()

    workflow.resolve(dpu, report.pk, "Sudah ditambal")
    report.refresh_from_db()
    assert workflow.allowed_actions(report, dpu) == ["note"]
    assert workflow.allowed_actions(report, admin) == ["archive", "note"]
    _refused_steps(dpu, report, ["note"])
    # A step the page no longer offers, posted anyway: refused with a message, no change.
    refused = demo.client_for("dpu-semarang").post(
        f"{page_url}resolve/", {"note": "lagi"}, follow=True
    )
    assert "tidak dapat menjalani langkah ini" in refused.content.decode()


def test_staff_texts_are_checked_and_the_form_keeps_them(demo: Demo) -> None:
    report, _ = new_report(demo)
    admin = actor(demo, "admin-semarang")
    with pytest.raises(ReportInvalid) as long:
        workflow.dispose(admin, report.pk, "dpu", "x", "y" * 4001)
    assert long.value.field == "public_message"
    with pytest.raises(ReportInvalid) as control:
        workflow.dispose(admin, report.pk, "dpu", "cek\x00\x07 anggaran")
    assert control.value.field == "note"
    with pytest.raises(ReportInvalid) as empty:  # a reason: in either text
        workflow.postpone(admin, report.pk, " ", "  ")
    assert empty.value.field == "note"
    workflow.postpone(admin, report.pk, "", "Mohon kirim foto yang lebih jelas")
    report.refresh_from_db()
    assert report.status == Status.POSTPONED
    assert report.status_notes == "Mohon kirim foto yang lebih jelas"

    client = demo.client_for("admin-semarang")
    base = f"/console/semarang/aduan-warga/{report.ticket}/"
    answer = client.post(
        f"{base}dispose/",
        {"agency": "tidak-ada", "note": "Instruksi <b>penting</b>", "public_message": "Halo"},
    )
    page = answer.content.decode()
    assert answer.status_code == 400
    assert "Pilih OPD dari daerah ini." in page
    assert "Instruksi &lt;b&gt;penting&lt;/b&gt;" in page and ">Halo</textarea>" in page
    report.refresh_from_db()
    assert report.status == Status.POSTPONED and report.agency_id is None
