"""Importing stations from CSV: a good file (created and updated rows), the template as it
downloads, broken files refused as a whole, and the all-or-nothing row report."""

from __future__ import annotations

import csv
import io
import re

from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from kotacerdas.apps.sensor_kota.models import Sensor, Station
from kotacerdas.core.models.audit import AuditEntry
from tests.conftest import Demo

URL = "/console/semarang/sensor-kota/stasiun/impor/"


def admin() -> Client:
    client = Client()
    client.force_login(User.objects.get(username="admin-semarang"))
    return client


def upload(client: Client, content: bytes, name: str = "stasiun.csv") -> str:
    response = client.post(URL, {"file": SimpleUploadedFile(name, content, "text/csv")})
    assert response.status_code == 200
    return response.content.decode()


def stations() -> object:
    return Station.objects.unscoped("test")


def file_error(page: str) -> str:
    return " ".join(re.findall(r'class="field-error"[^>]*>([^<]*)<', page))


def rows_of(page: str) -> dict[int, str]:
    """Row number → the report's text for it (outcome, columns and reasons)."""
    report = page.split('id="sk-import-report"', 1)[1].split("</div>", 1)[0]
    rows = {}
    for part in report.split('data-row="')[1:]:
        number, body = part.split('"', 1)
        rows[int(number)] = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))
    return rows


def test_a_good_file_creates_and_updates_and_keeps_cells_as_text(demo: Demo) -> None:
    client = admin()
    # Semicolons, Indonesian column names and decimal commas, as a spreadsheet exports them.
    lines = [
        "kode;nama;jenis;lintang;bujur;instansi;besaran;interval_detik;publik;"
        "waspada_cm;siaga_cm;awas_cm",
        'kali-garang;"=HYPERLINK(""http://evil"";""klik"")";water;-7,02;110,40;bpbd;'
        "water_level rainfall;300;ya;50;90;150",
        "awlr-simongan;Bendung Simongan (baru);water;-6,9925;110,389;bpbd;"
        "water_level rainfall;120;tidak;;;",
        "",
    ]
    content = "\n".join(lines).encode()
    page = upload(client, content)
    rows = rows_of(page)
    assert "dibuat" in rows[2] and "diperbarui" in rows[3] and 4 not in rows  # blank row skipped
    garang = stations().get(region=demo.semarang, code="kali-garang")
    # A formula is a name like any other: stored as typed, shown as text.
    assert garang.name == '=HYPERLINK("http://evil";"klik")'
    assert (garang.lat, garang.lng) == (-7.02, 110.40)
    assert garang.flood_thresholds_cm == {"waspada": 50, "siaga": 90, "awas": 150}
    simongan = stations().get(region=demo.semarang, code="awlr-simongan")
    assert simongan.name == "Bendung Simongan (baru)" and not simongan.public
    assert simongan.flood_thresholds_cm == {}  # empty thresholds: the region's defaults
    intervals = Sensor.objects.unscoped("test").filter(station=simongan)
    assert set(intervals.values_list("interval_seconds", flat=True)) == {120}
    audit = AuditEntry.objects.unscoped("test").filter(region=demo.semarang)
    assert audit.filter(action="station.created", target="kali-garang").exists()
    assert audit.filter(action="station.changed", target="awlr-simongan").exists()
    listing = client.get("/console/semarang/sensor-kota/stasiun/").content.decode()
    assert "=HYPERLINK(&quot;http://evil&quot;" in listing

    # The template downloads with the documented columns and imports as it stands.
    template = client.get(URL + "template.csv")
    assert template["Content-Type"].startswith("text/csv")
    table = list(csv.reader(io.StringIO(template.content.decode())))
    assert table[0][:6] == ["code", "name", "kind", "lat", "lng", "agency"]
    assert table[0][-3:] == ["waspada_cm", "siaga_cm", "awas_cm"]
    for column in table[0]:
        assert f"<code>{column}</code>" in client.get(URL).content.decode()
    page = upload(client, template.content)
    assert len(rows_of(page)) == 2 and "2 stasiun diimpor" in page


def test_broken_files_are_refused_whole_and_a_bad_row_stops_the_import(demo: Demo) -> None:
    client = admin()
    before = stations().count()
    header = "code,name,kind,lat,lng,quantities\n"
    broken = [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "biner"),
        (
            (header + "pos-1,Pos Kali Banger é,water,-7,110.4,water_level\n").encode("latin-1"),
            "UTF-8",
        ),
        (b"x" * (1024 * 1024 + 10), "1 MB"),
        (b"code;name\nx;y\n", "kind, lat, lng, quantities"),
        (b"", "kosong"),
        (b"   \n", "kosong"),
        (header.encode(), "tidak ada stasiun"),
        (
            (header + 'a,"' + "x" * 200_000 + '",water,-7,110.4,water_level\n').encode(),
            "terlalu panjang",
        ),
    ]
    for content, message in broken:
        page = upload(client, content)
        assert message in file_error(page), (content[:40], file_error(page))
    assert upload(client, b"abc", "stasiun.csv")  # a one-word file: a message, no 500

    # One bad row: nothing is written, each row says what it would be or why not.
    content = (
        header
        + "pos-baru,Pos Baru,water,-7.0,110.4,water_level\n"  # row 2: valid
        + "pos-blora,Pos Blora,water,-7.1,111.4,water_level\n"  # row 3: outside the region
        + "pos-baru,Pos Baru Lagi,water,-7.0,110.41,water_level\n"  # row 4: same code as row 2
        + "Pos X,Pos X,air,abc,110.4,pm25\n"  # row 5: bad code and a bad latitude
        + "pos-udara,Pos Udara,air,-7.0,110.4,temperature\n"  # row 6: no ISPU parameter
        + "pos-lain,Pos Lain,water,-7.0,110.4,water_level rainfal\n"  # row 7: unknown quantity
    ).encode()
    page = upload(client, content)
    rows = rows_of(page)
    assert "5 baris ditolak" in page
    assert "akan dibuat" in rows[2]
    assert "lat" in rows[3] and "di luar Kota Semarang" in rows[3]
    assert "code" in rows[4] and "baris 2" in rows[4]
    assert "code" in rows[5] and "lat" in rows[5]
    assert "quantities" in rows[6] and "parameter ISPU" in rows[6]
    assert "quantities" in rows[7] and "rainfal" in rows[7]
    assert stations().count() == before
    assert not AuditEntry.objects.unscoped("test").filter(action="station.created").exists()

    # Kendal's admin cannot import into Semarang.
    kendal = Client()
    kendal.force_login(User.objects.get(username="admin-kendal"))
    good = (header + "pos-baru,Pos Baru,water,-7.0,110.4,water_level\n").encode()
    response = kendal.post(URL, {"file": SimpleUploadedFile("s.csv", good, "text/csv")})
    assert response.status_code == 403
    assert stations().count() == before
