"""Stations and sensors in the console: create, edit, retire and reinstate, every refusal
shown next to its field, and tenancy (Kendal's admin never touches Semarang's stations)."""

from __future__ import annotations

import re
from typing import Any

from django.contrib.auth.models import User
from django.test import Client

from kotacerdas.apps.sensor_kota.models import Sensor, Station
from kotacerdas.core.models.audit import AuditEntry
from tests.conftest import Demo

BASE = "/console/semarang/sensor-kota/stasiun/"
NEW = BASE + "baru/"
GOOD: dict[str, Any] = {
    "code": "kali-garang",
    "name": "Kali Garang <b>hulu</b>",
    "kind": "water",
    "agency": "bpbd",
    "lat": "-7,02",  # an Indonesian decimal comma is read as a decimal point
    "lng": "110.40",
    "quantities": ["water_level", "rainfall"],
    "interval_seconds": "300",
    "public": "on",
    "show_ispu": "on",
    "waspada_cm": "50",
    "siaga_cm": "90",
    "awas_cm": "150",
}


def signed_in(username: str, password: str = "") -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def stations() -> Any:
    return Station.objects.unscoped("test")


def field_errors(html: str, name: str) -> str:
    """The text of the messages shown in the field's own block of the form."""
    block = re.search(rf'data-field="{name}">(.*?)</div>', html, re.S)
    assert block is not None, f"no field {name} on the page"
    return " ".join(re.findall(r'class="field-error"[^>]*>([^<]*)<', block.group(1)))


def test_an_admin_adds_edits_retires_and_reinstates_a_station(demo: Demo) -> None:
    admin = signed_in("admin-semarang", "demo-semarang")
    listing = admin.get(BASE).content.decode()
    assert 'data-station="awlr-simongan"' in listing and "Tambah stasiun" in listing
    form = admin.get(NEW).content.decode()
    for name in ("id_lat", "id_lng", "id_waspada_cm", "id_siaga_cm", "id_awas_cm"):
        assert f'id="{name}"' in form
    assert 'id="sk-picker-data"' in form and "kotacerdas/map.js" in form

    response = admin.post(NEW, GOOD)
    assert response.status_code == 302 and response["Location"] == BASE
    station = stations().get(region=demo.semarang, code="kali-garang")
    assert (station.lat, station.lng, station.public) == (-7.02, 110.40, True)
    assert station.flood_thresholds_cm == {"waspada": 50, "siaga": 90, "awas": 150}
    assert station.agency is not None and station.agency.slug == "bpbd"
    sensors = {s.quantity: s for s in Sensor.objects.unscoped("test").filter(station=station)}
    assert set(sensors) == {"water_level", "rainfall"}
    assert {s.interval_seconds for s in sensors.values()} == {300}
    assert sensors["water_level"].code == "kali-garang-water-level"
    entry = AuditEntry.objects.unscoped("test").get(action="station.created")
    assert entry.region_id == demo.semarang.pk and entry.target == "kali-garang"
    listing = admin.get(BASE).content.decode()
    # The name is text: the markup typed into it is shown, not obeyed.
    assert "Kali Garang &lt;b&gt;hulu&lt;/b&gt;" in listing and "<b>hulu</b>" not in listing

    # Edit: the code stays (loggers use it) whatever is posted; thresholds cleared fall
    # back to the region's defaults; a sensor without readings may be dropped.
    edit = BASE + "kali-garang/"
    page = admin.get(edit).content.decode()
    assert 'value="-7.02"' in page and 'value="50.0"' in page  # never "-7,02" in a field
    changed = {**GOOD, "code": "renamed", "name": "Kali Garang", "quantities": ["water_level"]}
    changed.update(waspada_cm="", siaga_cm="", awas_cm="", public="")
    assert admin.post(edit, changed).status_code == 302
    station.refresh_from_db()
    assert (station.code, station.name, station.public) == ("kali-garang", "Kali Garang", False)
    assert station.flood_thresholds_cm == {}
    assert [s.quantity for s in Sensor.objects.unscoped("test").filter(station=station)] == [
        "water_level"
    ]
    assert AuditEntry.objects.unscoped("test").filter(action="station.changed").count() == 1

    # Retire: off the public page, kept in the console; reinstate brings it back.
    public = Client().get("/r/semarang/sensor-kota/").content.decode()
    assert 'data-station="awlr-simongan"' in public
    assert admin.post(BASE + "awlr-simongan/pensiun/", {"retire": "1"}).status_code == 302
    simongan = stations().get(region=demo.semarang, code="awlr-simongan")
    assert simongan.retired_at is not None
    assert (
        'data-station="awlr-simongan"'
        not in Client().get("/r/semarang/sensor-kota/").content.decode()
    )
    assert Client().get("/r/semarang/sensor-kota/stasiun/awlr-simongan/").status_code == 404
    assert 'data-station="awlr-simongan"' in admin.get(BASE).content.decode()
    assert admin.post(BASE + "awlr-simongan/pensiun/", {"retire": "0"}).status_code == 302
    simongan.refresh_from_db()
    assert simongan.retired_at is None
    actions = set(AuditEntry.objects.unscoped("test").values_list("action", flat=True))
    assert {"station.retired", "station.reinstated"} <= actions


def test_each_bad_input_is_refused_next_to_its_field(demo: Demo) -> None:
    admin = signed_in("admin-semarang", "demo-semarang")
    before = stations().count()
    cases: list[tuple[dict[str, Any], str, str]] = [
        # Blora's centre: a real place, but not in Kota Semarang.
        ({"lat": "-7.1", "lng": "111.4"}, "lat", "di luar Kota Semarang"),
        ({"code": "awlr-simongan"}, "code", "sudah memiliki stasiun dengan kode ini"),
        ({"code": "baru"}, "code", "dicadangkan"),
        ({"code": "Kali Garang!"}, "code", "huruf"),
        ({"lat": "abc"}, "lat", "angka"),
        ({"lat": "1e999"}, "lat", "angka"),  # infinity is not a latitude
        ({"lat": "95"}, "lat", "-90"),
        ({"lng": "nan"}, "lng", "angka"),
        ({"interval_seconds": "0"}, "interval_seconds", "10"),
        ({"interval_seconds": "x" * 5000}, "interval_seconds", "bilangan bulat"),
        ({"siaga_cm": "40"}, "siaga_cm", "lebih tinggi dari ambang Waspada"),
        ({"awas_cm": "90"}, "awas_cm", "lebih tinggi dari ambang Siaga"),
        ({"siaga_cm": "", "awas_cm": ""}, "siaga_cm", "setiap tingkat"),
        ({"waspada_cm": "99999"}, "waspada_cm", "antara"),
        ({"quantities": ["rainfall"]}, "quantities", "tinggi muka air"),
        ({"kind": "air", "quantities": ["temperature"]}, "quantities", "parameter ISPU"),
        ({"kind": "volcano"}, "kind", "pilihan"),
        ({"agency": "dinas-lain"}, "agency", "pilihan"),
    ]
    for change, field, message in cases:
        response = admin.post(NEW, {**GOOD, **change})
        assert response.status_code == 200, change
        errors = field_errors(response.content.decode(), field)
        assert message.lower() in errors.lower(), (change, errors)
    # Control characters are refused by the platform before the form (400, never 500).
    assert admin.post(NEW, {**GOOD, "name": "Kali\x1bGarang"}).status_code == 400
    assert stations().count() == before  # nothing half-written
    # A sensor that has readings cannot be removed by editing the quantities.
    simongan = admin.get(BASE + "awlr-simongan/").content.decode()
    assert 'value="water_level"' in simongan
    edit = {**GOOD, "code": "awlr-simongan", "quantities": ["water_level"]}
    edit.update(waspada_cm="60", siaga_cm="100", awas_cm="200")
    sensors = Sensor.objects.unscoped("test").filter(station__code="awlr-simongan")
    assert set(sensors.values_list("quantity", flat=True)) == {"water_level", "rainfall"}
    page = admin.post(BASE + "awlr-simongan/", edit).content.decode()
    assert "sudah memiliki pembacaan" in field_errors(page, "quantities")
    assert set(sensors.values_list("quantity", flat=True)) == {"water_level", "rainfall"}


def test_tenancy_kendal_admin_and_agency_staff(demo: Demo) -> None:
    kendal = signed_in("admin-kendal", "demo-kendal")
    simongan = stations().get(region=demo.semarang, code="awlr-simongan")
    for url, data in (
        (BASE, None),
        (NEW, GOOD),
        (BASE + "awlr-simongan/", {**GOOD, "name": "Taken over"}),
        (BASE + "awlr-simongan/pensiun/", {"retire": "1"}),
        (BASE + "impor/", {}),
    ):
        response = kendal.post(url, data or {}) if data is not None else kendal.get(url)
        assert response.status_code in (403, 404), url
    simongan.refresh_from_db()
    assert simongan.name == "Bendung Simongan" and simongan.retired_at is None
    assert not stations().filter(code="kali-garang").exists()
    # Kendal's admin works on Kendal's stations; a Semarang point is outside Kendal.
    own = kendal.post("/console/kendal/sensor-kota/stasiun/baru/", {**GOOD, "agency": "bpbd"})
    assert own.status_code == 200
    assert "di luar Kabupaten Kendal" in field_errors(own.content.decode(), "lat")
    inside = {**GOOD, "agency": "bpbd", "lat": "-7.0", "lng": "110.17"}
    assert kendal.post("/console/kendal/sensor-kota/stasiun/baru/", inside).status_code == 302
    assert stations().get(code="kali-garang").region_id == demo.kendal.pk

    # Agency staff (DPU Semarang) see the list but may not change BPBD's gauges.
    staff = signed_in("dpu-semarang", "demo-dpu-semarang")
    listing = staff.get(BASE).content.decode()
    assert 'data-station="awlr-simongan"' in listing and "pensiun/" not in listing
    assert staff.get(BASE + "awlr-simongan/").status_code == 404
    assert staff.post(BASE + "awlr-simongan/pensiun/", {"retire": "1"}).status_code == 404
    simongan.refresh_from_db()
    assert simongan.retired_at is None
    # Citizens are sent to sign in.
    assert Client().get(BASE).status_code == 302
