"""The Regions console: the platform admin onboards a kabupaten, its admin places it; the
province officer lands on the province's room, where a region without data is grey."""

from __future__ import annotations

import json
import re

from django.core.files.uploadedfile import SimpleUploadedFile

from kotacerdas.contract import KPI
from kotacerdas.core.models import Membership, Region
from kotacerdas.core.tenancy import Role
from kotacerdas.situation.province import NO_DATA, _cell_state
from kotacerdas.situation.tiles import Tile
from tests.conftest import Demo
from tests.core.test_geojson import L_SHAPE, polygon


def _row(page: str, slug: str) -> str:
    row = page[page.index(f'id="heat-{slug}"') :]
    return row[: row.index("</tr>")]


def test_platform_admin_onboards_magelang_and_sets_its_place(demo: Demo) -> None:
    client = demo.client_for("admin")
    home = client.get("/console/").content.decode()
    assert 'href="/console/regions/"' in home

    page = client.get("/console/regions/?q=magelang").content.decode()
    assert "Kabupaten Magelang" in page and "Kota Magelang" in page
    assert 'value="33.08"' in page and 'value="33.71"' in page
    assert 'data-code="33.74"' in page  # Kota Semarang is listed among the regions
    fragment = client.get("/console/regions/search/?q=magelang", HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200 and b'id="region-results"' in fragment.content
    assert b"<html" not in fragment.content
    # Semarang is there already: the search says so instead of offering to add it.
    semarang = client.get("/console/regions/search/?q=semarang").content.decode()
    assert 'value="33.74"' not in semarang and 'href="/console/semarang/place/"' in semarang

    response = client.post("/console/regions/", {"code": "33.08"})
    assert response.status_code == 302 and response["Location"] == "/console/magelang/place/"
    magelang = Region.objects.get(code="33.08")
    assert magelang.name == "Kabupaten Magelang" and not magelang.place_confirmed

    again = client.post("/console/regions/", {"code": "3308"})
    assert again.status_code == 400
    assert "Kabupaten Magelang (33.08) sudah ada, dengan slug magelang." in again.content.decode()
    for code, words in [
        ("33", "provinsi Jawa Tengah"),
        ("99.99", "99.99"),
        ("<b>x</b>", "&lt;b&gt;"),
    ]:
        refused = client.post("/console/regions/", {"code": code})
        assert refused.status_code == 400 and words in refused.content.decode(), code
    assert Region.objects.filter(code__startswith="99").count() == 0

    place = client.get("/console/magelang/place/").content.decode()
    assert 'id="place-map-data"' in place and 'name="bbox_west"' in place
    # Numbers in fields are never locale-formatted (Indonesian would write 110,2).
    assert f'value="{round(magelang.bbox_west, 6)}"' in place

    # A broken file is refused next to the field, and nothing changes.
    broken = SimpleUploadedFile("b.geojson", b'{"type": "Polygon", "coordinates": [[[110, -7]]]}')
    response = client.post("/console/magelang/place/", {"boundary": broken})
    assert response.status_code == 400 and 'role="alert"' in response.content.decode()
    magelang.refresh_from_db()
    assert not magelang.place_confirmed and magelang.boundary is None
    # Numbers that make no extent are refused by field.
    response = client.post(
        "/console/magelang/place/",
        {"centre_lat": "-7.5", "centre_lng": "x", "bbox_west": "110.5", "bbox_south": "-7.7"},
    )
    assert response.status_code == 400
    magelang.refresh_from_db()
    assert not magelang.place_confirmed

    good = SimpleUploadedFile("magelang.geojson", json.dumps(polygon(L_SHAPE)).encode())
    response = client.post("/console/magelang/place/", {"boundary": good})
    assert response.status_code == 302
    magelang.refresh_from_db()
    assert magelang.place_confirmed and magelang.boundary == polygon(L_SHAPE)
    assert not magelang.contains(-7.4, 110.3)  # in the bbox, outside the boundary

    # Plain numbers without JavaScript; the boundary stays.
    response = client.post(
        "/console/magelang/place/",
        {
            "centre_lat": "-7.55",
            "centre_lng": "110.1",
            "bbox_west": "110.0",
            "bbox_south": "-7.7",
            "bbox_east": "110.4",
            "bbox_north": "-7.3",
        },
    )
    assert response.status_code == 302
    magelang.refresh_from_db()
    assert (magelang.centre_lat, magelang.centre_lng) == (-7.55, 110.1) and magelang.boundary


def test_only_the_platform_admin_adds_and_only_admins_place(demo: Demo) -> None:
    for user in ("admin-semarang", "dpu-semarang", "provinsi"):
        client = demo.client_for(user)
        assert client.get("/console/regions/").status_code == 403, user
        assert client.get("/console/regions/search/?q=magelang").status_code == 403, user
        assert client.post("/console/regions/", {"code": "33.08"}).status_code == 403, user
        assert (
            'href="/console/regions/"' not in client.get("/console/", follow=True).content.decode()
        )
    anonymous = demo.client_for(None).post("/console/regions/", {"code": "33.08"})
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    assert not Region.objects.filter(code="33.08").exists()

    numbers = {
        "centre_lat": "-7.0",
        "centre_lng": "110.4",
        "bbox_west": "110.2",
        "bbox_south": "-7.2",
        "bbox_east": "110.6",
        "bbox_north": "-6.9",
    }
    for user in ("admin-kendal", "dpu-semarang", "provinsi"):
        response = demo.client_for(user).post("/console/semarang/place/", numbers)
        assert response.status_code == 403, user
    semarang = Region.objects.get(slug="semarang")
    assert semarang.bbox != (110.2, -7.2, 110.6, -6.9)
    admin = demo.client_for("admin-semarang")
    assert admin.get("/console/semarang/place/").status_code == 200
    assert admin.post("/console/semarang/place/", numbers).status_code == 302
    semarang.refresh_from_db()
    assert semarang.bbox == (110.2, -7.2, 110.6, -6.9)


def test_province_officer_lands_on_the_province_room_where_no_data_is_grey(demo: Demo) -> None:
    demo.client_for("admin").post("/console/regions/", {"code": "33.08"})
    officer = demo.client_for("provinsi")
    landing = officer.get("/console/")
    assert landing.status_code == 302 and landing["Location"] == "/province/33/situation/"
    page = officer.get("/province/33/situation/").content.decode()
    magelang = _row(page, "magelang")
    # Magelang has no app yet: every cell, the alerts one too, grey and "belum ada data".
    assert "state-good" not in magelang
    assert magelang.count("belum ada data") == 7  # six dimensions and the alerts column
    assert 'href="/console/magelang/"' in magelang  # the region's overview, one click away
    # A region with data is coloured as before: KPI cells by their worst state.
    semarang = _row(page, "semarang")
    assert re.search(r'class="heat-cell state-(good|warning|bad)" data-state=', semarang)
    assert "Jumlah taman" in semarang

    # A KPI without a value never paints its cell green, whatever state it claims.
    empty = Tile("x", {}, KPI("k", "K", None, state="good"), "governance")  # type: ignore[arg-type]
    full = Tile("x", {}, KPI("k", "K", 3, state="warning"), "governance")  # type: ignore[arg-type]
    assert _cell_state([empty]) == NO_DATA
    assert _cell_state([empty, full]) == "warning"

    # An officer who is also a region's admin chooses on the console home instead.
    Membership.objects.unscoped("test").create(
        user=demo.user("provinsi"), role=Role.REGION_ADMIN, region=demo.semarang
    )
    home = demo.client_for("provinsi").get("/console/")
    assert home.status_code == 200 and 'href="/province/33/situation/"' in home.content.decode()
