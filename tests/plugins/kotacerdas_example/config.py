"""The app's configuration: the JSON Schema (validation, defaults, forms, the catalog's
merges) and the typed object the platform builds from a validated configuration."""

from __future__ import annotations

from typing import Any

from kotacerdas.contract import AppConfig

SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        # The region's own parks (places): local, never taken from a neighbour.
        "parks": {
            "type": "array",
            "x-kotacerdas-local": True,
            "x-kotacerdas-label": {"id": "Taman", "en": "Parks"},
            "default": [{"name": "Taman Indonesia Kaya", "lat": -6.99, "lng": 110.42}],
            "items": {
                "type": "object",
                "x-kotacerdas-label": {"id": "Taman", "en": "Park"},
                "required": ["name", "lat", "lng"],
                "properties": {
                    "name": {"type": "string", "minLength": 1},
                    "lat": {"type": "number", "minimum": -11, "maximum": 6},
                    "lng": {"type": "number", "minimum": 95, "maximum": 141},
                },
            },
        },
        "target_parks": {
            "type": "integer",
            "minimum": 0,
            "default": 5,
            "x-kotacerdas-label": {"id": "Target taman", "en": "Target parks"},
        },
        # The agency that maintains the parks: a reference the catalog maps on adoption
        # (policy with mapping).
        "managing_agency": {
            "type": "string",
            "x-kotacerdas-ref": "agency",
            "default": "dlh",
            "x-kotacerdas-label": {"id": "Instansi pengelola", "en": "Managing agency"},
        },
    },
}


class Park(AppConfig):
    name: str
    lat: float
    lng: float


class TamanConfig(AppConfig):
    parks: tuple[Park, ...]
    target_parks: int
    managing_agency: str
