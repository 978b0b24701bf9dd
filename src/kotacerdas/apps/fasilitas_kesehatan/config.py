"""The configuration a region runs Fasilitas Kesehatan with: the JSON Schema and its typed model.

Facilities are rows (the registry), not configuration: a region lists hundreds of them and
Dinkes edits them in the console. The configuration holds the thresholds only.
"""

from __future__ import annotations

from typing import Any

from kotacerdas.contract import AppConfig

APP_KEY = "fasilitas-kesehatan"

SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "stale_hours": {
            "type": "integer",
            "minimum": 1,
            "maximum": 168,
            "default": 6,
            "title": "Hours after which bed data is stale",
        },
        "occupancy_alert_percent": {
            "type": "integer",
            "minimum": 50,
            "maximum": 100,
            "default": 90,
            "title": "ICU/IGD occupancy (region-wide) that raises an alert, in percent",
        },
        "managing_agency": {
            "type": "string",
            "minLength": 1,
            "x-kotacerdas-ref": "agency",
            "default": "dinkes",
            "title": "The agency that manages the registry (Dinkes)",
        },
        "finder_radius_km": {
            "type": "integer",
            "minimum": 1,
            "maximum": 500,
            "default": 60,
            "title": "How far the public finder looks, in km",
        },
    },
}


class FasilitasKesehatanSettings(AppConfig):
    stale_hours: int = 6
    occupancy_alert_percent: int = 90
    managing_agency: str = "dinkes"
    finder_radius_km: int = 60
