"""Small vocabularies shared by the core, the contract and the apps; no models imported,
so the contract (loaded with the settings) can use them."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Severity(models.TextChoices):
    """The one vocabulary of alert severities: apps pass these, never free strings."""

    INFO = "info", _("info")
    WARNING = "warning", _("warning")
    CRITICAL = "critical", _("critical")


@dataclass(frozen=True)
class KeyGrant:
    """What a checked API key may do: act for ``app_key`` in ``region_id``, narrowed or not."""

    key_id: int
    region_id: int
    app_key: str
    subject_kind: str = ""
    subject_id: int | None = None

    def narrowed_to(self, kind: str) -> int | None:
        """The id of the object of ``kind`` this key is narrowed to, ``None`` when it is not."""
        return self.subject_id if self.subject_kind == kind else None
