"""No other region and no citizen sees a caller's number: console pages, the incident page,
the responder view, the public statistics, the datasets, the room's pages, layers and
stream. Agency staff who are neither the call centre nor a dispatched agency do not either."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from kotacerdas.apps.darurat_112.models import Call, Incident
from kotacerdas.situation.models import RoomSettings
from tests.conftest import Demo

pytestmark = pytest.mark.django_db

BASE = "/console/semarang/darurat-112/"


def _phones(demo: Demo) -> set[str]:
    return set(
        Call.objects.unscoped("test")
        .filter(region=demo.semarang)
        .exclude(caller_phone="")
        .values_list("caller_phone", flat=True)
    )


def _fire(demo: Demo) -> Incident:
    return Incident.objects.unscoped("test").get(
        region=demo.semarang, type_key="kebakaran", state="active"
    )


def _urls(demo: Demo) -> list[str]:
    inc = _fire(demo)
    return [
        BASE,
        BASE + f"kejadian/{inc.pk}/",
        BASE + "responden/",
        BASE + "panggilan/?last=1&phone=081234567801",
        BASE + "panggilan/?same=1&type=kebakaran&lat=-7.0021&lng=110.4702",
    ]


@pytest.mark.parametrize("who", [None, "admin-kendal", "dpu-semarang", "provinsi"])
def test_outsiders_never_see_a_callers_number(demo: Demo, who: str | None) -> None:
    phones = _phones(demo)
    client = demo.client_for(who)
    for url in _urls(demo):
        for r in (client.get(url), client.get(url, HTTP_HX_REQUEST="true")):  # page, fragment
            body = r.content.decode(errors="replace")
            if "phone=" in url:  # an error page may repeat the URL typed; never the place
                assert r.status_code != 200 and "Pedurungan" not in body, (who, url)
            else:
                assert not any(p in body for p in phones), (who, url)
                # Nor the place or the caller's words (a KDRT call's home).
                assert "Pedurungan" not in body and "Rumah makan" not in body, (who, url)
        if who in (None, "admin-kendal"):
            assert r.status_code in (302, 403, 404), (who, url)


def test_call_taker_and_dispatched_responder_do(demo: Demo) -> None:
    inc = _fire(demo)
    for who in ("operator112-semarang", "damkar-semarang", "admin-semarang"):
        body = demo.client_for(who).get(BASE + f"kejadian/{inc.pk}/").content.decode()
        assert "081234567801" in body, who
    # PSC 119 was not sent to the traffic accident's … but is to the fire: its responder view
    assert (
        "tel:081234567801"
        in demo.client_for("psc119-semarang").get(BASE + "responden/").content.decode()
    )


def test_public_pages_room_and_stream_carry_no_personal_data(demo: Demo) -> None:
    RoomSettings.objects.unscoped("test").update_or_create(
        region=demo.semarang, defaults={"public_room": True}
    )
    cache.clear()
    phones = _phones(demo)
    citizen = demo.client_for(None)
    for url in (
        "/r/semarang/darurat-112/",
        "/r/semarang/darurat-112/statistik/",
        "/r/semarang/situation/",
        "/r/semarang/situation/tiles/",
        "/r/semarang/situation/layers.json",
    ):
        r = citizen.get(url)
        assert r.status_code == 200, url
        body = r.content.decode()
        assert not any(p in body for p in phones), url
        assert "Rumah makan terbakar" not in body and "Pedurungan" not in body, url
    layers = citizen.get("/r/semarang/situation/layers.json").content.decode()
    assert "active-incidents" not in layers  # the incident layer is staff-only
    staff_layers = demo.client_for("admin-semarang").get("/r/semarang/situation/layers.json")
    assert "active-incidents" in staff_layers.content.decode()


def test_events_never_carry_a_number_or_a_place(demo: Demo) -> None:
    from kotacerdas.core.models import Event

    phones = _phones(demo)
    for payload in (
        Event.objects.unscoped("test")
        .filter(app_key="darurat-112")
        .values_list("payload", flat=True)
    ):
        text = str(payload)
        assert not any(p in text for p in phones)
