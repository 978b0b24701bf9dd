"""CSV and XLSX import: a report by row, nothing from a failing file unless asked."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from kotacerdas.apps.harga_pangan.config import HargaPanganConfig
from kotacerdas.apps.harga_pangan.models import Price, PriceRevision
from kotacerdas.apps.harga_pangan.services.values import today
from tests.conftest import Demo

URL = "/console/semarang/harga-pangan/impor/"


def csv_file(*lines: str) -> SimpleUploadedFile:
    text = "pasar;komoditas;varian;tanggal;harga\n" + "\n".join(lines) + "\n"
    return SimpleUploadedFile("harga.csv", text.encode(), content_type="text/csv")


def stored() -> list[tuple[str, str, int]]:
    rows = Price.objects.unscoped("test").filter(day=today()).order_by("market", "item")
    return [(p.market, p.item, p.price) for p in rows]


def test_valid_csv_is_imported(demo: Demo, config: HargaPanganConfig) -> None:
    day = today().isoformat()
    upload = csv_file(
        f"pasar-johar;Beras;Kualitas medium I;{day};12.900",
        f"Pasar Bulu;cabai-rawit;merah;{day};52000",
    )
    response = demo.client_for("disdag-semarang").post(URL, {"file": upload})
    assert response.status_code == 302
    assert stored() == [
        ("pasar-bulu", "cabai-rawit:merah", 52000),
        ("pasar-johar", "beras:medium-1", 12900),
    ]
    sources = set(PriceRevision.objects.unscoped("test").values_list("source", flat=True))
    assert sources == {"import"}


def test_invalid_rows_are_reported_by_number_and_nothing_imported(
    demo: Demo, config: HargaPanganConfig
) -> None:
    day = today().isoformat()
    upload = csv_file(
        f"pasar-johar;beras;medium-1;{day};12900",  # row 2: fine
        f"Pasar Atlantis;beras;medium-1;{day};12900",  # row 3: unknown market
        f"pasar-johar;durian;;{day};50000",  # row 4: unknown commodity
        f"pasar-bulu;beras;medium-1;{day};0",  # row 5: zero
        "pasar-bulu;beras;medium-2;kemarin;12000",  # row 6: bad date
    )
    response = demo.client_for("disdag-semarang").post(URL, {"file": upload})
    assert response.status_code == 200
    report = response.context["report"]
    assert [n for n, _m in report.errors] == [3, 4, 5, 6]
    assert "Pasar Atlantis" in report.errors[0][1]
    assert stored() == []
    html = response.content.decode()
    assert 'id="hp-import-errors"' in html and 'name="token"' in html


def test_import_only_the_valid_rows_when_asked(demo: Demo, config: HargaPanganConfig) -> None:
    day = today().isoformat()
    client = demo.client_for("disdag-semarang")
    upload = csv_file(
        f"pasar-johar;beras;medium-1;{day};12900", f"pasar-johar;beras;medium-2;{day};-1"
    )
    response = client.post(URL, {"file": upload})
    token = response.context["token"]
    response = client.post(URL, {"token": token})
    assert response.status_code == 302
    assert stored() == [("pasar-johar", "beras:medium-1", 12900)]
    # The kept rows are used once: a second press imports nothing more and says so.
    response = client.post(URL, {"token": token})
    assert response.status_code == 302
    assert len(stored()) == 1


def test_xlsx_is_imported(demo: Demo, config: HargaPanganConfig) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Pasar", "Komoditas", "Varian", "Tanggal", "Harga"])
    sheet.append(["pasar-johar", "Bawang merah", "", today(), 38500])
    buffer = io.BytesIO()
    book.save(buffer)
    upload = SimpleUploadedFile("harga.xlsx", buffer.getvalue())
    response = demo.client_for("disdag-semarang").post(URL, {"file": upload})
    assert response.status_code == 302
    assert stored() == [("pasar-johar", "bawang-merah:sedang", 38500)]


def test_a_file_without_the_columns_is_refused(demo: Demo, config: HargaPanganConfig) -> None:
    upload = SimpleUploadedFile("harga.csv", b"a,b\n1,2\n")
    response = demo.client_for("disdag-semarang").post(URL, {"file": upload})
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    upload = SimpleUploadedFile("harga.pdf", b"%PDF")
    response = demo.client_for("disdag-semarang").post(URL, {"file": upload})
    assert response.context["form"].errors["file"]
