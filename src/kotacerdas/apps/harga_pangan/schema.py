"""The configuration a region runs Harga Pangan with (JSON Schema 2020-12, defaults filled).

The commodity list is the union of Bank Indonesia's PIHPS list (with its quality variants)
and the legal list of Perpres 71/2015 as amended by Perpres 59/2020 (domain.md). Reference
prices are the government's HET/HAP; the defaults are indicative figures for Java and each
region should check them against the current Bapanas/Kemendag regulation.
"""

from __future__ import annotations

from typing import Any

SLUG = {"type": "string", "pattern": "^[a-z0-9]+(?:-[a-z0-9]+)*$"}
AGENCY_REF = {"type": "string", "minLength": 1, "x-kotacerdas-ref": "agency"}


def _variant(key: str, name: str, ref: int | None = None, kind: str = "HAP") -> dict[str, Any]:
    row: dict[str, Any] = {"key": key, "name": name}
    if ref is not None:
        row["reference_price"] = ref
        row["reference_kind"] = kind
    return row


def _commodity(key: str, name: str, unit: str, *variants: dict[str, Any]) -> dict[str, Any]:
    return {"key": key, "name": name, "unit": unit, "variants": list(variants)}


DEFAULT_COMMODITIES = [
    _commodity(
        "beras",
        "Beras",
        "kg",
        _variant("bawah-1", "Kualitas bawah I"),
        _variant("bawah-2", "Kualitas bawah II"),
        _variant("medium-1", "Kualitas medium I", 12500, "HET"),
        _variant("medium-2", "Kualitas medium II", 12500, "HET"),
        _variant("super-1", "Kualitas super I", 14900, "HET"),
        _variant("super-2", "Kualitas super II", 14900, "HET"),
    ),
    _commodity("telur-ayam-ras", "Telur ayam ras", "kg", _variant("segar", "Segar", 30000)),
    _commodity("daging-ayam-ras", "Daging ayam ras", "kg", _variant("segar", "Segar", 40000)),
    _commodity(
        "daging-sapi",
        "Daging sapi",
        "kg",
        _variant("kualitas-1", "Kualitas 1", 140000),
        _variant("kualitas-2", "Kualitas 2", 130000),
    ),
    _commodity(
        "cabai-merah",
        "Cabai merah",
        "kg",
        _variant("besar", "Besar", 55000),
        _variant("keriting", "Keriting", 55000),
    ),
    _commodity(
        "cabai-rawit",
        "Cabai rawit",
        "kg",
        _variant("hijau", "Hijau", 57000),
        _variant("merah", "Merah", 57000),
    ),
    _commodity("bawang-merah", "Bawang merah", "kg", _variant("sedang", "Ukuran sedang", 41500)),
    _commodity("bawang-putih", "Bawang putih", "kg", _variant("sedang", "Ukuran sedang", 40000)),
    _commodity(
        "minyak-goreng",
        "Minyak goreng",
        "liter",
        _variant("curah", "Curah", 15700, "HET"),
        _variant("kemasan", "Kemasan bermerek"),
    ),
    _commodity(
        "gula-pasir",
        "Gula pasir",
        "kg",
        _variant("premium", "Kualitas premium", 18000),
        _variant("lokal", "Lokal", 17500),
    ),
    _commodity("kedelai", "Kedelai", "kg", _variant("impor", "Biji kering impor", 12000)),
    _commodity("tepung-terigu", "Tepung terigu", "kg", _variant("curah", "Curah")),
    _commodity(
        "ikan-segar",
        "Ikan segar",
        "kg",
        _variant("bandeng", "Bandeng"),
        _variant("kembung", "Kembung"),
        _variant("tongkol", "Tongkol/tuna/cakalang"),
    ),
]

# Jawa Barat's early-warning tiers (domain.md); "percent" is the rise of the region's
# average price over the baseline that puts a commodity in the tier.
DEFAULT_TIERS = [
    {"key": "watch", "name": "Waspada dini", "percent": 5, "severity": "info"},
    {"key": "waspada", "name": "Waspada", "percent": 8, "severity": "warning"},
    {"key": "siaga", "name": "Siaga", "percent": 12, "severity": "warning"},
    {"key": "critical", "name": "Kritis", "percent": 20, "severity": "critical"},
]

MARKET = {
    "type": "object",
    "additionalProperties": False,
    "required": ["key", "name", "kind", "lat", "lng", "agency"],
    "properties": {
        "key": SLUG,
        "name": {"type": "string", "minLength": 1, "maxLength": 120},
        "kind": {"enum": ["traditional", "modern"]},
        "lat": {"type": "number", "minimum": -11, "maximum": 6},
        "lng": {"type": "number", "minimum": 95, "maximum": 141},
        # The agency whose officers enter this market's prices (usually Disdag).
        "agency": AGENCY_REF,
    },
}

VARIANT = {
    "type": "object",
    "additionalProperties": False,
    "required": ["key", "name"],
    "properties": {
        "key": SLUG,
        "name": {"type": "string", "minLength": 1},
        "reference_price": {"type": "integer", "minimum": 1},
        "reference_kind": {"enum": ["HET", "HAP"]},
    },
}

COMMODITY = {
    "type": "object",
    "additionalProperties": False,
    "required": ["key", "name", "unit", "variants"],
    "properties": {
        "key": SLUG,
        "name": {"type": "string", "minLength": 1},
        "unit": {"type": "string", "minLength": 1},
        "variants": {"type": "array", "minItems": 1, "items": VARIANT},
    },
}

TIER = {
    "type": "object",
    "additionalProperties": False,
    "required": ["key", "name", "percent", "severity"],
    "properties": {
        "key": SLUG,
        "name": {"type": "string", "minLength": 1},
        "percent": {"type": "number", "exclusiveMinimum": 0},
        "severity": {"enum": ["info", "warning", "critical"]},
    },
}

SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "markets": {"type": "array", "default": [], "items": MARKET},
        "commodities": {"type": "array", "default": DEFAULT_COMMODITIES, "items": COMMODITY},
        "spike_tiers": {"type": "array", "default": DEFAULT_TIERS, "items": TIER},
        # Today's average is compared with the mean of this many previous days.
        "baseline_days": {"type": "integer", "minimum": 1, "maximum": 30, "default": 1},
        # A price this many times yesterday's (or below 1/this) must be confirmed.
        "jump_factor": {"type": "number", "minimum": 2, "default": 10},
        # Besides each market's own agency, staff of these agencies may enter prices.
        "officer_agencies": {"type": "array", "default": ["disdag", "dkp"], "items": AGENCY_REF},
    },
}
