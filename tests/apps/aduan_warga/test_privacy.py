"""Internal notes stay on the staff side (issue #15: a region admin's instruction to DPU was
on the public timeline and in the citizen's e-mail).

Staff write two texts per step: ``note`` (internal) and ``public_message`` (for citizens).
A unique internal note must never reach the public report page, the public list, Open311
(JSON and XML, list and single), the open-data dataset, the tracking page, or any e-mail to
the reporter or followers; it does reach the staff page and the agency's e-mail.
"""

from __future__ import annotations

import json
from dataclasses import asdict

import pytest
from django.core import mail
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client

from kotacerdas.apps.aduan_warga import contract
from kotacerdas.apps.aduan_warga.models import Report, ReportAction
from kotacerdas.apps.aduan_warga.services import workflow
from kotacerdas.core.models import Agency
from tests.apps.aduan_warga.conftest import ctx_of, new_report, staff_actor
from tests.conftest import Demo

ALL = "tests look at every row"
INSTRUCTION = "RAHASIA-instruksi-7Q3 cek anggaran pemeliharaan dulu"
FOLLOW_NOTE = "RAHASIA-catatan-9K1 kontraktor lama bermasalah"
RESOLVE_NOTE = "RAHASIA-selesai-4M8 pakai sisa aspal gudang"
SECRETS = ("RAHASIA-instruksi-7Q3", "RAHASIA-catatan-9K1", "RAHASIA-selesai-4M8")
PUBLIC = ("Laporan diteruskan ke DPU", "Tim kami sudah meninjau lokasi", "Lubang sudah ditambal")


def _leaks(text: str) -> list[str]:
    return [s for s in SECRETS if s in text]


def test_internal_notes_never_leave_the_staff_side(
    demo: Demo, django_capture_on_commit_callbacks: object
) -> None:
    from kotacerdas.apps.aduan_warga.services import follow

    Agency.objects.unscoped(ALL).filter(region=demo.semarang, slug="dpu").update(
        email="dpu@semarangkota.go.id"
    )
    report, token = new_report(demo, email="pelapor@contoh.id")
    admin, dpu = staff_actor(demo, "admin-semarang"), staff_actor(demo, "dpu-semarang")
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        follow.follow(ctx_of(demo.semarang, "public"), report, "tetangga@contoh.id")
        workflow.verify(admin, report.pk)
        workflow.dispose(admin, report.pk, "dpu", INSTRUCTION, PUBLIC[0])
        workflow.follow_up(dpu, report.pk, FOLLOW_NOTE, public_message=PUBLIC[1])
        workflow.resolve(dpu, report.pk, RESOLVE_NOTE, public_message=PUBLIC[2])

    rows = ReportAction.objects.unscoped(ALL).filter(report=report)
    assert {r.note for r in rows} >= {INSTRUCTION, FOLLOW_NOTE, RESOLVE_NOTE}
    report.refresh_from_db()
    assert report.status_notes == PUBLIC[2]

    citizen = Client()
    base = "/r/semarang/aduan-warga/"
    pages = {
        "public page": citizen.get(f"{base}laporan/{report.ticket}/"),
        "public list": citizen.get(base),
        "public list, all": citizen.get(f"{base}?status=all"),
        "tracking page": citizen.get(f"{base}lacak/{report.ticket}/{token}/"),
    }
    for fmt in ("json", "xml"):
        pages[f"open311 list {fmt}"] = citizen.get(
            f"/open311/v2/requests.{fmt}", {"jurisdiction_id": "33.74"}
        )
        pages[f"open311 one {fmt}"] = citizen.get(
            f"/open311/v2/requests/{report.ticket}.{fmt}", {"jurisdiction_id": "33.74"}
        )
    datasets = contract.datasets(ctx_of(demo.semarang, "public"))
    pages_text = {name: r.content.decode() for name, r in pages.items()}
    pages_text["datasets()"] = json.dumps([asdict(d) for d in datasets], default=str)
    for dataset in datasets:
        for link in dataset.links:
            pages_text[link.url] = citizen.get(link.url).content.decode()
        for table in dataset.tables:
            pages_text[f"table {table.name}"] = json.dumps(list(table.rows()), default=str)
    for name, response in pages.items():
        assert response.status_code == 200, name
    for name, text in pages_text.items():
        assert not _leaks(text), f"internal note in {name}"
    # ... while the public texts are there for citizens
    assert PUBLIC[1] in pages_text["public page"] and PUBLIC[2] in pages_text["tracking page"]
    assert (
        PUBLIC[2] in pages_text["open311 one json"] and PUBLIC[2] in pages_text["open311 one xml"]
    )

    to_citizens = [
        m for m in mail.outbox if {"pelapor@contoh.id", "tetangga@contoh.id"} & set(m.to)
    ]
    assert {"pelapor@contoh.id", "tetangga@contoh.id"} <= {a for m in to_citizens for a in m.to}
    for message in to_citizens:
        assert not _leaks(message.subject + message.body), message.to
    assert any(PUBLIC[0] in m.body for m in to_citizens if "pelapor@contoh.id" in m.to)

    # The staff side keeps every internal note, and the agency's mail the instruction.
    staff_page = demo.client_for("dpu-semarang").get(
        f"/console/semarang/aduan-warga/{report.ticket}/"
    )
    assert all(s in staff_page.content.decode() for s in SECRETS)
    to_agency = [m for m in mail.outbox if "dpu@semarangkota.go.id" in m.to]
    assert to_agency and INSTRUCTION in to_agency[0].body
    assert "pelapor@contoh.id" not in to_agency[0].body  # nothing of the reporter


OLD = [("aduan_warga", "0004_api_clients_to_core_keys")]
NEW = [("aduan_warga", "0005_action_public_message")]


@pytest.mark.django_db(transaction=True)
def test_existing_notes_become_internal() -> None:
    """Migration 0005: old notes stay in ``note`` (internal), no public message is made up
    from them, and Open311's copy of the last note (``status_notes``) is cleared."""
    executor = MigrationExecutor(connection)
    # Only this app goes back: the other apps' tables stay as their latest migrations left them.
    others = [n for n in executor.loader.graph.leaf_nodes() if n[0] != "aduan_warga"]
    executor.migrate(OLD)
    try:
        apps = executor.loader.project_state(OLD + others).apps
        Province = apps.get_model("core", "Province")
        Region = apps.get_model("core", "Region")
        OldReport = apps.get_model("aduan_warga", "Report")
        OldAction = apps.get_model("aduan_warga", "ReportAction")
        province = Province.objects.create(code="33", name="Jawa Tengah")
        region = Region.objects.create(
            province=province,
            code="33.74",
            name="Kota Semarang",
            kind="kota",
            slug="semarang",
            centre_lat=-7.0,
            centre_lng=110.4,
            bbox_west=110.27,
            bbox_south=-7.15,
            bbox_east=110.51,
            bbox_north=-6.93,
        )
        from django.utils import timezone

        now = timezone.now()
        old = OldReport.objects.create(
            region=region,
            ticket="3374-LAMA001",
            service_code="jalan-rusak",
            category_name="Jalan rusak",
            status="disposed",
            description="Jalan berlubang",
            tracking_hash="x" * 64,
            created_at=now,
            updated_at=now,
            status_notes=INSTRUCTION,
        )
        OldAction.objects.create(
            region=region, report=old, action="dispose", status="disposed", note=INSTRUCTION, at=now
        )
        executor = MigrationExecutor(connection)
        executor.migrate(NEW)
        apps = executor.loader.project_state(NEW + others).apps
        report = apps.get_model("aduan_warga", "Report").objects.get(ticket="3374-LAMA001")
        action = apps.get_model("aduan_warga", "ReportAction").objects.get(report_id=report.pk)
        assert report.status_notes == ""
        assert action.note == INSTRUCTION and action.public_message == ""
    finally:  # leave the schema as the other tests expect it
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
        Report.objects.unscoped(ALL).all().delete()
