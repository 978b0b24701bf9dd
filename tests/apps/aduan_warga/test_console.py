"""Staff pages: the inbox by due date, actions by POST, Open311 keys issued and hashed."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

from django.test import Client
from django.utils import timezone

from kotacerdas.apps.aduan_warga.models import Report, Status
from kotacerdas.core.models import ApiKey
from tests.apps.aduan_warga.conftest import SIMPANG_LIMA, new_report
from tests.conftest import Demo

ALL = "tests look at every row"
INBOX = "/console/semarang/aduan-warga/"


def test_inbox_sorted_by_due_date_and_marks_late(demo: Demo) -> None:
    report, _ = new_report(demo)
    Report.objects.unscoped(ALL).filter(pk=report.pk).update(
        due_at=timezone.now() - dt.timedelta(days=400)
    )
    page = demo.client_for("admin-semarang").get(INBOX).content.decode()
    rows = page.split("<tbody>")[1]
    assert rows.index(report.ticket) < 800, "the most overdue report comes first"
    assert "terlambat" in rows[: rows.index(report.ticket) + 400]


def test_agency_staff_inbox_only_their_agency(demo: Demo) -> None:
    report, _ = new_report(demo)
    admin = demo.client_for("admin-semarang")
    admin.post(f"{INBOX}{report.ticket}/dispose/", {"agency": "dlh"})
    dlh = demo.client_for("dlh-semarang").get(f"{INBOX}?status=all").content.decode()
    assert report.ticket in dlh
    dlh_reports = Report.objects.unscoped(ALL).filter(region=demo.semarang)
    dpu_ticket = dlh_reports.filter(agency__slug="dpu").values_list("ticket", flat=True).first()
    assert dpu_ticket is not None and dpu_ticket not in dlh
    assert demo.client_for("dpu-semarang").get(f"{INBOX}{report.ticket}/").status_code == 404


def test_actions_through_the_console(demo: Demo) -> None:
    report, _ = new_report(demo)
    admin, dpu = demo.client_for("admin-semarang"), demo.client_for("dpu-semarang")
    base = f"{INBOX}{report.ticket}/"
    admin.post(f"{base}verify/")
    refused = admin.post(f"{base}postpone/", {"note": ""}, follow=True)
    assert "Tuliskan alasannya" in refused.content.decode()
    admin.post(f"{base}dispose/", {"agency": "dpu", "note": "Tolong cek"})
    assert dpu.post(f"{base}verify/", follow=True).status_code == 200  # refused, message
    dpu.post(f"{base}follow_up/", {"note": "Sedang dikerjakan", "visibility": "public"})
    dpu.post(f"{base}resolve/", {"note": "Sudah ditambal"})
    report.refresh_from_db()
    assert report.status == Status.RESOLVED
    page = dpu.get(base).content.decode()
    assert "Petugas DPU Kota Semarang" in page and "Sudah ditambal" in page
    assert Client().post(f"{base}verify/").status_code == 302  # anonymous: sign in first


def test_tracking_link_confirm_and_reopen(demo: Demo) -> None:
    report, token = new_report(demo)
    admin, dpu = demo.client_for("admin-semarang"), demo.client_for("dpu-semarang")
    base = f"{INBOX}{report.ticket}/"
    admin.post(f"{base}dispose/", {"agency": "dpu"})
    dpu.post(f"{base}resolve/", {"note": "Sudah"})
    citizen = Client()
    track = f"/r/semarang/aduan-warga/lacak/{report.ticket}/{token}/"
    assert citizen.get(f"/r/semarang/aduan-warga/lacak/{report.ticket}/salah/").status_code == 404
    assert "Apakah masalahnya sudah selesai?" in citizen.get(track).content.decode()
    assert citizen.post(track, {"answer": "reopen", "note": ""}).status_code == 400
    citizen.post(track, {"answer": "reopen", "note": "Masih berlubang"})
    report.refresh_from_db()
    assert report.status == Status.IN_PROGRESS
    dpu.post(f"{base}resolve/", {"note": "Ditambal ulang"})
    citizen.post(track, {"answer": "confirm"})
    report.refresh_from_db()
    assert report.status == Status.CLOSED


def test_issue_key_shown_once_and_stored_hashed(demo: Demo) -> None:
    admin = demo.client_for("admin-semarang")
    page = admin.post(f"{INBOX}klien-open311/", {"name": "Aplikasi Kecamatan"}).content.decode()
    key = page.split('id="new-key">')[1].split("<")[0]
    assert key.startswith("kc311_")
    row = ApiKey.objects.unscoped(ALL).get(name="Aplikasi Kecamatan")
    assert (row.app_key, row.region_id, row.prefix) == ("aduan-warga", demo.semarang.pk, key[:8])
    assert row.digest == hashlib.sha256(key.encode()).hexdigest() and key not in row.digest
    assert key not in admin.get(f"{INBOX}klien-open311/").content.decode()
    ok = Client().post(
        "/open311/v2/requests.json",
        {
            "jurisdiction_id": "33.74",
            "api_key": key,
            "service_code": "pohon-tumbang",
            "lat": SIMPANG_LIMA[0],
            "long": SIMPANG_LIMA[1],
            "description": "Pohon tumbang",
        },
    )
    assert ok.status_code == 200, ok.content
    admin.post(f"{INBOX}klien-open311/", {"revoke": row.pk})
    row.refresh_from_db()
    assert row.revoked_at is not None
    again = Client().post(
        "/open311/v2/requests.json",
        {
            "jurisdiction_id": "33.74",
            "api_key": key,
            "service_code": "pohon-tumbang",
            "lat": SIMPANG_LIMA[0],
            "long": SIMPANG_LIMA[1],
        },
    )
    assert again.status_code == 403 and json.loads(again.content)[0]["code"] == 403
    staff = demo.client_for("dpu-semarang")
    assert staff.post(f"{INBOX}klien-open311/", {"name": "Bukan admin"}).status_code == 403
    assert not ApiKey.objects.unscoped(ALL).filter(name="Bukan admin").exists()
    assert admin.post(f"{INBOX}klien-open311/", {"revoke": "bukan-angka"}).status_code == 200


def test_console_views_receive_the_context(demo: Demo, monkeypatch: object) -> None:
    # The platform resolves the context once and hands it to the view: the same object the
    # templates read as ``access`` (its region and the caller's access).
    from django.template import loader

    seen: list[dict[str, object]] = []
    real = loader.render_to_string

    def spy(template_name: object, context: object = None, *args: object, **kw: object) -> str:
        if isinstance(context, dict) and str(template_name).startswith("aduan_warga/"):
            seen.append(context)
        return real(template_name, context, *args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr("django.shortcuts.loader.render_to_string", spy)  # type: ignore[attr-defined]
    assert demo.client_for("dpu-semarang").get(INBOX).status_code == 200
    ctx = seen[-1]["access"]
    assert ctx.region == demo.semarang and ctx.is_staff and not ctx.is_admin  # type: ignore[attr-defined]
    assert ctx.app_key == "aduan-warga"  # type: ignore[attr-defined]
    assert demo.client_for(None).get("/r/semarang/aduan-warga/").status_code == 200
    assert seen[-1]["conf"].verify_days() == 3  # type: ignore[attr-defined]


def test_province_officer_reads_but_cannot_act(demo: Demo) -> None:
    report, _ = new_report(demo)
    officer = demo.client_for("provinsi")
    assert officer.get(f"{INBOX}{report.ticket}/").status_code == 200
    assert officer.post(f"{INBOX}{report.ticket}/verify/").status_code == 403
    assert officer.post(f"{INBOX}klien-open311/", {"name": "Provinsi"}).status_code == 403
    report.refresh_from_db()
    assert report.status == Status.RECEIVED
