"""Who may watch, acknowledge and clear; what the citizens' room never shows."""

from __future__ import annotations

import json

import pytest

from kotacerdas.core.alerts import raise_alert
from kotacerdas.core.events import publish
from kotacerdas.core.models import AlertRecord, Region
from kotacerdas.core.tenancy import Scope
from kotacerdas.situation.services import set_public_room
from tests.conftest import ROLE_USERS, Demo


def _alert(region: Region, condition: str = "flood", public: bool = False) -> AlertRecord:
    alert, _ = raise_alert(
        region,
        "sensor-kota",
        condition,
        "critical",
        f"Banjir {condition}",
        detail="Catatan internal petugas",
        public=public,
    )
    return alert


def _state(alert: AlertRecord) -> str:
    return AlertRecord.objects.unscoped("test reads back").get(pk=alert.pk).state


# role -> (sees Semarang's full room, may acknowledge there)
SEMARANG_ROOM = {
    "anonymous": (False, False),
    "platform_admin": (True, True),
    "province_officer": (True, False),
    "region_admin_semarang": (True, True),
    "agency_staff_semarang": (True, True),
}


@pytest.mark.parametrize("role", list(ROLE_USERS))
def test_each_role_in_semarangs_room(demo: Demo, role: str) -> None:
    alert = _alert(demo.semarang)
    client = demo.client_for(ROLE_USERS[role])
    sees, operates = SEMARANG_ROOM[role]
    page = client.get("/r/semarang/situation/")
    if sees:
        assert page.status_code == 200
        assert "Banjir flood" in page.content.decode()
    else:
        assert page.status_code == 302  # the room is private until the region opens it
    response = client.post(f"/r/semarang/situation/alerts/{alert.pk}/acknowledge/")
    if operates:
        assert response.status_code == 302
        assert _state(alert) == "acknowledged"
    else:
        assert response.status_code in (302, 403)
        assert _state(alert) == "active"


def test_operators_of_one_region_cannot_ack_anothers_alerts(demo: Demo) -> None:
    kendal_alert = _alert(demo.kendal)
    for user in ("admin-semarang", "dpu-semarang"):
        client = demo.client_for(user)
        # Through Kendal's room: no role there.
        assert (
            client.post(f"/r/kendal/situation/alerts/{kendal_alert.pk}/acknowledge/").status_code
            == 403
        )
        assert (
            client.post(f"/r/kendal/situation/alerts/{kendal_alert.pk}/clear/").status_code == 403
        )
        # Through their own room, naming Kendal's alert id.
        assert (
            client.post(f"/r/semarang/situation/alerts/{kendal_alert.pk}/acknowledge/").status_code
            == 404
        )
        assert (
            client.post(f"/r/semarang/situation/alerts/{kendal_alert.pk}/clear/").status_code == 404
        )
        assert client.get(f"/r/semarang/situation/alerts/{kendal_alert.pk}/").status_code == 404
    assert _state(kendal_alert) == "active"
    # The positive control: Kendal's own staff can.
    client = demo.client_for("dpu-kendal")
    response = client.post(
        f"/r/kendal/situation/alerts/{kendal_alert.pk}/clear/",
        {"reason": "pompa sudah menyala"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert 'data-state="cleared"' in response.content.decode()
    assert _state(kendal_alert) == "cleared"


def test_htmx_ack_returns_the_updated_item_and_publishes_an_event(demo: Demo) -> None:
    alert = _alert(demo.semarang)
    response = demo.client_for("dpu-semarang").post(
        f"/r/semarang/situation/alerts/{alert.pk}/acknowledge/", HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert f'id="alert-{alert.pk}"' in html and 'data-state="acknowledged"' in html
    assert "/acknowledge/" not in html  # nothing left to acknowledge; clearing still offered
    assert "/clear/" in html
    # Acknowledging twice is not an error page: the item shows as it is.
    again = demo.client_for("admin-semarang").post(
        f"/r/semarang/situation/alerts/{alert.pk}/acknowledge/", HTTP_HX_REQUEST="true"
    )
    assert again.status_code == 200


def test_public_room_is_off_by_default_then_shows_only_public_things(demo: Demo) -> None:
    anonymous = demo.client_for(None)
    assert anonymous.get("/r/semarang/situation/").status_code == 302
    set_public_room(Scope.for_user(demo.user("admin-semarang")), demo.semarang, True)
    private = _alert(demo.semarang, "internal", public=False)
    public = _alert(demo.semarang, "river", public=True)
    page = anonymous.get("/r/semarang/situation/").content.decode()
    assert "Banjir river" in page
    assert "Banjir internal" not in page
    assert "/acknowledge/" not in page  # citizens read, they do not operate
    assert anonymous.get(f"/r/semarang/situation/alerts/{private.pk}/").status_code == 404
    assert anonymous.get(f"/r/semarang/situation/alerts/{public.pk}/").status_code == 200
    assert (
        anonymous.post(f"/r/semarang/situation/alerts/{public.pk}/acknowledge/").status_code == 403
    )
    assert _state(public) == "active"
    # Other regions stay closed.
    assert anonymous.get("/r/kendal/situation/").status_code == 302


def test_public_stream_carries_only_public_events(demo: Demo) -> None:
    set_public_room(Scope.for_user(demo.user("admin-semarang")), demo.semarang, True)
    start = publish(demo.semarang, "sensor-kota", "reading", {}).pk
    publish(demo.semarang, "aduan-warga", "report.note", {"note": "nama pelapor"}, public=False)
    shown = publish(demo.semarang, "sensor-kota", "reading", {"level": 1.2}, public=True)
    response = demo.client_for(None).get("/r/semarang/situation/events/", {"after": start})
    stream = (c.decode() for c in response.streaming_content)
    next(stream)
    first = next(stream)
    assert first.startswith(f"id: {shown.pk}\n")
    assert "nama pelapor" not in first
    stream.close()


def test_public_layers_only_in_the_public_room(demo: Demo, monkeypatch: pytest.MonkeyPatch) -> None:
    from kotacerdas.situation import summary
    from kotacerdas.situation.summary import Layer

    original = summary.region_map

    def with_private_layer(region: Region, state: summary.RoomState) -> summary.RegionMap:
        result = original(region, state)
        empty = {"type": "FeatureCollection", "features": []}
        result.layers.append(Layer("x", "crews", "Internal crews", empty, public=False))
        return result

    monkeypatch.setattr(summary, "region_map", with_private_layer)
    set_public_room(Scope.for_user(demo.user("admin-semarang")), demo.semarang, True)
    public_ids = {
        ly["id"]
        for ly in demo.client_for(None).get("/r/semarang/situation/layers.json").json()["layers"]
    }
    staff_ids = {
        ly["id"]
        for ly in json.loads(
            demo.client_for("dpu-semarang").get("/r/semarang/situation/layers.json").content
        )["layers"]
    }
    assert "x/crews" in staff_ids
    assert "x/crews" not in public_ids
    assert "contoh-taman/parks" in public_ids
