"""The room's console settings, and the province's heat table with its drill-down."""

from __future__ import annotations

import pytest

from kotacerdas.core.alerts import raise_alert
from kotacerdas.core.models import AlertRecord
from kotacerdas.core.tenancy import Scope
from kotacerdas.platform.installations import NotAllowed
from kotacerdas.situation.access import public_room_enabled
from kotacerdas.situation.services import set_public_room
from tests.conftest import Demo


def test_region_admin_opens_and_closes_the_public_room(demo: Demo) -> None:
    client = demo.client_for("admin-semarang")
    page = client.get("/console/semarang/situation/").content.decode()
    assert 'name="public_room"' in page
    response = client.post("/console/semarang/situation/", {"public_room": "on"}, follow=True)
    assert "Ruang situasi publik dibuka untuk warga." in response.content.decode()
    assert public_room_enabled(demo.semarang)
    client.post("/console/semarang/situation/", {})
    assert not public_room_enabled(demo.semarang)


@pytest.mark.parametrize(
    ("user", "status"),
    [("dpu-semarang", 403), ("admin-kendal", 403), ("provinsi", 403), (None, 302)],
)
def test_others_cannot_open_semarangs_public_room(
    demo: Demo, user: str | None, status: int
) -> None:
    response = demo.client_for(user).post("/console/semarang/situation/", {"public_room": "on"})
    assert response.status_code == status
    assert not public_room_enabled(demo.semarang)


def test_the_service_refuses_a_scope_without_admin_rights(demo: Demo) -> None:
    with pytest.raises(NotAllowed, match="Kota Semarang"):
        set_public_room(Scope.for_user(demo.user("dpu-semarang")), demo.semarang, True)
    assert not public_room_enabled(demo.semarang)


def test_province_officer_sees_every_region_side_by_side(demo: Demo) -> None:
    raise_alert(demo.kendal, "sensor-kota", "flood", "critical", "Banjir Kendal")
    page = demo.client_for("provinsi").get("/province/33/situation/").content.decode()
    for slug in ("semarang", "kendal", "demak"):
        assert f'id="heat-{slug}"' in page
        assert f'href="/r/{slug}/situation/"' in page  # drill down into the region's room
    kendal_row = page[page.index('id="heat-kendal"') :]
    kendal_row = kendal_row[: kendal_row.index("</tr>")]
    assert "Jumlah taman" in kendal_row  # a KPI from an app, filed under its dimension
    active = AlertRecord.objects.unscoped("test counts").filter(region=demo.kendal, state="active")
    cell = f'<td class="heat-cell state-bad"><strong>{active.count()}</strong></td>'
    assert kendal_row.rstrip().endswith(cell)
    assert demo.client_for("provinsi").get("/r/kendal/situation/").status_code == 200


def test_province_room_without_roles_shows_only_public_rooms(demo: Demo) -> None:
    set_public_room(Scope.for_user(demo.user("admin-semarang")), demo.semarang, True)
    page = demo.client_for(None).get("/province/33/situation/").content.decode()
    semarang = page[page.index('id="heat-semarang"') :]
    assert "Jumlah taman" in semarang[: semarang.index("</tr>")]
    kendal = page[page.index('id="heat-kendal"') :]
    kendal = kendal[: kendal.index("</tr>")]
    assert "Jumlah taman" not in kendal and "heat-hidden" in kendal
    assert 'href="/r/kendal/situation/"' not in page
    heat = demo.client_for(None).get("/province/33/situation/heat/")
    assert heat.status_code == 200 and b'id="heat"' in heat.content


def test_unknown_province_or_region_is_a_404(demo: Demo) -> None:
    client = demo.client_for("admin")
    assert client.get("/province/99/situation/").status_code == 404
    assert client.get("/r/atlantis/situation/").status_code == 404
