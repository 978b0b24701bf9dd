"""Every public page and console page of the demo answers, in the region's context."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kotacerdas.apps.agenda_wisata.models import Business, Destination, Event
from kotacerdas.core.tenancy import Scope
from tests.conftest import Demo

S = "semarang"


def _scope(demo: Demo) -> Scope:
    return Scope.region_system(demo.semarang.pk, "test")


@pytest.mark.parametrize(
    "name",
    ["index", "month", "weekend", "destinations", "products", "ics", "atom"],
)
def test_public_pages_answer(demo: Demo, name: str) -> None:
    response = demo.client_for(None).get(reverse(f"agenda_wisata:{name}", args=[S]))
    assert response.status_code == 200


def test_detail_pages_answer(demo: Demo) -> None:
    client = demo.client_for(None)
    scope = _scope(demo)
    for e in Event.objects.scoped(scope).filter(region=demo.semarang):
        assert client.get(reverse("agenda_wisata:event", args=[S, e.pk])).status_code == 200
    for d in Destination.objects.scoped(scope).filter(region=demo.semarang):
        assert client.get(reverse("agenda_wisata:destination", args=[S, d.slug])).status_code == 200
    for b in Business.objects.scoped(scope).filter(region=demo.semarang):
        page = client.get(reverse("agenda_wisata:business", args=[S, b.slug]))
        assert page.status_code == 200
        assert f"https://wa.me/{b.whatsapp}" in page.content.decode()


@pytest.mark.parametrize(
    "name", ["home", "event_new", "destination_new", "visitors", "business_new"]
)
def test_console_pages_for_disbudpar(demo: Demo, name: str) -> None:
    client = demo.client_for("disbudpar-semarang")
    assert client.get(reverse(f"agenda_wisata-console:{name}", args=[S])).status_code == 200


def test_other_agency_staff_may_read_but_not_edit(demo: Demo) -> None:
    client = demo.client_for("dpu-semarang")
    assert client.get(reverse("agenda_wisata-console:home", args=[S])).status_code == 200
    page = client.get(reverse("agenda_wisata-console:event_new", args=[S]))
    assert page.status_code == 200 and "<fieldset" in page.content.decode()
    assert 'class="aw-fieldset" disabled' in page.content.decode()
    from tests.apps.agenda_wisata.conftest import event_form

    before = Event.objects.scoped(_scope(demo)).filter(region=demo.semarang).count()
    post = client.post(
        reverse("agenda_wisata-console:event_new", args=[S]), event_form(demo.semarang)
    )
    assert post.status_code == 403
    assert Event.objects.scoped(_scope(demo)).filter(region=demo.semarang).count() == before


def test_kendal_officer_cannot_touch_semarang(demo: Demo) -> None:
    client = demo.client_for("disbudpar-kendal")
    assert client.get(reverse("agenda_wisata-console:event_new", args=[S])).status_code in {
        302,
        403,
    }
    scope = _scope(demo)
    event = Event.objects.scoped(scope).filter(region=demo.semarang).first()
    assert event is not None
    # A Semarang event is not found under Kendal's address.
    page = demo.client_for(None).get(reverse("agenda_wisata:event", args=["kendal", event.pk]))
    assert page.status_code == 404
