"""The configuration a region runs Agenda & Wisata with: the JSON Schema and its typed model.

Policy (shared with a region that adopts the variant): the event and product categories and
the agencies that curate the calendar. The region's own part: its brand (``brand.py``,
``"x-kotacerdas-local"``), which adoption never overwrites.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language

from kotacerdas.apps.agenda_wisata.brand import BRAND_SCHEMA, BrandSettings
from kotacerdas.contract import AppConfig

APP_KEY = "agenda-wisata"

AGENCY_REF = {"type": "string", "minLength": 1, "x-kotacerdas-ref": "agency"}

NAME = {
    "type": "object",
    "additionalProperties": False,
    "required": ["id"],
    "properties": {
        "id": {"type": "string", "minLength": 1, "maxLength": 80},
        "en": {"type": "string", "maxLength": 80, "default": ""},
    },
}

CATEGORY = {
    "type": "object",
    "additionalProperties": False,
    "required": ["key", "name"],
    "properties": {
        "key": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]{0,39}$"},
        "name": NAME,
    },
    "x-kotacerdas-label": {"id": "Kategori", "en": "Category"},
}


def _cat(key: str, name_id: str, name_en: str) -> dict[str, Any]:
    return {"key": key, "name": {"id": name_id, "en": name_en}}


DEFAULT_EVENT_CATEGORIES = [
    _cat("festival", "Festival", "Festival"),
    _cat("car-free-day", "Car free day", "Car-free day"),
    _cat("pameran", "Pameran", "Exhibition"),
    _cat("layanan-publik", "Layanan publik", "Public services"),
    _cat("olahraga", "Olahraga", "Sports"),
    _cat("budaya", "Budaya", "Culture"),
    _cat("religi", "Religi", "Religious"),
]

DEFAULT_PRODUCT_CATEGORIES = [
    _cat("kuliner", "Kuliner", "Food"),
    _cat("oleh-oleh", "Oleh-oleh", "Souvenirs"),
    _cat("kerajinan", "Kerajinan", "Crafts"),
    _cat("fesyen", "Fesyen dan batik", "Fashion and batik"),
]

SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "event_categories": {
            "type": "array",
            "default": DEFAULT_EVENT_CATEGORIES,
            "items": CATEGORY,
            "maxItems": 40,
            "x-kotacerdas-label": {"id": "Kategori acara", "en": "Event categories"},
        },
        "product_categories": {
            "type": "array",
            "default": DEFAULT_PRODUCT_CATEGORIES,
            "items": CATEGORY,
            "maxItems": 40,
            "x-kotacerdas-label": {"id": "Kategori produk", "en": "Product categories"},
        },
        # Staff of these agencies curate events, destinations and products (admins always may).
        "curator_agencies": {
            "type": "array",
            "default": ["disbudpar", "dinkop"],
            "items": AGENCY_REF,
            "x-kotacerdas-label": {"id": "Instansi pengelola", "en": "Curating agencies"},
        },
        "brand": BRAND_SCHEMA,
    },
}


class Name(AppConfig):
    id: str
    en: str = ""


class Category(AppConfig):
    key: str
    name: Name

    @property
    def label(self) -> str:
        if (get_language() or "id").startswith("en") and self.name.en:
            return self.name.en
        return self.name.id


class AgendaWisataSettings(AppConfig):
    event_categories: tuple[Category, ...] = ()
    product_categories: tuple[Category, ...] = ()
    curator_agencies: frozenset[str] = frozenset()
    brand: BrandSettings = BrandSettings()

    def event_category(self, key: str) -> Category | None:
        return next((c for c in self.event_categories if c.key == key), None)

    def product_category(self, key: str) -> Category | None:
        return next((c for c in self.product_categories if c.key == key), None)
