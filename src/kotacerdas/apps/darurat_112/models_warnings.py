"""Public warnings (CAP 1.2) of Darurat 112, and the record of calls handed to another app.

A :class:`Warning` is one CAP message: an ``Alert``, an ``Update`` that replaces it, or a
``Cancel``. Every published message keeps its own ``identifier`` (unique, never reused);
``thread`` is the identifier of the first message of its chain, so the core alert it
raised follows the chain. Warnings carry no personal data: their texts are written for
the public, and the person who issued one is kept for staff only (``issued_by``).

Imported at the end of ``models.py`` (``from … import *``): ``__all__`` lists the models.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kotacerdas.core.tenancy import RegionOwned

__all__ = [
    "CallHandoff",
    "CapCertainty",
    "CapSeverity",
    "CapUrgency",
    "EventType",
    "MsgType",
    "Warning",
    "WarningArea",
    "WarningStatus",
]


class EventType(models.TextChoices):
    FLOOD = "flood", _("Flood")
    FIRE = "fire", _("Fire")
    WEATHER = "weather", _("Extreme weather")
    OTHER = "other", _("Other hazard")


class CapSeverity(models.TextChoices):
    EXTREME = "Extreme", _("Extreme")
    SEVERE = "Severe", _("Severe")
    MODERATE = "Moderate", _("Moderate")
    MINOR = "Minor", _("Minor")


class CapUrgency(models.TextChoices):
    IMMEDIATE = "Immediate", _("Immediate")
    EXPECTED = "Expected", _("Expected")
    FUTURE = "Future", _("Future")


class CapCertainty(models.TextChoices):
    OBSERVED = "Observed", _("Observed")
    LIKELY = "Likely", _("Likely")
    POSSIBLE = "Possible", _("Possible")


class WarningStatus(models.TextChoices):
    DRAFT = "Draft", _("Draft")
    ACTUAL = "Actual", _("Published")


class MsgType(models.TextChoices):
    ALERT = "Alert", _("New warning")
    UPDATE = "Update", _("Update")
    CANCEL = "Cancel", _("Cancellation")


class WarningArea(models.TextChoices):
    REGION = "region", _("The whole region")
    CIRCLE = "circle", _("A circle")
    POLYGON = "polygon", _("A polygon")


class Warning(RegionOwned):
    """One CAP message of the region (issued by its BPBD). Published rows are public."""

    tenancy_public_read: ClassVar[bool] = True
    tenancy_staff_write: ClassVar[bool] = True

    region = models.ForeignKey("core.Region", on_delete=models.CASCADE, related_name="+")
    identifier = models.CharField(_("identifier"), max_length=120, unique=True)
    thread = models.CharField(_("first message"), max_length=120, db_index=True)
    previous = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="followers",
        verbose_name=_("replaces"),
    )
    sender = models.CharField(_("sender"), max_length=120)
    sender_name = models.CharField(_("issued by"), max_length=200)
    agency = models.ForeignKey(
        "core.Agency", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=8, choices=WarningStatus.choices, default=WarningStatus.DRAFT
    )
    msg_type = models.CharField(
        _("message type"), max_length=8, choices=MsgType.choices, default=MsgType.ALERT
    )
    event_type = models.CharField(_("event"), max_length=10, choices=EventType.choices)
    severity = models.CharField(_("severity"), max_length=10, choices=CapSeverity.choices)
    urgency = models.CharField(_("urgency"), max_length=10, choices=CapUrgency.choices)
    certainty = models.CharField(_("certainty"), max_length=10, choices=CapCertainty.choices)
    headline_id = models.CharField(_("headline (Indonesian)"), max_length=160)
    headline_en = models.CharField(_("headline (English)"), max_length=160, blank=True)
    description_id = models.TextField(_("description (Indonesian)"), max_length=2000)
    description_en = models.TextField(_("description (English)"), max_length=2000, blank=True)
    instruction_id = models.TextField(_("instruction (Indonesian)"), max_length=1000, blank=True)
    instruction_en = models.TextField(_("instruction (English)"), max_length=1000, blank=True)
    area_desc = models.CharField(_("area"), max_length=200)
    area_kind = models.CharField(
        _("area shape"), max_length=8, choices=WarningArea.choices, default=WarningArea.REGION
    )
    # ``[[lat, lon], …]``, closed (first point repeated last) as CAP wants.
    polygon = models.JSONField(_("polygon"), default=list, blank=True)
    circle_lat = models.FloatField(_("circle centre latitude"), null=True, blank=True)
    circle_lng = models.FloatField(_("circle centre longitude"), null=True, blank=True)
    circle_km = models.FloatField(_("circle radius (km)"), null=True, blank=True)
    onset = models.DateTimeField(_("onset"))
    expires = models.DateTimeField(_("expires"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    # The core alert this warning was raised from (a Sensor Kota flood alert), if any.
    source_alert_id = models.BigIntegerField(null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    # Set on a published message when a later Update or Cancel replaces it.
    superseded_at = models.DateTimeField(null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-sent_at", "-created_at"]
        verbose_name = _("public warning")
        verbose_name_plural = _("public warnings")
        indexes = [
            models.Index(fields=["region", "status", "expires"], name="d112_warning_current"),
        ]

    def __str__(self) -> str:
        return self.identifier

    def headline(self, language: str) -> str:
        return self.headline_en if language == "en" and self.headline_en else self.headline_id

    def description(self, language: str) -> str:
        if language == "en" and self.description_en:
            return self.description_en
        return self.description_id

    def instruction(self, language: str) -> str:
        if language == "en" and self.instruction_en:
            return self.instruction_en
        return self.instruction_id


class CallHandoff(RegionOwned):
    """A call handed to another app of the region (a citizen report in Aduan Warga): the
    platform's receipt, so the call links to what was made. Staff only."""

    tenancy_staff_write: ClassVar[bool] = True

    region = models.ForeignKey("core.Region", on_delete=models.CASCADE, related_name="+")
    call = models.OneToOneField(
        "darurat_112.Call", on_delete=models.CASCADE, related_name="handoff"
    )
    app_key = models.CharField(max_length=60)
    ref = models.CharField(max_length=80)
    staff_url = models.CharField(max_length=300)
    public_url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("hand-off")
        verbose_name_plural = _("hand-offs")

    def __str__(self) -> str:
        return f"{self.app_key}:{self.ref}"
