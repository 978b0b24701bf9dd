"""The configuration a region runs Data Terbuka with: the JSON Schema and its typed model."""

from __future__ import annotations

from typing import Any

from kotacerdas.contract import AppConfig

APP_KEY = "data-terbuka"

SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {},
    "additionalProperties": False,
}


class DataTerbukaSettings(AppConfig):
    pass
