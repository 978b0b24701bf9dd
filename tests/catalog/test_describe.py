"""Plain-language change lines, in Indonesian and English, from the real app schemas."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from kotacerdas.apps.aduan_warga.config import SCHEMA as ADUAN
from kotacerdas.apps.harga_pangan.config import SCHEMA as HARGA
from kotacerdas.catalog.describe import describe, parse_value, schema_at, setting_name
from kotacerdas.core.services.config_schema import apply_defaults

MARKET = {"kind": "traditional", "lat": -7.0, "lng": 110.2, "agency": "disdag"}
TREE = {"id": "Pohon tumbang", "en": "Fallen tree"}


def aduan() -> dict[str, Any]:
    config = apply_defaults(ADUAN, {})
    assert isinstance(config, dict)
    return config


def harga(markets: int = 5) -> dict[str, Any]:
    rows = [{**MARKET, "key": f"pasar-{i}", "name": f"Pasar {i}"} for i in range(markets)]
    config = apply_defaults(HARGA, {"markets": rows})
    assert isinstance(config, dict)
    return config


def category(config: dict[str, Any], code: str) -> dict[str, Any]:
    return next(c for c in config["categories"] if c["service_code"] == code)


def tier(config: dict[str, Any], key: str) -> dict[str, Any]:
    return next(t for t in config["spike_tiers"] if t["key"] == key)


@pytest.fixture
def aduan_change() -> tuple[dict[str, Any], dict[str, Any]]:
    old = aduan()
    old["categories"] = [c for c in old["categories"] if c["service_code"] != "pohon-tumbang"]
    category(old, "jalan-rusak")["service_standard_days"] = 5
    new = copy.deepcopy(old)
    category(new, "jalan-rusak")["service_standard_days"] = 3
    new["categories"] = [c for c in new["categories"] if c["service_code"] != "pkl-liar"]
    new["categories"].append(
        {**category(aduan(), "pohon-tumbang"), "name": TREE, "service_standard_days": 5}
    )
    return old, new


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "id",
            [
                "Batas waktu Jalan rusak: 5 → 3 hari kerja",
                "Kategori dihapus: PKL / bangunan liar",
                "Kategori baru: Pohon tumbang",
                "Tampilan Anda tetap",
            ],
        ),
        (
            "en",
            [
                "Deadline of Damaged road: 5 → 3 working days",
                "Category removed: Illegal stalls or buildings",
                "New category: Fallen tree",
                "Yours stays: Branding",
            ],
        ),
    ],
)
def test_categories_and_deadlines_in_both_languages(
    aduan_change: tuple[dict[str, Any], dict[str, Any]], language: str, expected: list[str]
) -> None:
    old, new = aduan_change
    assert describe(ADUAN, old, new, language=language) == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "id",
            [
                "Pasar Anda tetap (5)",
                "Harga acuan Beras — Kualitas medium I: Rp 12.500 → Rp 13.000",
                "Ambang tier lonjakan Waspada: 10 → 8 %",
            ],
        ),
        (
            "en",
            [
                "Yours stays: Markets (5)",
                "Reference price of Beras — Kualitas medium I: Rp 12,500 → Rp 13,000",
                "Spike tier threshold of Waspada: 10 → 8 %",
            ],
        ),
    ],
)
def test_markets_stay_and_tiers_and_prices_change(language: str, expected: list[str]) -> None:
    old = harga()
    tier(old, "waspada")["percent"] = 10
    new = copy.deepcopy(old)
    tier(new, "waspada")["percent"] = 8
    new["commodities"][0]["variants"][2]["reference_price"] = 13000
    assert describe(HARGA, old, new, language=language) == expected


def test_no_line_names_a_json_path(aduan_change: tuple[dict[str, Any], dict[str, Any]]) -> None:
    old, new = aduan_change
    new["deadlines"]["service_standard_days"]["pengaduan"] = 10
    new["auto_close_days"] = 7
    new["branding"] = {**new["branding"], "primary_colour": "#123456"}
    lines = describe(ADUAN, old, new, language="id")
    assert "Standar layanan pengaduan: 14 → 10 hari kerja" in lines
    assert "Tutup otomatis setelah: 10 → 7 hari kerja" in lines
    assert "Warna utama: #0f766e → #123456" in lines  # a changed local part is described
    for line in lines:
        assert "/" not in line.replace("PKL / bangunan", "") and "›" not in line
        assert "service_standard_days" not in line and "categories" not in line


def test_reordering_a_list_is_no_change_and_equal_configs_say_nothing() -> None:
    old = aduan()
    new = copy.deepcopy(old)
    new["categories"].reverse()
    assert describe(ADUAN, old, new, language="id", yours=False) == []
    assert describe(HARGA, harga(), harga(), language="en") == ["Yours stays: Markets (5)"]


def test_setting_names_for_conflicts() -> None:
    config = aduan()
    assert setting_name(
        ADUAN, config, ("categories", 0, "service_standard_days"), language="id"
    ) == ("Batas waktu Jalan rusak")
    assert setting_name(ADUAN, config, ("categories", 0), language="en") == (
        "Category Damaged road"
    )
    assert setting_name(
        ADUAN, config, ("deadlines", "service_standard_days", "pengaduan"), language="id"
    ) == ("Standar layanan pengaduan")
    assert setting_name(HARGA, harga(), ("spike_tiers", 1, "percent"), language="en") == (
        "Spike tier threshold of Waspada"
    )


def test_typed_values_are_checked_against_the_schema() -> None:
    days = schema_at(ADUAN, ("categories", 0, "service_standard_days"))
    assert parse_value(days, " 7 ") == 7
    with pytest.raises(ValueError):
        parse_value(days, "tujuh")
    with pytest.raises(ValueError):
        parse_value(days, "400")  # above the maximum of 365
    kind = schema_at(ADUAN, ("categories", 0, "kind"))
    assert parse_value(kind, "aspirasi") == "aspirasi"
    with pytest.raises(ValueError):
        parse_value(kind, "keluhan")
    percent = schema_at(HARGA, ("spike_tiers", 0, "percent"))
    assert parse_value(percent, "7,5") == 7.5
