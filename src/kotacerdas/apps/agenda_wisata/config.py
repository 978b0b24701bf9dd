"""The configuration a region runs Agenda & Wisata with: the JSON Schema and its typed model."""

from __future__ import annotations

from typing import Any

from kotacerdas.contract import AppConfig

APP_KEY = "agenda-wisata"

SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {},
    "additionalProperties": False,
}


class AgendaWisataSettings(AppConfig):
    pass
