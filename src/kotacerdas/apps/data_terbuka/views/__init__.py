"""Data Terbuka's pages: the public portal (``public``), the downloads (``downloads``) and
the console of produsen data and walidata (``console``). Small shared helpers live here."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import translation

WIB = ZoneInfo("Asia/Jakarta")


def language() -> str:
    return "en" if (translation.get_language() or "id").startswith("en") else "id"


def wib(value: dt.datetime | None) -> dt.datetime | None:
    """An aware time in WIB (the templates print it with "WIB" after it)."""
    return value.astimezone(WIB) if value is not None else None


def column_title(column: dict[str, Any], lang: str) -> str:
    title = column.get("title") or {}
    if isinstance(title, dict):
        return str((title.get(lang) if lang == "en" else "") or title.get("id") or column["name"])
    return str(title or column["name"])


def column_definition(column: dict[str, Any], lang: str) -> str:
    definition = column.get("definition") or {}
    if isinstance(definition, dict):
        return str((definition.get(lang) if lang == "en" else "") or definition.get("id") or "")
    return str(definition)
