"""Probe cases of issue 13 for Harga Pangan: a 128 KB cell, a truncated XLSX, a 5,000-digit
price and dates of year 1 (import, console entry and API): a message naming the row or
field, nothing stored, never a server error."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import Workbook

from kotacerdas.apps.harga_pangan.config import APP_KEY, HargaPanganConfig
from kotacerdas.apps.harga_pangan.models import Price, PriceRevision
from kotacerdas.apps.harga_pangan.services.values import BadValue, parse_price, today
from kotacerdas.core.keys import issue_key
from kotacerdas.core.tenancy import Scope
from tests.conftest import Demo

IMPORT = "/console/semarang/harga-pangan/impor/"
ENTRY = "/console/semarang/harga-pangan/entri/pasar-johar/"
API = "/api/apps/harga-pangan/semarang/prices"
RICE = "beras:medium-1"
HUGE = "9" * 5000
HEADER = "pasar;komoditas;varian;tanggal;harga\n"


def nothing_stored() -> bool:
    return (
        not Price.objects.unscoped("test").exists()
        and not PriceRevision.objects.unscoped("test").exists()
    )


def upload(demo: Demo, name: str, content: bytes) -> Any:
    file = SimpleUploadedFile(name, content, content_type="application/octet-stream")
    client = demo.client_for("disdag-semarang")
    return client.post(IMPORT, {"file": file}, HTTP_ACCEPT_LANGUAGE="en")


def file_error(response: Any) -> str:
    assert response.status_code == 200
    errors = response.context["form"].errors["file"]
    return " ".join(str(e) for e in errors)


def xlsx(rows: list[list[Any]]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_csv_cell_over_128_kb_names_its_row(demo: Demo, config: HargaPanganConfig) -> None:
    day = today().isoformat()
    text = HEADER + f"pasar-johar;beras;medium-1;{day};12900\n"
    text += f"pasar-johar;{'x' * (130 * 1024)};medium-1;{day};12900\n"
    message = file_error(upload(demo, "harga.csv", text.encode()))
    assert "Row 3" in message and "128 KB" in message
    assert nothing_stored()


def test_a_quoted_csv_cell_over_the_csv_limit_names_its_row(
    demo: Demo, config: HargaPanganConfig
) -> None:
    text = HEADER + 'pasar-johar;"' + "y" * (200 * 1024) + '";medium-1;2026-01-01;1\n'
    message = file_error(upload(demo, "harga.csv", text.encode()))
    assert "Row 2" in message
    assert nothing_stored()


def test_a_control_character_in_a_csv_cell_is_refused(
    demo: Demo, config: HargaPanganConfig
) -> None:
    text = HEADER + f"pasar-johar;beras\x00;medium-1;{today().isoformat()};12900\n"
    message = file_error(upload(demo, "harga.csv", text.encode()))
    assert "Row 2, column 2" in message
    assert nothing_stored()


def price_rows(n: int) -> list[list[Any]]:
    day = today().isoformat()
    rows: list[list[Any]] = [["pasar", "komoditas", "varian", "tanggal", "harga"]]
    return rows + [["pasar-johar", "beras", "medium-1", day, 12900 + i] for i in range(n)]


def test_a_truncated_xlsx_file_is_refused(demo: Demo, config: HargaPanganConfig) -> None:
    whole = xlsx(price_rows(300))
    message = file_error(upload(demo, "harga.xlsx", whole[: len(whole) * 9 // 10]))
    assert "XLSX" in message
    assert nothing_stored()


def test_an_xlsx_with_a_truncated_sheet_names_the_last_good_row(
    demo: Demo, config: HargaPanganConfig
) -> None:
    """The archive is whole but the sheet inside it is cut: openpyxl opens it and fails
    only while reading the rows (a server error before)."""
    source = zipfile.ZipFile(io.BytesIO(xlsx(price_rows(300))))
    cut = io.BytesIO()
    with zipfile.ZipFile(cut, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename.startswith("xl/worksheets/sheet"):
                data = data[: len(data) // 2]
            target.writestr(info, data)
    message = file_error(upload(demo, "harga.xlsx", cut.getvalue()))
    assert "XLSX" in message and "after row" in message
    assert nothing_stored()


def test_a_5000_digit_price_in_a_file_names_row_and_price(
    demo: Demo, config: HargaPanganConfig
) -> None:
    day = today().isoformat()
    text = HEADER + f"pasar-johar;beras;medium-1;{day};12900\n"
    text += f"pasar-bulu;beras;medium-1;{day};{HUGE}\n"
    response = upload(demo, "harga.csv", text.encode())
    assert response.status_code == 200
    errors = response.context["report"].errors
    assert [n for n, _m in errors] == [3]
    assert "price" in errors[0][1]
    assert nothing_stored()


def test_a_5000_digit_price_in_an_xlsx_names_its_row(demo: Demo, config: HargaPanganConfig) -> None:
    day = today().isoformat()
    content = xlsx(
        [
            ["pasar", "komoditas", "varian", "tanggal", "harga"],
            ["pasar-johar", "beras", "medium-1", day, HUGE],
        ]
    )
    response = upload(demo, "harga.xlsx", content)
    errors = response.context["report"].errors
    assert errors and errors[0][0] == 2 and "price" in errors[0][1]
    assert nothing_stored()


def test_a_5000_digit_price_in_the_entry_form_names_the_item(
    demo: Demo, config: HargaPanganConfig
) -> None:
    response = demo.client_for("disdag-semarang").post(ENTRY, {f"price-{RICE}": HUGE})
    assert response.status_code == 200
    assert RICE in response.context["errors"]
    assert nothing_stored()


def test_a_day_of_year_one_in_the_entry_form_is_a_message(
    demo: Demo, config: HargaPanganConfig
) -> None:
    client = demo.client_for("disdag-semarang")
    response = client.post(ENTRY, {"day": "0001-01-01", f"price-{RICE}": "12900"})
    assert response.status_code == 200
    assert "2000-01-01" in response.context["errors"]["day"]
    assert nothing_stored()


@pytest.fixture
def key(demo: Demo) -> str:
    admin = Scope.for_user(demo.user("admin-semarang"))
    _row, clear = issue_key(admin, demo.semarang, APP_KEY, "Till system")
    return clear


def api_post(body: bytes, key: str) -> Any:
    return Client().post(
        API, body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {key}"
    )


def test_a_5000_digit_price_string_in_the_api_names_the_item(
    demo: Demo, config: HargaPanganConfig, key: str
) -> None:
    body = b'{"market": "pasar-johar", "prices": {"%s": "%s"}}' % (RICE.encode(), HUGE.encode())
    response = api_post(body, key)
    assert response.status_code == 422
    assert response.json()["field"] == RICE
    assert nothing_stored()


def test_a_5000_digit_price_number_in_the_api_is_a_400_on_the_body(
    demo: Demo, config: HargaPanganConfig, key: str
) -> None:
    body = b'{"market": "pasar-johar", "prices": {"%s": %s}}' % (RICE.encode(), HUGE.encode())
    response = api_post(body, key)
    assert response.status_code == 400
    assert response.json()["field"] == "body"
    assert "column" in response.json()["detail"]
    assert nothing_stored()


def test_a_date_of_year_one_in_the_api_is_a_422_on_day(
    demo: Demo, config: HargaPanganConfig, key: str
) -> None:
    body = b'{"market": "pasar-johar", "date": "0001-01-01", "prices": {"%s": 12900}}' % (
        RICE.encode()
    )
    response = api_post(body, key)
    assert response.status_code == 422
    assert response.json()["field"] == "day"
    assert nothing_stored()


@pytest.mark.parametrize(
    "raw", [HUGE, "1" * 41, float("inf"), float("nan"), "١٢٣", "1e400", 10**400]
)
def test_parse_price_refuses_with_its_own_error(raw: object) -> None:
    with pytest.raises(BadValue):
        parse_price(raw)
