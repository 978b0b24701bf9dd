"""Uploading a CSV or XLSX: encodings, delimiters, typing, the row report, refusals."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.utils import translation
from openpyxl import Workbook  # type: ignore[import-untyped]

from kotacerdas.apps.data_terbuka import datastore
from kotacerdas.apps.data_terbuka.models import Release, ReleaseState
from kotacerdas.apps.data_terbuka.services import Refused
from kotacerdas.apps.data_terbuka.services.uploads import (
    confirm_not_personal,
    preview,
    remove_column,
    set_columns,
    stage_upload,
)
from tests.apps.data_terbuka.backend import agency_dataset, context_for, upload
from tests.conftest import Demo

pytestmark = pytest.mark.django_db

SEMICOLON = (
    "Kecamatan;Jumlah Sekolah;Rasio Guru;Tanggal Data;Negeri\n"
    "Semarang Tengah;12;1.234,5;31/12/2025;ya\n"
    "Candisari;8;15,25;31/12/2025;tidak\n"
)


def test_semicolon_csv_with_indonesian_numbers_is_typed(demo: Demo) -> None:
    dataset = agency_dataset(demo.semarang)
    ctx = context_for(demo.semarang, "dlh-semarang")
    release = stage_upload(ctx, dataset, "Sekolah", upload(SEMICOLON))
    types = {c["name"]: c["type"] for c in release.columns}
    assert types == {
        "kecamatan": "text",
        "jumlah_sekolah": "integer",
        "rasio_guru": "numeric",
        "tanggal_data": "date",
        "negeri": "boolean",
    }
    assert release.state == ReleaseState.DRAFT
    assert release.row_count == 2 and release.row_errors == []
    assert release.columns[1]["title"]["id"] == "Jumlah Sekolah"
    rows = preview(release).rows
    assert rows[0] == ("Semarang Tengah", 12, 1234.5, date(2025, 12, 31), True)
    assert rows[1][2] == 15.25 and rows[1][4] is False
    assert list(datastore.iter_rows(release, ["_id", "kecamatan"])) == [
        (1, "Semarang Tengah"),
        (2, "Candisari"),
    ]


def test_latin1_and_bom_and_tabs(demo: Demo) -> None:
    dataset = agency_dataset(demo.semarang)
    ctx = context_for(demo.semarang, "dlh-semarang")
    latin = "nama_tempat,nilai\nCafé Pojok,1\nJalan Ahmad Yani,2\n".encode("latin-1")
    release = stage_upload(ctx, dataset, "a", upload(latin))
    assert preview(release).rows[0][0] == "Café Pojok"
    bom = "\ufeffkode\tnilai\nA\t1.5\nB\t2\n".encode()
    release = stage_upload(ctx, dataset, "b", upload(bom))
    assert [c["name"] for c in release.columns] == ["kode", "nilai"]
    assert [c["type"] for c in release.columns] == ["text", "numeric"]


def test_row_report_names_row_and_column_and_keeps_cell_empty(demo: Demo) -> None:
    dataset = agency_dataset(demo.semarang)
    ctx = context_for(demo.semarang, "dlh-semarang")
    rows = "wilayah,jumlah\n" + "".join(f"K{i},{i}\n" for i in range(20_000)) + "Kx,banyak\n"
    with translation.override("en"):
        release = stage_upload(ctx, dataset, "c", upload(rows))
    assert release.row_count == 20_001
    assert release.columns[1]["type"] == "integer"
    [error] = release.row_errors
    assert error["row"] == 20_002 and error["column"] == "jumlah"
    assert "banyak" in error["message"]
    last = list(datastore.iter_rows(release, ["wilayah", "jumlah"]))[-1]
    assert last == ("Kx", None)


def test_declared_types_reload_the_file(demo: Demo) -> None:
    dataset = agency_dataset(demo.semarang)
    ctx = context_for(demo.semarang, "dlh-semarang")
    declared = [{"name": "kode", "type": "text"}, {"name": "jumlah", "type": "integer"}]
    release = stage_upload(
        ctx, dataset, "d", upload("kode,jumlah\n001,5\n002,x\n"), columns=declared
    )
    assert [e["row"] for e in release.row_errors] == [3]
    columns = [dict(c) for c in release.columns]
    columns[1]["type"] = "text"
    columns[1]["unit"] = "sekolah"
    columns[1]["definition"] = {"id": "Banyak sekolah", "en": "Number of schools"}
    release = set_columns(ctx, release, columns)
    assert release.row_errors == []
    assert release.columns[1]["unit"] == "sekolah"
    assert preview(release).rows == [("001", "5"), ("002", "x")]
    release = remove_column(ctx, release, "jumlah")
    assert [c["name"] for c in release.columns] == ["kode"]
    assert preview(release).rows == [("001",), ("002",)]


def test_xlsx(demo: Demo) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["Pasar", "Harga", "Tanggal"])
    sheet.append(["Johar", 12500, date(2026, 11, 30)])
    sheet.append(["Karangayu", 13000.5, date(2026, 11, 30)])
    buf = io.BytesIO()
    book.save(buf)
    dataset = agency_dataset(demo.semarang)
    ctx = context_for(demo.semarang, "dlh-semarang")
    release = stage_upload(ctx, dataset, "e", upload(buf.getvalue(), "harga.xlsx"))
    assert [c["type"] for c in release.columns] == ["text", "numeric", "date"]
    assert preview(release).rows[1] == ("Karangayu", 13000.5, date(2026, 11, 30))


@pytest.mark.parametrize(
    ("content", "name", "words"),
    [
        (b"", "x.csv", "empty"),
        (b"\x00\x01\x02binary\x00" * 50, "x.csv", "binary"),
        (b"a,b\n1,2\n3,4,5\n", "x.csv", "Row 3"),
        (
            (",".join(f"c{i}" for i in range(201)) + "\n" + ",".join("1" * 201) + "\n").encode(),
            "x.csv",
            "201",
        ),
        (b"a,b\n", "x.csv", "no rows"),
        (b"PK\x03\x04garbage", "x.xlsx", "XLSX"),
        (b"\xd0\xcf\x11\xe0old", "x.xls", ".xls"),
    ],
)
def test_broken_files_are_refused_and_nothing_written(
    demo: Demo, content: bytes, name: str, words: str
) -> None:
    dataset = agency_dataset(demo.semarang)
    ctx = context_for(demo.semarang, "dlh-semarang")
    before = Release.objects.unscoped("test").count()
    with pytest.raises(Refused) as refused, translation.override("en"):
        stage_upload(ctx, dataset, "f", upload(content, name))
    assert words in refused.value.message
    assert Release.objects.unscoped("test").count() == before


def test_size_limit(demo: Demo, settings) -> None:  # type: ignore[no-untyped-def]
    settings.KOTACERDAS_DATA_UPLOAD_MAX_MB = 1
    dataset = agency_dataset(demo.semarang)
    ctx = context_for(demo.semarang, "dlh-semarang")
    big = "a,b\n" + "x,1\n" * 300_000
    with pytest.raises(Refused) as refused, translation.override("en"):
        stage_upload(ctx, dataset, "g", upload(big))
    assert "1 MB" in refused.value.message


def test_other_agency_may_not_upload(demo: Demo) -> None:
    dataset = agency_dataset(demo.semarang)
    ctx = context_for(demo.semarang, "dpu-semarang")
    with pytest.raises(Refused) as refused:
        stage_upload(ctx, dataset, "h", upload("a,b\n1,2\n"))
    assert refused.value.code == "forbidden"


def test_personal_columns_are_flagged_and_confirmation_is_kept(demo: Demo) -> None:
    dataset = agency_dataset(demo.semarang)
    ctx = context_for(demo.semarang, "dlh-semarang")
    content = (
        "Nama,Kontak,NIK Warga,Kode Pos,Catatan\n"
        "Budi,081234567890,3374011203850002,50132,kirim ke budi@example.com\n"
        "Sari,+62 812-3456-7891,3374015512900001,50133,-\n"
    )
    release = stage_upload(ctx, dataset, "i", upload(content))
    flags = {f["column"]: f["kind"] for f in release.pii_flags}
    assert flags == {"nama": "header", "kontak": "phone", "nik_warga": "nik", "catatan": "email"}
    assert "kode_pos" not in flags
    release = confirm_not_personal(ctx, release, "kontak", "Nomor telepon kantor kelurahan, publik")
    release = remove_column(ctx, release, "nama")
    kept = {f["column"]: bool(f.get("confirmed")) for f in release.pii_flags}
    assert kept == {"kontak": True, "nik_warga": False, "catatan": False}
