"""Tenancy of reports and their personal data, for every role (style of the core matrix).

Target: a report of Kabupaten Kendal with a named reporter. Nobody outside Kendal reads its
private parts (history, internal notes, the reporter); public pages and Open311 never carry
personal data for anyone.
"""

from __future__ import annotations

import pytest

from kotacerdas.apps.aduan_warga.models import Report, ReportAction, Reporter
from kotacerdas.apps.aduan_warga.services import NotPermitted, workflow
from kotacerdas.apps.aduan_warga.services.reporting import ReportInput, submit_report
from kotacerdas.core.models import ApiKey
from kotacerdas.core.tenancy import Scope
from tests.apps.aduan_warga.conftest import ctx_of, staff_actor
from tests.conftest import ROLE_USERS, Demo

NAME, PHONE, EMAIL = "Wahyuningsih Kendal", "085799990000", "wahyu.kendal@contoh.id"
SECRET_NOTE = "catatan-internal-rahasia"
# role -> may read Kendal's private report parts (history, reporter)
KENDAL_PRIVATE = {
    "anonymous": False,
    "platform_admin": True,
    "province_officer": True,
    "region_admin_semarang": False,
    "agency_staff_semarang": False,
}


@pytest.fixture
def kendal_report(demo: Demo) -> Report:
    report, _ = submit_report(
        ctx_of(demo.kendal, "public"),
        ReportInput(
            service_code="sampah-menumpuk",
            description="Sampah di pasar Kendal",
            lat=-6.92,
            lng=110.20,
            name=NAME,
            phone=PHONE,
            email=EMAIL,
            anonymous=False,
        ),
    )
    actor = staff_actor(demo, "admin-kendal", demo.kendal)
    workflow.dispose(actor, report.pk, "dlh")
    workflow.follow_up(actor, report.pk, SECRET_NOTE, public=False)
    return report


@pytest.mark.parametrize("role", list(ROLE_USERS))
def test_private_parts_by_scope(demo: Demo, kendal_report: Report, role: str) -> None:
    username = ROLE_USERS[role]
    scope = Scope.for_user(demo.user(username) if username else None)
    may = KENDAL_PRIVATE[role]
    assert Reporter.objects.scoped(scope).filter(report=kendal_report).exists() == may
    notes = ReportAction.objects.scoped(scope).filter(report=kendal_report, note=SECRET_NOTE)
    assert notes.exists() == may
    keys = ApiKey.objects.scoped(scope).filter(region=demo.kendal, app_key="aduan-warga")
    assert keys.exists() is False
    # the report itself is public data
    assert Report.objects.scoped(scope).filter(pk=kendal_report.pk).exists()


@pytest.mark.parametrize("role", list(ROLE_USERS))
def test_console_pages_of_another_region(demo: Demo, kendal_report: Report, role: str) -> None:
    client = demo.client_for(ROLE_USERS[role])
    for url in (
        "/console/kendal/aduan-warga/",
        f"/console/kendal/aduan-warga/{kendal_report.ticket}/",
        "/console/kendal/aduan-warga/klien-open311/",
    ):
        response = client.get(url)
        if KENDAL_PRIVATE[role]:
            assert response.status_code == 200
        else:
            assert response.status_code == (302 if role == "anonymous" else 403)
            assert SECRET_NOTE.encode() not in response.content
        assert NAME.encode() not in response.content or role == "platform_admin"


@pytest.mark.parametrize("role", list(ROLE_USERS))
def test_writes_into_another_region_refused(demo: Demo, kendal_report: Report, role: str) -> None:
    client = demo.client_for(ROLE_USERS[role])
    url = f"/console/kendal/aduan-warga/{kendal_report.ticket}/follow_up/"
    client.post(url, {"note": "menyusup", "visibility": "public"})
    client.post("/console/kendal/aduan-warga/klien-open311/", {"name": "penyusup"})
    if role != "platform_admin":
        assert not ReportAction.objects.unscoped("test").filter(note="menyusup").exists()
        assert not ApiKey.objects.unscoped("test").filter(name="penyusup").exists()


def test_province_officer_reads_but_sees_no_reporter_and_cannot_act(
    demo: Demo, kendal_report: Report
) -> None:
    client = demo.client_for("provinsi")
    page = client.get(f"/console/kendal/aduan-warga/{kendal_report.ticket}/")
    assert page.status_code == 200
    assert NAME.encode() not in page.content and EMAIL.encode() not in page.content
    with pytest.raises(NotPermitted):
        workflow.verify(staff_actor(demo, "provinsi", demo.kendal), kendal_report.pk)


def test_agency_staff_see_name_only_when_not_anonymous(demo: Demo, kendal_report: Report) -> None:
    staff = demo.client_for("dlh-kendal")
    url = f"/console/kendal/aduan-warga/{kendal_report.ticket}/"
    assert NAME.encode() in staff.get(url).content
    Reporter.objects.unscoped("test").filter(report=kendal_report).update(anonymous=True)
    assert NAME.encode() not in staff.get(url).content
    assert NAME.encode() in demo.client_for("admin-kendal").get(url).content
    # another agency of the same region does not see the report at all
    assert demo.client_for("dpu-kendal").get(url).status_code == 404


@pytest.mark.parametrize("role", list(ROLE_USERS))
def test_public_pages_and_apis_never_carry_personal_data(
    demo: Demo, kendal_report: Report, role: str
) -> None:
    client = demo.client_for(ROLE_USERS[role])
    ticket = kendal_report.ticket
    urls = [
        "/r/kendal/aduan-warga/",
        "/r/kendal/aduan-warga/peta.geojson",
        f"/r/kendal/aduan-warga/laporan/{ticket}/",
        "/open311/v2/requests.json?jurisdiction_id=33.24",
        "/open311/v2/requests.xml?jurisdiction_id=kendal",
        f"/open311/v2/requests/{ticket}.json?jurisdiction_id=33.24",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        for private in (NAME, PHONE, EMAIL, SECRET_NOTE):
            assert private.encode() not in response.content, (url, private)
