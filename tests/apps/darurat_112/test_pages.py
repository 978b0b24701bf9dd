"""Darurat 112 pages for each role: the call-taker's console, the responder's view, the
public statistics; the caller's number only on staff pages of the own region."""

from __future__ import annotations

import pytest

from kotacerdas.apps.darurat_112.models import Call, Outcome
from tests.conftest import Demo

pytestmark = pytest.mark.django_db

BASE = "/console/semarang/darurat-112/"
PHONE = "081234567801"  # the demo fire's caller


def test_call_taker_console_lists_active_incidents_with_timers(demo: Demo) -> None:
    r = demo.client_for("operator112-semarang").get(BASE)
    assert r.status_code == 200
    body = r.content.decode()
    assert 'id="new-call"' in body
    assert "Kebakaran" in body and 'data-timer="a2d"' in body


def test_new_call_form_autofocuses_the_number(demo: Demo) -> None:
    r = demo.client_for("operator112-semarang").get(BASE + "panggilan/")
    assert r.status_code == 200
    assert b'name="phone" type="tel"' in r.content and b"autofocus" in r.content


def test_responder_sees_own_dispatches_and_the_callers_number(demo: Demo) -> None:
    r = demo.client_for("damkar-semarang").get(BASE + "responden/")
    assert r.status_code == 200
    body = r.content.decode()
    assert 'data-agency="damkar"' in body and 'data-agency="psc119"' not in body
    assert f"tel:{PHONE}" in body


def test_public_statistics_has_no_personal_data(demo: Demo) -> None:
    r = demo.client_for(None).get("/r/semarang/darurat-112/statistik/")
    assert r.status_code == 200
    body = r.content.decode()
    assert "calls-per-day" in body and "warnings-issued" in body
    phones = (
        Call.objects.unscoped("test")
        .filter(region=demo.semarang)
        .values_list("caller_phone", flat=True)
    )
    assert not any(p and p in body for p in phones)
    assert "Rumah makan terbakar" not in body


def test_other_regions_staff_and_citizens_get_no_console(demo: Demo) -> None:
    assert demo.client_for("admin-kendal").get(BASE).status_code == 403
    assert demo.client_for(None).get(BASE).status_code in (302, 403)


def test_demo_has_a_mostly_nuisance_week(demo: Demo) -> None:
    rows = Call.objects.unscoped("test").filter(region=demo.semarang)
    nuisance = rows.filter(outcome__in=[Outcome.PRANK, Outcome.SILENT, Outcome.TEST]).count()
    info = rows.filter(outcome=Outcome.INFORMATION).count()
    assert rows.count() > 150
    assert nuisance + info > rows.count() / 2
