"""A non-emergency 112 call becomes a citizen report in Aduan Warga through the platform's
hand-off: the link both ways, a region without Aduan Warga, refusals with nothing written."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from kotacerdas.apps.aduan_warga.models import Report, Reporter
from kotacerdas.apps.darurat_112.models import Call, Outcome
from kotacerdas.apps.darurat_112.models_warnings import CallHandoff
from kotacerdas.apps.darurat_112.services import handoff
from kotacerdas.core.models import AppInstallation, AuditEntry, Region
from kotacerdas.core.tenancy import Action, Scope
from tests.apps.darurat_112.test_warnings import ctx_for
from tests.conftest import Demo

PHONE = "081234567890"


def information_call(region: Region, user: User, **over: object) -> Call:
    fields: dict[str, object] = {
        "region": region,
        "caller_phone": PHONE,
        "outcome": Outcome.INFORMATION,
        "type_key": "informasi",
        "lat": -6.9903,
        "lng": 110.4229,
        "address": "Jl. Pahlawan, Simpang Lima",
        "description": "Lampu jalan mati sejak seminggu di depan kantor gubernur.",
        "taken_by": user,
    }
    fields.update(over)
    return Call.objects.scoped(Scope.for_user(user), Action.CHANGE).create(**fields)


def test_the_call_becomes_a_report_linked_both_ways(demo: Demo) -> None:
    taker = User.objects.get(username="dpu-semarang")
    ctx = ctx_for(demo.semarang, taker)
    call = information_call(demo.semarang, taker, type_key="lampu-pju-mati")
    assert handoff.can_hand_off(ctx, call)
    receipt = handoff.hand_off_call(ctx, call)
    assert receipt.app_key == "aduan-warga"
    report = Report.objects.unscoped("test").get(ticket=receipt.ref)
    assert report.region_id == demo.semarang.pk and report.source == "112"
    assert report.service_code == "lampu-pju-mati"  # the hint named a category of the region
    assert (report.source_app, report.source_ref) == ("darurat-112", str(call.pk))
    assert report.source_url.startswith(reverse("darurat_112-console:console", args=["semarang"]))
    assert "Lampu jalan mati" in report.description
    reporter = Reporter.objects.unscoped("test").get(report=report)
    assert reporter.phone == PHONE and reporter.anonymous  # staff only, coordinators only
    # The call keeps the receipt and shows the link; no second hand-off.
    kept = CallHandoff.objects.unscoped("test").get(call=call)
    assert kept.staff_url == receipt.staff_url == f"/console/semarang/aduan-warga/{report.ticket}/"
    call.refresh_from_db()
    assert call.handoff_ref == report.ticket
    assert not handoff.can_hand_off(ctx, call)
    with pytest.raises(handoff.HandoffRefused):
        handoff.hand_off_call(ctx, call)
    html = render_to_string(
        "darurat_112/warnings/_handoff.html",
        {"h": handoff.handoff_view(ctx, call), "region": demo.semarang},
    )
    assert receipt.staff_url in html and report.ticket in html
    # Aduan Warga's staff page links back to the call.
    admin = Client()
    admin.force_login(User.objects.get(username="admin-semarang"))
    page = admin.get(receipt.staff_url).content.decode()
    assert report.source_url in page and f"#{call.pk}" in page
    # The public page of the report carries neither the caller's number nor the link.
    public = Client().get(receipt.public_url)
    if public.status_code == 200:
        assert PHONE not in public.content.decode()
        assert report.source_url not in public.content.decode()
    assert AuditEntry.objects.unscoped("test").filter(action="call.handed_over").exists()
    assert (
        AuditEntry.objects.unscoped("test")
        .filter(action="report.handed_over", target=report.ticket)
        .exists()
    )


def test_an_unknown_hint_falls_back_to_the_regions_general_category(demo: Demo) -> None:
    taker = User.objects.get(username="dpu-semarang")
    call = information_call(demo.semarang, taker, type_key="informasi")
    receipt = handoff.hand_off_call(ctx_for(demo.semarang, taker), call)
    report = Report.objects.unscoped("test").get(ticket=receipt.ref)
    assert report.service_code == "informasi-layanan"


def test_a_region_without_aduan_warga_has_no_button(demo: Demo) -> None:
    AppInstallation.objects.unscoped("test").filter(
        region=demo.kendal, app_key="aduan-warga"
    ).update(enabled=False)
    admin = User.objects.get(username="admin-kendal")
    ctx = ctx_for(demo.kendal, admin)
    call = information_call(demo.kendal, admin, lat=-6.92, lng=110.20, address="Kendal")
    assert not handoff.offered(ctx) and not handoff.can_hand_off(ctx, call)
    assert handoff.handoff_view(ctx, call)["can"] is False
    with pytest.raises(handoff.HandoffRefused):
        handoff.hand_off_call(ctx, call)
    assert not CallHandoff.objects.unscoped("test").filter(call=call).exists()
    call.refresh_from_db()
    assert call.handoff_ref == ""


def test_refusals_leave_nothing_half_written(demo: Demo) -> None:
    taker = User.objects.get(username="dpu-semarang")
    before = Report.objects.unscoped("test").count()
    # Outside the region: Aduan Warga's own check refuses, both sides roll back.
    far = information_call(demo.semarang, taker, lat=-7.2575, lng=112.7521)
    with pytest.raises(handoff.HandoffRefused) as refused:
        handoff.hand_off_call(ctx_for(demo.semarang, taker), far)
    assert "Kota Semarang" in refused.value.message
    # An emergency call is not handed over.
    fire = information_call(demo.semarang, taker, outcome=Outcome.INCIDENT, type_key="kebakaran")
    with pytest.raises(handoff.HandoffRefused):
        handoff.hand_off_call(ctx_for(demo.semarang, taker), fire)
    # A province officer reads the region but may not write its reports.
    officer = User.objects.get(username="provinsi")
    call = information_call(demo.semarang, taker)
    with pytest.raises(handoff.HandoffRefused):
        handoff.hand_off_call(ctx_for(demo.semarang, officer), call)
    assert Report.objects.unscoped("test").count() == before
    assert not CallHandoff.objects.unscoped("test").exists()
    assert (
        not Call.objects.unscoped("test")
        .exclude(handoff_ref="")
        .filter(pk__in=[far.pk, fire.pk, call.pk])
        .exists()
    )


def test_the_aduan_side_refuses_a_caller_who_may_not_write(demo: Demo) -> None:
    """Even asked directly through the platform, Aduan Warga checks the caller."""
    from kotacerdas.apps.aduan_warga.services import NotPermitted
    from kotacerdas.contract.handoff import CITIZEN_REPORT
    from kotacerdas.contract.services import platform_services

    taker = User.objects.get(username="dpu-semarang")
    call = information_call(demo.semarang, taker)
    officer_ctx = ctx_for(demo.semarang, User.objects.get(username="provinsi"))
    payload = handoff.payload_for(officer_ctx, call)
    before = Report.objects.unscoped("test").count()
    with pytest.raises(NotPermitted):
        platform_services().hand_off(officer_ctx, CITIZEN_REPORT, payload)
    assert Report.objects.unscoped("test").count() == before


def test_the_button_posts_and_comes_back(demo: Demo) -> None:
    taker = User.objects.get(username="dpu-semarang")
    call = information_call(demo.semarang, taker)
    client = Client()
    client.force_login(taker)
    url = reverse("darurat_112-console:call-handoff", args=["semarang", call.pk])
    response = client.post(url, {"next": "https://evil.example/"})
    assert response.status_code == 302
    assert response["Location"] == reverse("darurat_112-console:console", args=["semarang"])
    assert CallHandoff.objects.unscoped("test").filter(call=call).exists()
    officer = Client()
    officer.force_login(User.objects.get(username="provinsi"))
    other = information_call(demo.semarang, taker)
    url = reverse("darurat_112-console:call-handoff", args=["semarang", other.pk])
    assert officer.post(url).status_code == 403
    assert client.get(url).status_code == 405


def test_the_call_takers_board_offers_the_button_then_shows_the_link(demo: Demo) -> None:
    taker = User.objects.get(username="operator112-semarang")  # the demo's call-taker
    call = information_call(demo.semarang, taker)
    client = Client()
    client.force_login(taker)
    board = reverse("darurat_112-console:console", args=["semarang"])
    before = client.get(board).content.decode()
    action = reverse("darurat_112-console:call-handoff", args=["semarang", call.pk])
    assert action in before and "Jadikan aduan warga" in before
    client.post(action, {"next": board})
    ticket = CallHandoff.objects.unscoped("test").get(call=call).ref
    after = client.get(board).content.decode()
    assert f'data-handoff="{ticket}"' in after and action not in after
