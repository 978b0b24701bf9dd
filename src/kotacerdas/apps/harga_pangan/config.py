"""The configuration a region runs Harga Pangan with: the JSON Schema (validation, defaults,
forms, the catalog's merges) and the typed objects the platform builds from it.

The commodity list is the union of Bank Indonesia's PIHPS list (with its quality variants)
and the legal list of Perpres 71/2015 as amended by Perpres 59/2020 (domain.md). Reference
prices are the government's HET/HAP; the defaults are indicative figures for Java and each
region should check them against the current Bapanas/Kemendag regulation.

A price is recorded per *item*: a commodity in one quality variant ("beras:medium-1").
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from django.utils.translation import get_language
from pydantic import PrivateAttr

from kotacerdas.contract import AppConfig, Severity

APP_KEY = "harga-pangan"

SLUG = {"type": "string", "pattern": "^[a-z0-9]+(?:-[a-z0-9]+)*$"}
AGENCY_REF = {"type": "string", "minLength": 1, "x-kotacerdas-ref": "agency"}


def _variant(
    key: str, name: str, name_en: str, ref: int | None = None, kind: str = "HAP"
) -> dict[str, Any]:
    row: dict[str, Any] = {"key": key, "name": name, "name_en": name_en}
    if ref is not None:
        row["reference_price"] = ref
        row["reference_kind"] = kind
    return row


def _commodity(
    key: str, name: str, name_en: str, unit: str, *variants: dict[str, Any]
) -> dict[str, Any]:
    return {"key": key, "name": name, "name_en": name_en, "unit": unit, "variants": list(variants)}


DEFAULT_COMMODITIES = [
    _commodity(
        "beras",
        "Beras",
        "Rice",
        "kg",
        _variant("bawah-1", "Kualitas bawah I", "Low quality I"),
        _variant("bawah-2", "Kualitas bawah II", "Low quality II"),
        _variant("medium-1", "Kualitas medium I", "Medium quality I", 12500, "HET"),
        _variant("medium-2", "Kualitas medium II", "Medium quality II", 12500, "HET"),
        _variant("super-1", "Kualitas super I", "Premium quality I", 14900, "HET"),
        _variant("super-2", "Kualitas super II", "Premium quality II", 14900, "HET"),
    ),
    _commodity(
        "telur-ayam-ras",
        "Telur ayam ras",
        "Chicken eggs",
        "kg",
        _variant("segar", "Segar", "Fresh", 30000),
    ),
    _commodity(
        "daging-ayam-ras",
        "Daging ayam ras",
        "Chicken meat",
        "kg",
        _variant("segar", "Segar", "Fresh", 40000),
    ),
    _commodity(
        "daging-sapi",
        "Daging sapi",
        "Beef",
        "kg",
        _variant("kualitas-1", "Kualitas 1", "Quality 1", 140000),
        _variant("kualitas-2", "Kualitas 2", "Quality 2", 130000),
    ),
    _commodity(
        "cabai-merah",
        "Cabai merah",
        "Red chilli",
        "kg",
        _variant("besar", "Besar", "Large", 55000),
        _variant("keriting", "Keriting", "Curly", 55000),
    ),
    _commodity(
        "cabai-rawit",
        "Cabai rawit",
        "Bird's eye chilli",
        "kg",
        _variant("hijau", "Hijau", "Green", 57000),
        _variant("merah", "Merah", "Red", 57000),
    ),
    _commodity(
        "bawang-merah",
        "Bawang merah",
        "Shallots",
        "kg",
        _variant("sedang", "Ukuran sedang", "Medium size", 41500),
    ),
    _commodity(
        "bawang-putih",
        "Bawang putih",
        "Garlic",
        "kg",
        _variant("sedang", "Ukuran sedang", "Medium size", 40000),
    ),
    _commodity(
        "minyak-goreng",
        "Minyak goreng",
        "Cooking oil",
        "liter",
        _variant("curah", "Curah", "Bulk", 15700, "HET"),
        _variant("kemasan", "Kemasan bermerek", "Branded, packaged"),
    ),
    _commodity(
        "gula-pasir",
        "Gula pasir",
        "Granulated sugar",
        "kg",
        _variant("premium", "Kualitas premium", "Premium quality", 18000),
        _variant("lokal", "Lokal", "Local", 17500),
    ),
    _commodity(
        "kedelai",
        "Kedelai",
        "Soybeans",
        "kg",
        _variant("impor", "Biji kering impor", "Dried, imported", 12000),
    ),
    _commodity(
        "tepung-terigu", "Tepung terigu", "Wheat flour", "kg", _variant("curah", "Curah", "Bulk")
    ),
    _commodity(
        "ikan-segar",
        "Ikan segar",
        "Fresh fish",
        "kg",
        _variant("bandeng", "Bandeng", "Milkfish"),
        _variant("kembung", "Kembung", "Mackerel"),
        _variant("tongkol", "Tongkol/tuna/cakalang", "Little tuna, tuna, skipjack"),
    ),
]

# Jawa Barat's early-warning tiers (domain.md); "percent" is the rise of the region's
# average price over the baseline that puts a commodity in the tier.
DEFAULT_TIERS = [
    {
        "key": "watch",
        "name": "Waspada dini",
        "name_en": "Early watch",
        "percent": 5,
        "severity": "info",
    },
    {"key": "waspada", "name": "Waspada", "name_en": "Watch", "percent": 8, "severity": "warning"},
    {"key": "siaga", "name": "Siaga", "name_en": "Alert", "percent": 12, "severity": "warning"},
    {
        "key": "critical",
        "name": "Kritis",
        "name_en": "Critical",
        "percent": 20,
        "severity": "critical",
    },
]

# What English pages show where the region wrote one; Indonesian (``name``) otherwise.
NAME_EN = {
    "type": "string",
    "maxLength": 120,
    "x-kotacerdas-label": {"id": "Nama dalam bahasa Inggris", "en": "Name in English"},
}

MARKET = {
    "type": "object",
    "x-kotacerdas-label": {"id": "Pasar", "en": "Market"},
    "additionalProperties": False,
    "required": ["key", "name", "kind", "lat", "lng", "agency"],
    "properties": {
        "key": {**SLUG, "x-kotacerdas-label": {"id": "Kode", "en": "Key"}},
        "name": {
            "type": "string",
            "minLength": 1,
            "maxLength": 120,
            "x-kotacerdas-label": {"id": "Nama", "en": "Name"},
        },
        "name_en": NAME_EN,
        "kind": {
            "enum": ["traditional", "modern"],
            "x-kotacerdas-label": {"id": "Jenis", "en": "Kind"},
        },
        "lat": {
            "type": "number",
            "minimum": -11,
            "maximum": 6,
            "x-kotacerdas-label": {"id": "Lintang", "en": "Latitude"},
        },
        "lng": {
            "type": "number",
            "minimum": 95,
            "maximum": 141,
            "x-kotacerdas-label": {"id": "Bujur", "en": "Longitude"},
        },
        # The agency whose officers enter this market's prices (usually Disdag).
        "agency": {**AGENCY_REF, "x-kotacerdas-label": {"id": "Instansi", "en": "Agency"}},
    },
}

VARIANT = {
    "type": "object",
    "x-kotacerdas-label": {"id": "Varian", "en": "Variant"},
    "additionalProperties": False,
    "required": ["key", "name"],
    "properties": {
        "key": {**SLUG, "x-kotacerdas-label": {"id": "Kode", "en": "Key"}},
        "name": {
            "type": "string",
            "minLength": 1,
            "x-kotacerdas-label": {"id": "Nama", "en": "Name"},
        },
        "name_en": NAME_EN,
        "reference_price": {
            "type": "integer",
            "minimum": 1,
            "x-kotacerdas-label": {"id": "Harga acuan", "en": "Reference price"},
            "x-kotacerdas-unit": "rupiah",
        },
        "reference_kind": {
            "enum": ["HET", "HAP"],
            "x-kotacerdas-label": {"id": "Jenis harga acuan", "en": "Reference kind"},
        },
    },
}

COMMODITY = {
    "type": "object",
    "x-kotacerdas-label": {"id": "Komoditas", "en": "Commodity"},
    "additionalProperties": False,
    "required": ["key", "name", "unit", "variants"],
    "properties": {
        "key": {**SLUG, "x-kotacerdas-label": {"id": "Kode", "en": "Key"}},
        "name": {
            "type": "string",
            "minLength": 1,
            "x-kotacerdas-label": {"id": "Nama", "en": "Name"},
        },
        "name_en": NAME_EN,
        "unit": {
            "type": "string",
            "minLength": 1,
            "x-kotacerdas-label": {"id": "Satuan", "en": "Unit"},
        },
        "variants": {
            "type": "array",
            "minItems": 1,
            "items": VARIANT,
            "x-kotacerdas-label": {"id": "Varian", "en": "Variants"},
        },
    },
}

TIER = {
    "type": "object",
    "x-kotacerdas-label": {"id": "Tier lonjakan", "en": "Spike tier"},
    "additionalProperties": False,
    "required": ["key", "name", "percent", "severity"],
    "properties": {
        "key": {**SLUG, "x-kotacerdas-label": {"id": "Kode", "en": "Key"}},
        "name": {
            "type": "string",
            "minLength": 1,
            "x-kotacerdas-label": {"id": "Nama", "en": "Name"},
        },
        "name_en": NAME_EN,
        "percent": {
            "type": "number",
            "exclusiveMinimum": 0,
            "x-kotacerdas-label": {"id": "Ambang tier lonjakan", "en": "Spike tier threshold"},
            "x-kotacerdas-unit": "percent",
        },
        "severity": {
            "enum": ["info", "warning", "critical"],
            "x-kotacerdas-label": {"id": "Tingkat peringatan", "en": "Alert severity"},
        },
    },
}

SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        # The region's own markets (places, agencies): local, never taken from a neighbour.
        "markets": {
            "type": "array",
            "default": [],
            "items": MARKET,
            "x-kotacerdas-local": True,
            "x-kotacerdas-label": {"id": "Pasar", "en": "Markets"},
        },
        "commodities": {
            "type": "array",
            "default": DEFAULT_COMMODITIES,
            "items": COMMODITY,
            "x-kotacerdas-label": {"id": "Komoditas", "en": "Commodities"},
        },
        "spike_tiers": {
            "type": "array",
            "default": DEFAULT_TIERS,
            "items": TIER,
            "x-kotacerdas-label": {"id": "Tier lonjakan", "en": "Spike tiers"},
        },
        # Today's average is compared with the mean of this many previous days.
        "baseline_days": {
            "type": "integer",
            "minimum": 1,
            "maximum": 30,
            "default": 1,
            "x-kotacerdas-label": {"id": "Hari pembanding", "en": "Baseline days"},
            "x-kotacerdas-unit": "days",
        },
        # A price this many times yesterday's (or below 1/this) must be confirmed.
        "jump_factor": {
            "type": "number",
            "minimum": 2,
            "default": 10,
            "x-kotacerdas-label": {"id": "Faktor lonjakan harga", "en": "Price jump factor"},
            "x-kotacerdas-unit": "times",
        },
        # Besides each market's own agency, staff of these agencies may enter prices.
        # Policy: the agency roles (Disdag, DKP) are mapped to the adopter's on adoption.
        "officer_agencies": {
            "type": "array",
            "default": ["disdag", "dkp"],
            "items": AGENCY_REF,
            "x-kotacerdas-label": {"id": "Instansi petugas harga", "en": "Price officer agencies"},
        },
    },
}


def in_language(indonesian: str, english: str) -> str:
    """A configured name in the page's language: the English one on English pages when the
    region wrote it, the Indonesian one (always there) otherwise."""
    if english and (get_language() or "id").lower().startswith("en"):
        return english
    return indonesian


def market_subject_id(key: str) -> int:
    """The stable number an API key narrowed to a market carries (``("market", id)``).

    Markets live in the configuration, named by their key (the key is also what every price
    row stores), so the number is derived from the key: the first 48 bits of its SHA-256.
    Renaming a market's key therefore leaves its narrowed keys pointing at no market, which
    is the safe direction; reordering or removing other markets changes nothing.
    """
    return int.from_bytes(hashlib.sha256(key.encode()).digest()[:6], "big")


class Market(AppConfig):
    key: str
    name: str
    name_en: str = ""
    kind: str
    lat: float
    lng: float
    # The agency (slug) whose officers enter this market's prices (usually Disdag).
    agency: str

    @property
    def subject_id(self) -> int:
        return market_subject_id(self.key)

    @property
    def label(self) -> str:
        """The market's name in the page's language."""
        return in_language(self.name, self.name_en)


class Variant(AppConfig):
    key: str
    name: str
    name_en: str = ""
    reference_price: int | None = None
    reference_kind: str = "HAP"


class Commodity(AppConfig):
    key: str
    name: str
    name_en: str = ""
    unit: str
    variants: tuple[Variant, ...]


class Tier(AppConfig):
    key: str
    name: str
    name_en: str = ""
    percent: float
    severity: Severity

    @property
    def label(self) -> str:
        """The tier's name in the page's language."""
        return in_language(self.name, self.name_en)


@dataclass(frozen=True)
class Item:
    """One commodity in one variant: what a price is recorded for."""

    key: str  # "<commodity>:<variant>"
    commodity: str
    name: str
    variant: str
    unit: str
    reference_price: int | None
    reference_kind: str
    name_en: str = ""
    variant_en: str = ""

    @property
    def label(self) -> str:
        """ "Minyak goreng — Curah", or "Cooking oil — Bulk" on English pages."""
        name = in_language(self.name, self.name_en)
        variant = in_language(self.variant, self.variant_en)
        return f"{name} — {variant}" if variant else name

    def above_reference(self, price: float | None) -> bool:
        """Whether a price is above the government's HET/HAP for this item (a ceiling or a
        purchase reference): a finding of its own, apart from the day-to-day spike tiers."""
        return (
            price is not None
            and self.reference_price is not None
            and (price > self.reference_price)
        )

    def reference_gap(self, price: float | None) -> float | None:
        """How far a price is above (+) or below (−) the HET/HAP, in percent."""
        if price is None or not self.reference_price:
            return None
        return (price - self.reference_price) / self.reference_price * 100


class HargaPanganConfig(AppConfig):
    """A region's markets, commodities (with reference prices), spike tiers and checks."""

    markets: tuple[Market, ...] = ()
    commodities: tuple[Commodity, ...] = ()
    spike_tiers: tuple[Tier, ...] = ()
    # Today's average is compared with the mean of this many previous days.
    baseline_days: int = 1
    # A price this many times yesterday's (or below 1/this) must be confirmed.
    jump_factor: float = 10
    # Besides each market's own agency, staff of these agencies may enter prices.
    officer_agencies: frozenset[str] = frozenset()

    # Derived once per configuration (the object is shared by every request).
    _items: tuple[Item, ...] = PrivateAttr(default=())
    _tiers: tuple[Tier, ...] = PrivateAttr(default=())
    _market_by_key: dict[str, Market] = PrivateAttr(default_factory=dict)
    _item_by_key: dict[str, Item] = PrivateAttr(default_factory=dict)

    def model_post_init(self, context: Any, /) -> None:
        self._items = tuple(
            Item(
                key=f"{c.key}:{v.key}",
                commodity=c.key,
                name=c.name,
                variant=v.name,
                unit=c.unit,
                reference_price=v.reference_price,
                reference_kind=v.reference_kind,
                name_en=c.name_en,
                variant_en=v.name_en,
            )
            for c in self.commodities
            for v in c.variants
        )
        self._tiers = tuple(sorted(self.spike_tiers, key=lambda t: t.percent))
        self._market_by_key = {m.key: m for m in self.markets}
        self._item_by_key = {i.key: i for i in self._items}

    @property
    def items(self) -> tuple[Item, ...]:
        """Every commodity variant, in configuration order."""
        return self._items

    @property
    def tiers(self) -> tuple[Tier, ...]:
        """The spike tiers, ascending by percent."""
        return self._tiers

    def market(self, key: str) -> Market | None:
        return self._market_by_key.get(key)

    def market_by_subject(self, subject_id: int | None) -> Market | None:
        """The market an API key narrowed to ``("market", subject_id)`` may write."""
        if subject_id is None:
            return None
        return next((m for m in self.markets if m.subject_id == subject_id), None)

    def item(self, key: str) -> Item | None:
        return self._item_by_key.get(key)

    def tier_for(self, change_percent: float | None) -> Tier | None:
        """The highest tier whose threshold the rise exceeds ("> 5 %", strictly)."""
        if change_percent is None:
            return None
        reached = [t for t in self._tiers if change_percent > t.percent]
        return reached[-1] if reached else None


def _english_of(defaults: list[dict[str, Any]]) -> dict[tuple[str, str], str]:
    return {(row["key"], row["name"]): row.get("name_en", "") for row in defaults}


_COMMODITY_EN = _english_of(DEFAULT_COMMODITIES)
_VARIANT_EN = {c["key"]: _english_of(c["variants"]) for c in DEFAULT_COMMODITIES}
_TIER_EN = _english_of(DEFAULT_TIERS)


def with_english_names(stored: dict[str, Any]) -> dict[str, Any]:
    """A configuration stored before names had an English twin, with the defaults' English
    names added where a commodity, variant or tier still has the default key and Indonesian
    name (a renamed one is the region's own and stays Indonesian until they write one)."""

    def fill(row: Any, english: dict[tuple[str, str], str]) -> Any:
        if not isinstance(row, dict) or row.get("name_en"):
            return row
        found = english.get((str(row.get("key")), str(row.get("name"))))
        return {**row, "name_en": found} if found else row

    result = dict(stored)
    if isinstance(stored.get("commodities"), list):
        result["commodities"] = [
            {
                **fill(c, _COMMODITY_EN),
                "variants": [
                    fill(v, _VARIANT_EN.get(str(c.get("key")), {})) for v in c["variants"]
                ],
            }
            if isinstance(c, dict) and isinstance(c.get("variants"), list)
            else c
            for c in stored["commodities"]
        ]
    if isinstance(stored.get("spike_tiers"), list):
        result["spike_tiers"] = [fill(t, _TIER_EN) for t in stored["spike_tiers"]]
    return result
