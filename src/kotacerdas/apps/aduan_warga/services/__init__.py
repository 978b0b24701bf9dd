"""All writes of the app: reporting, the workflow, photos, Open311 keys, jobs."""

from __future__ import annotations


class ReportInvalid(ValueError):
    """Bad input; ``field`` names it so each caller answers in its own format."""

    def __init__(self, field: str, message: str, code: int = 400) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message
        self.code = code


class NotPermitted(PermissionError):
    """The caller may not take this action on this report."""
