"""Recognising NIK, Indonesian phone numbers, e-mail addresses and personal headers."""

from __future__ import annotations

import pytest

from kotacerdas.apps.data_terbuka.services.pii import kind_of, looks_like_nik, scan


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        ("3374011203850002", "nik"),  # Jawa Tengah, born 12 March 1985
        ("3374015512900001", "nik"),  # a woman: day + 40
        ("NIK 3374011203850002 atas nama", "nik"),
        (3374011203850002, "nik"),
        ("081234567890", "phone"),
        ("0812-3456-7890", "phone"),
        ("+62 812 3456 7890", "phone"),
        ("6281234567890", "phone"),
        (6281234567890, "phone"),
        ("hubungi 0857 1234 5678 ya", "phone"),
        ("warga.baik@example.co.id", "email"),
        ("kirim ke budi@example.com", "email"),
        ("9912011203850002", ""),  # no such province
        ("3374013213850002", ""),  # month 13
        ("(024) 8413476", ""),  # a landline, not personal
        ("50132", ""),
        ("2026-12-02", ""),
        ("Pasar Johar", ""),
        (850_000_000, ""),  # a budget in rupiah
        (12.5, ""),
        (None, ""),
    ],
)
def test_kind_of(value: object, kind: str) -> None:
    assert kind_of(value) == kind


def test_nik_needs_a_valid_date_part() -> None:
    assert looks_like_nik("3374010101000001")
    assert not looks_like_nik("3374013201000001")  # day 32
    assert not looks_like_nik("337401010100001")  # 15 digits


def test_scan_flags_columns_by_values_and_headers() -> None:
    names = ["nama", "nama_pasar", "kontak", "catatan", "alamat_pelapor", "harga"]
    rows = [
        ["Budi", "Johar", "081234567890", "-", "Jl. Mawar 1", 12000],
        ["Sari", "Karangayu", "081298765432", "baik", "Jl. Melati 2", 13000],
    ]
    flags = {f["column"]: f["kind"] for f in scan(names, rows)}
    assert flags == {"nama": "header", "kontak": "phone", "alamat_pelapor": "header"}


def test_one_address_in_a_long_free_text_column_needs_strict_mode() -> None:
    rows = [[f"catatan biasa {i}"] for i in range(1000)] + [["tulis ke a@example.com"]]
    assert scan(["catatan"], rows) == []
    assert scan(["catatan"], rows, strict=True)[0]["kind"] == "email"


def test_strict_mode_allows_place_names_and_addresses() -> None:
    rows = [["Puskesmas Pandanaran", "Jl. Pandanaran 79"]]
    assert scan(["nama", "alamat"], rows, strict=True) == []
    assert scan(["nama_pelapor"], [["x"]], strict=True)
