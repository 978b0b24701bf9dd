"""Writes of Darurat 112: calls, incidents, dispatches and the jobs; every write validates first
and runs in one transaction, and every change publishes a core event."""

from __future__ import annotations


class Refused(ValueError):
    """Bad input or a step that is not allowed now; ``field`` names the form field."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class NotPermitted(PermissionError):
    """The caller may not do this (not a call-taker, not this responder's agency)."""
