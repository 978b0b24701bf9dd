"""All writes of the app: reporting, the workflow, photos, Open311 keys, jobs."""

from __future__ import annotations

from kotacerdas.core.tenancy import Scope


class ReportInvalid(ValueError):
    """Bad input; ``field`` names it so each caller answers in its own format."""

    def __init__(self, field: str, message: str, code: int = 400) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message
        self.code = code


class NotPermitted(PermissionError):
    """The caller may not take this action on this report."""


def region_system_scope(region_id: int, reason: str) -> Scope:
    """A system scope that reaches exactly one region, like the platform's job scope.

    For writes a citizen's request makes without a scope of its own (a report, the
    reporter's answer through the tracking link, mail lookups): narrower than
    ``unscoped()``, so such a write can never touch another region's rows.
    """
    return Scope.region_system(region_id, reason)
