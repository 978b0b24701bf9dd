"""Small vocabularies shared by the core, the contract and the apps; no models imported,
so the contract (loaded with the settings) can use them."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Severity(models.TextChoices):
    """The one vocabulary of alert severities: apps pass these, never free strings.

    The labels are generic words ("peringatan", "kritis"), never a BPBD level name: a
    "Siaga" flood once showed as "waspada" because the Indonesian for "warning" was that
    level's name. Flood alerts show their level (``FloodLevel``) instead.
    """

    INFO = "info", pgettext_lazy("alert severity", "info")
    WARNING = "warning", pgettext_lazy("alert severity", "warning")
    CRITICAL = "critical", pgettext_lazy("alert severity", "critical")


@dataclass(frozen=True)
class FloodLevel:
    """A BPBD flood alert level (Waspada, Siaga, Awas): official names, kept in Indonesian
    on Indonesian pages and glossed on English ones."""

    key: str
    label: Promise
    colour: str
    severity: Severity


# Calm to worst. An alert names its level in ``data["level"]`` (Sensor Kota's flood alerts).
FLOOD_LEVELS: dict[str, FloodLevel] = {
    level.key: level
    for level in (
        FloodLevel("waspada", _("Waspada (level III)"), "#f2c200", Severity.WARNING),
        FloodLevel("siaga", _("Siaga (level II)"), "#f08a00", Severity.WARNING),
        FloodLevel("awas", _("Awas (level I)"), "#d7261e", Severity.CRITICAL),
    )
}


def flood_level(data: object) -> FloodLevel | None:
    """The BPBD level an alert's ``data`` names, or None (not a flood alert, or unknown)."""
    if not isinstance(data, dict):
        return None
    level = data.get("level")
    return FLOOD_LEVELS.get(level) if isinstance(level, str) else None


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
