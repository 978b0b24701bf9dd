"""Public pages, the console shell per role, health, and errors without tracebacks."""

from __future__ import annotations

import pytest
from django.db import OperationalError
from django.test import Client

from tests.conftest import Demo


def test_home_lists_the_six_regions(demo: Demo) -> None:
    html = Client().get("/").content.decode()
    for name in [
        "Kota Semarang",
        "Kabupaten Kendal",
        "Kabupaten Demak",
        "Kabupaten Blora",
        "Kabupaten Kebumen",
        "Kota Salatiga",
    ]:
        assert name in html


def test_region_page_groups_apps_by_dimension(demo: Demo) -> None:
    html = Client().get("/r/semarang/").content.decode()
    assert "33.74" in html
    for heading in ["Tata Kelola Cerdas", "Ekonomi Cerdas", "Lingkungan Cerdas"]:
        assert heading in html
    # The example app (dimension living) is enabled for every demo region.
    living = html.split('id="dim-living"')[1].split("</article>")[0]
    assert "Contoh Taman Kota" in living
    english = Client().get("/r/semarang/", headers={"accept-language": "en"}).content.decode()
    assert "Smart Living" in english and "Example City Parks" in english


def test_unknown_region_is_a_friendly_404(demo: Demo) -> None:
    response = Client().get("/r/atlantis/")
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.content.decode()


@pytest.mark.parametrize(
    ("username", "visible"),
    [
        ("admin", ["Kota Semarang", "Kabupaten Kendal"]),
        ("provinsi", ["Kota Semarang", "Kabupaten Kendal"]),
    ],
)
def test_console_home_offers_the_regions_of_the_role(
    demo: Demo, username: str, visible: list[str]
) -> None:
    # follow: a province officer lands on the province's room, which lists its regions too.
    html = demo.client_for(username).get("/console/", follow=True).content.decode()
    for name in visible:
        assert name in html


def test_console_home_goes_straight_to_the_only_region(demo: Demo) -> None:
    response = demo.client_for("admin-kendal").get("/console/")
    assert response.status_code == 302 and response.url == "/console/kendal/"


def test_console_navigation_per_role(demo: Demo) -> None:
    admin = demo.client_for("admin-semarang").get("/console/semarang/agencies/").content.decode()
    staff = demo.client_for("dpu-semarang").get("/console/semarang/agencies/").content.decode()
    officer = demo.client_for("provinsi").get("/console/semarang/agencies/").content.decode()
    assert "Admin daerah" in admin and "Tambah perangkat daerah" in admin
    assert "Petugas perangkat daerah" in staff and "Tambah perangkat daerah" not in staff
    assert "Hanya baca" in officer and "Tambah perangkat daerah" not in officer


def test_admin_is_for_platform_admins_only(demo: Demo) -> None:
    assert demo.client_for("admin").get("/admin/").status_code == 200
    assert demo.client_for("admin-semarang").get("/admin/").status_code == 302


def test_invalid_configuration_names_the_field(demo: Demo) -> None:
    client = demo.client_for("admin-semarang")
    response = client.post(
        "/console/semarang/apps/contoh-taman/",
        {"config": '{"parks": [{"name": "Taman", "lat": "x", "lng": 110.4}]}'},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Kolom parks[0].lat" in html and "is not of type" in html
    broken = client.post("/console/semarang/apps/contoh-taman/", {"config": "{nope"})
    assert "JSON tidak sah" in broken.content.decode()


def test_configuration_page_is_a_form_with_json_behind_advanced(demo: Demo) -> None:
    client = demo.client_for("admin-semarang")
    html = client.get("/console/semarang/apps/contoh-taman/").content.decode()
    assert 'name="cfg-parks-0-name"' in html and 'name="cfg-target_parks"' in html
    assert '<select name="cfg-managing_agency"' in html
    assert '<details class="card sf-advanced">' in html and 'id="id_config"' in html
    assert "Lanjutan" in html and "Simpan konfigurasi" in html


def test_configuration_form_saves_and_refuses_with_the_field_named(demo: Demo) -> None:
    from kotacerdas.core.models import AppInstallation

    client = demo.client_for("admin-semarang")
    url = "/console/semarang/apps/contoh-taman/"
    row = AppInstallation.objects.unscoped("test").get(region=demo.semarang, app_key="contoh-taman")
    post = {
        "cfg-__present": "1",
        "cfg-parks-__present": "1",
        "cfg-parks-0-name": "Taman Baru",
        "cfg-parks-0-lat": "-7,01",
        "cfg-parks-0-lng": "110.4",
        "cfg-target_parks": "-1",
        "cfg-managing_agency": row.config["managing_agency"],
    }
    refused = client.post(url, post)
    html = refused.content.decode()
    assert refused.status_code == 200 and "paling sedikit 0" in html
    assert 'id="cfg-target_parks-err"' in html and 'value="Taman Baru"' in html
    row.refresh_from_db()
    assert row.config["parks"][0]["name"] != "Taman Baru"  # nothing saved
    saved = client.post(url, {**post, "cfg-target_parks": "4"})
    assert saved.status_code == 302
    row.refresh_from_db()
    assert row.config["parks"] == [{"name": "Taman Baru", "lat": -7.01, "lng": 110.4}]
    assert row.config["target_parks"] == 4


def test_configuration_form_is_read_only_for_others(demo: Demo) -> None:
    staff = demo.client_for("dpu-semarang")
    html = staff.get("/console/semarang/apps/contoh-taman/").content.decode()
    assert "data-sf-form disabled" in html and "data-sf-save" not in html
    refused = staff.post("/console/semarang/apps/contoh-taman/", {"cfg-target_parks": "1"})
    assert refused.status_code == 403


def test_healthz(db: None) -> None:
    response = Client().get("/healthz")
    assert response.status_code == 200 and response.json()["database"] in {"sqlite", "postgresql"}


def test_healthz_when_the_database_is_down(db: None, monkeypatch: pytest.MonkeyPatch) -> None:
    class DownConnection:
        vendor = "postgresql"

        def cursor(self) -> None:
            raise OperationalError("connection refused\nmore detail")

    monkeypatch.setattr("kotacerdas.web.views.health.connection", DownConnection())
    response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "error",
        "database": "unreachable",
        "detail": "connection refused",
    }
