"""Writes of Agenda & Wisata: events, destinations and visitors, businesses, photos."""

from __future__ import annotations


class Invalid(ValueError):
    """Bad input, named by the form field it belongs to; nothing was written."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message
