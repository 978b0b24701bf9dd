"""The configuration a region runs Fasilitas Kesehatan with: the JSON Schema and its typed model."""

from __future__ import annotations

from typing import Any

from kotacerdas.contract import AppConfig

APP_KEY = "fasilitas-kesehatan"

SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {},
    "additionalProperties": False,
}


class FasilitasKesehatanSettings(AppConfig):
    pass
