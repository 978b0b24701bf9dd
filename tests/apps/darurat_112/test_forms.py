"""The staff pages' answers to bad input: the form again with the message next to the field
(400), the typed values kept, nothing written; one-key closing by POST; a decline without a
reason; steps of another agency's dispatch refused."""

from __future__ import annotations

import pytest

from kotacerdas.apps.darurat_112.models import Call, Dispatch, Incident
from tests.conftest import Demo

pytestmark = pytest.mark.django_db

BASE = "/console/semarang/darurat-112/"


def _counts() -> tuple[int, int, int]:
    return (
        Call.objects.unscoped("t").count(),
        Incident.objects.unscoped("t").count(),
        Dispatch.objects.unscoped("t").count(),
    )


@pytest.mark.parametrize(
    ("data", "field_text"),
    [
        ({"phone": "<b>0812</b>", "type": "kebakaran", "address": "Jl. A"}, "digits only"),
        ({"phone": "0812", "type": "bogus", "address": "Jl. A"}, "incident type from the list"),
        ({"phone": "0812", "type": "kebakaran", "lat": "x", "lng": "1"}, "not numbers"),
        ({"phone": "0812", "type": "kebakaran"}, "an address or a pin"),
        ({"phone": "0812", "type": "kebakaran", "address": "A", "responders": "abc"}, "responders"),
        ({"phone": "0812", "type": "", "address": "Jl. A"}, "incident type"),
        ({"phone": "0812", "type": "kebakaran", "address": "A", "people": "1e9"}, "whole number"),
        ({"phone": "0812", "attach": "999999999"}, "closed or does not exist"),
    ],
)
def test_bad_call_is_a_form_error_and_writes_nothing(
    demo: Demo, data: dict[str, str], field_text: str
) -> None:
    client = demo.client_for("operator112-semarang")
    client.cookies["django_language"] = "en"
    before = _counts()
    r = client.post(BASE + "panggilan/", data, HTTP_ACCEPT_LANGUAGE="en")
    assert r.status_code == 400
    body = r.content.decode()
    assert field_text in body
    assert "<b>0812</b>" not in body  # typed markup is shown as text
    assert _counts() == before


def test_fire_by_post_with_defaults_and_prank_by_post(demo: Demo) -> None:
    client = demo.client_for("operator112-semarang")
    r = client.post(
        BASE + "panggilan/", {"phone": "0812 1", "type": "kebakaran", "address": "Jl. Pemuda 9"}
    )
    assert r.status_code == 302
    inc = Incident.objects.unscoped("t").get(address="Jl. Pemuda 9")
    assert Dispatch.objects.unscoped("t").filter(incident=inc).count() == 2
    r = client.post(BASE + "panggilan/", {"kind": "silent", "phone": "0813"})
    assert r.status_code == 302
    assert Call.objects.unscoped("t").filter(caller_phone="0813", outcome="silent").exists()
    assert client.post(BASE + "panggilan/", {"kind": "weird"}).status_code == 400


def test_only_call_takers_open_the_form(demo: Demo) -> None:
    assert demo.client_for("damkar-semarang").get(BASE + "panggilan/").status_code == 403
    assert (
        demo.client_for("dpu-semarang").post(BASE + "panggilan/", {"kind": "prank"}).status_code
        == 403
    )


def test_steps_by_post(demo: Demo) -> None:
    fire = Incident.objects.unscoped("t").get(
        region=demo.semarang, type_key="kebakaran", state="active"
    )
    psc = Dispatch.objects.unscoped("t").get(incident=fire, agency__slug="psc119")
    damkar = demo.client_for("damkar-semarang")
    assert damkar.post(BASE + f"penugasan/{psc.pk}/en_route/").status_code == 403
    psc_client = demo.client_for("psc119-semarang")
    r = psc_client.post(
        BASE + f"penugasan/{psc.pk}/declined/", {"reason": ""}, HTTP_HX_REQUEST="true"
    )
    assert r.status_code == 200 and r["HX-Retarget"] == "#dispatch-list"
    psc.refresh_from_db()
    assert psc.status == "acknowledged"
    r = psc_client.post(BASE + f"penugasan/{psc.pk}/en_route/", HTTP_HX_REQUEST="true")
    assert r.status_code == 200 and 'data-status="en_route"' in r.content.decode()
    assert psc_client.post(BASE + f"penugasan/{psc.pk}/bogus/").status_code == 302
    psc.refresh_from_db()
    assert psc.status == "en_route" and psc.en_route_at is not None
