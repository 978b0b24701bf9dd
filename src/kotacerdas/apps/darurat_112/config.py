"""The configuration a region runs Darurat 112 with: the JSON Schema and its typed model."""

from __future__ import annotations

from typing import Any

from kotacerdas.contract import AppConfig

APP_KEY = "darurat-112"

SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {},
    "additionalProperties": False,
}


class Darurat112Settings(AppConfig):
    pass
