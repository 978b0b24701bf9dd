"""Aduan Warga's intake of reports handed over by another app (contract.handoff)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from kotacerdas.apps.aduan_warga.models import Report, ReportAction, Reporter, Status
from kotacerdas.apps.aduan_warga.services import NotPermitted, ReportInvalid
from kotacerdas.apps.aduan_warga.services.intake import category_for, receive
from kotacerdas.contract import get_app
from kotacerdas.contract.handoff import CITIZEN_REPORT, CitizenReportHandoff
from kotacerdas.core.models import AuditEntry
from tests.apps.aduan_warga.conftest import SIMPANG_LIMA, ctx_of
from tests.conftest import Demo


def payload(**over: object) -> CitizenReportHandoff:
    fields: dict[str, object] = {
        "title": "Sampah menumpuk",
        "description": "Sampah tidak diangkut tiga hari di depan pasar.",
        "latitude": SIMPANG_LIMA[0],
        "longitude": SIMPANG_LIMA[1],
        "address": "Pasar Johar",
        "source_app": "darurat-112",
        "source_ref": "4711",
        "source_url": "/console/semarang/darurat-112/#call-4711",
        "category_hint": "sampah-menumpuk",
        "reporter_name": "Budi",
        "reporter_phone": "0812000111",
    }
    fields.update(over)
    return CitizenReportHandoff(**fields)  # type: ignore[arg-type]


def test_the_app_declares_its_intake() -> None:
    app = get_app("aduan-warga")
    assert app is not None
    assert [i.kind for i in app.intakes()] == [CITIZEN_REPORT]


def test_a_handed_over_report_goes_through_the_citizens_path(demo: Demo) -> None:
    staff = User.objects.get(username="dlh-semarang")
    ctx = ctx_of(demo.semarang, staff)
    receipt = receive(ctx, payload())
    report = Report.objects.unscoped("test").get(ticket=receipt.ref)
    assert report.status == Status.RECEIVED and report.due_at is not None
    assert report.service_code == "sampah-menumpuk" and report.source == "112"
    assert (report.source_app, report.source_ref) == ("darurat-112", "4711")
    assert report.description.startswith("Sampah menumpuk")
    reporter = Reporter.objects.unscoped("test").get(report=report)
    assert (reporter.name, reporter.phone, reporter.anonymous) == ("Budi", "0812000111", True)
    steps = list(ReportAction.objects.unscoped("test").filter(report=report).order_by("pk"))
    assert [s.action for s in steps] == ["received", "note"]
    assert steps[1].public is False and "4711" in steps[1].note
    assert receipt.staff_url == f"/console/semarang/aduan-warga/{report.ticket}/"
    assert (
        AuditEntry.objects.unscoped("test")
        .filter(action="report.handed_over", target=report.ticket, actor_id=staff.pk)
        .exists()
    )


def test_the_category_hint_matches_codes_names_or_falls_back(demo: Demo) -> None:
    conf = ctx_of(demo.semarang).config
    assert category_for(conf, "JALAN-RUSAK").service_code == "jalan-rusak"
    assert category_for(conf, "Pohon tumbang").service_code == "pohon-tumbang"
    assert category_for(conf, "kebakaran").service_code == "informasi-layanan"
    assert category_for(conf, "").service_code == "informasi-layanan"


def test_bad_fields_and_callers_are_refused_with_nothing_written(demo: Demo) -> None:
    staff = User.objects.get(username="dlh-semarang")
    before = Report.objects.unscoped("test").count()
    with pytest.raises(ReportInvalid) as bad:
        receive(ctx_of(demo.semarang, staff), payload(latitude=-7.2575, longitude=112.7521))
    assert bad.value.field == "location"
    with pytest.raises(ReportInvalid) as bad:
        receive(ctx_of(demo.semarang, staff), payload(reporter_phone="9" * 31))
    assert bad.value.field == "phone"
    with pytest.raises(ReportInvalid):
        receive(ctx_of(demo.semarang, staff), payload(source_url="/" + "x" * 400))
    with pytest.raises(NotPermitted):
        receive(ctx_of(demo.semarang, User.objects.get(username="provinsi")), payload())
    with pytest.raises(NotPermitted):
        receive(ctx_of(demo.semarang, "public"), payload())
    # Kendal's staff cannot write Semarang's reports.
    with pytest.raises(NotPermitted):
        receive(ctx_of(demo.semarang, User.objects.get(username="dlh-kendal")), payload())
    with pytest.raises(TypeError):
        receive(ctx_of(demo.semarang, staff), {"title": "not a payload"})
    assert Report.objects.unscoped("test").count() == before


def test_the_link_fields_migration_keeps_the_kpi_rollup(demo: Demo) -> None:
    """0007 adds columns to reports; on SQLite that rebuilds the table, whose rollup
    triggers must survive: a handed-over report is counted like any other."""
    from django.db import connection

    from kotacerdas.apps.aduan_warga.models import ReportTally

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' "
                "AND tbl_name = 'aduan_warga_report'"
            )
            names = {row[0] for row in cursor.fetchall()}
        assert {"aw_tally_insert", "aw_tally_update", "aw_tally_delete"} <= names

    def counted() -> int:
        rows = ReportTally.objects.unscoped("test").filter(region=demo.semarang)
        return sum(rows.values_list("count", flat=True))

    before = counted()
    receive(ctx_of(demo.semarang, User.objects.get(username="dlh-semarang")), payload())
    assert counted() == before + 1
