""" "Tugas saya": the agency's own work queue, overdue first then by age, with its count in
the console navigation; region admins see every agency's queue with a filter; English
pages name statuses and categories in English (issue #15)."""

from __future__ import annotations

import datetime as dt
import re

from django.utils import timezone

from kotacerdas.apps.aduan_warga import contract
from kotacerdas.apps.aduan_warga.models import Report
from kotacerdas.apps.aduan_warga.services import workflow
from tests.apps.aduan_warga.conftest import ctx_of, new_report, staff_actor
from tests.conftest import Demo

ALL = "tests look at every row"
WORK = "/console/semarang/aduan-warga/tugas/"


def _rows(page: str) -> list[tuple[str, str]]:
    """(ticket, late flag) of the queue's rows, in page order."""
    return re.findall(r'<tr data-ticket="([^"]+)" data-late="([01])">', page)


def _badge(page: str, label: str) -> int:
    found = re.search(re.escape(label) + r' <span class="badge"[^>]*>(\d+)</span>', page)
    assert found, f"no count beside {label!r}"
    return int(found.group(1))


def test_work_queue_overdue_first_then_oldest(demo: Demo) -> None:
    # Only this test's reports in Semarang: the order is then exactly known.
    Report.objects.unscoped(ALL).filter(region=demo.semarang).delete()
    admin = staff_actor(demo, "admin-semarang")
    now = timezone.now()
    made = {}
    for name, agency, age_days in [
        ("old", "dpu", 9),
        ("late", "dpu", 2),
        ("oldest", "dpu", 20),
        ("new", "dpu", 0),
        ("dlh", "dlh", 30),
        ("untriaged", "", 40),
    ]:
        report, _ = new_report(demo)
        if agency:
            workflow.dispose(admin, report.pk, agency)
        Report.objects.unscoped(ALL).filter(pk=report.pk).update(
            created_at=now - dt.timedelta(days=age_days)
        )
        made[name] = report.ticket
    # "late": past its (working-day) deadline but not yet flagged by the SLA job; "dlh" is
    # flagged overdue by the job.
    Report.objects.unscoped(ALL).filter(ticket=made["late"]).update(
        due_at=now - dt.timedelta(days=8)
    )
    Report.objects.unscoped(ALL).filter(ticket=made["dlh"]).update(overdue=True)
    workflow.follow_up(staff_actor(demo, "dpu-semarang"), _pk(made["oldest"]), "Dicek")
    workflow.resolve(staff_actor(demo, "dpu-semarang"), _pk(made["new"]), "Selesai")

    page = demo.client_for("dpu-semarang").get(WORK).content.decode()
    assert _rows(page) == [(made["late"], "1"), (made["oldest"], "0"), (made["old"], "0")]
    late_row = page.split(f'data-ticket="{made["late"]}"')[1].split("</tr>")[0]
    assert re.search(r"terlambat \d+ hari kerja", late_row)
    assert made["dlh"] not in page and made["untriaged"] not in page
    assert _badge(page, "Tugas saya") == 3
    dpu_ctx = ctx_of(demo.semarang, demo.user("dpu-semarang"))
    assert contract.work_count(dpu_ctx) == 3

    # The region admin: every agency's queue, a filter by agency with counts.
    admin_client = demo.client_for("admin-semarang")
    everything = admin_client.get(WORK).content.decode()
    assert [t for t, _ in _rows(everything)] == [
        made["dlh"],
        made["late"],
        made["oldest"],
        made["old"],
    ]
    assert _badge(everything, "Tugas saya") == 4
    only_dlh = admin_client.get(WORK, {"agency": "dlh"}).content.decode()
    assert _rows(only_dlh) == [(made["dlh"], "1")]
    assert 'aria-current="page">DLH' in only_dlh
    # Agency staff cannot widen their queue with the filter.
    widened = demo.client_for("dpu-semarang").get(WORK, {"agency": "dlh"}).content.decode()
    assert made["dlh"] not in widened and made["late"] in widened
    # A province officer reads the queues, sees no navigation count of work of their own.
    assert demo.client_for("provinsi").get(WORK).status_code == 200
    assert contract.work_count(ctx_of(demo.semarang, demo.user("provinsi"))) == 0

    # English: the page, statuses and category names from the configuration.
    english = demo.client_for("dpu-semarang")
    english.cookies["django_language"] = "en"
    page_en = english.get(WORK).content.decode()
    assert "My work" in page_en and "Damaged road" in page_en and "Jalan rusak" not in page_en
    assert "In progress" in page_en and "working day" in page_en
    report_en = english.get(f"/console/semarang/aduan-warga/{made['late']}/").content.decode()
    assert "Damaged road" in report_en and "Message for the reporter (shown publicly)" in report_en
    assert "Post follow-up" in report_en and "Pesan untuk pelapor" not in report_en


def _pk(ticket: str) -> int:
    return int(Report.objects.unscoped(ALL).get(ticket=ticket).pk)
