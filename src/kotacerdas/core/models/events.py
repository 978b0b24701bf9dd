"""Events and alerts: what the situation room shows live.

Events are rows, not messages held in one process's memory: their auto-increment id is the
SSE ``id:``, so a browser that reconnects with ``Last-Event-ID`` gets exactly what it missed,
whichever server process it reaches. The bus (kotacerdas.core.events) only wakes waiters.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kotacerdas.core.tenancy import RegionOwned
from kotacerdas.core.vocab import Severity


class Event(RegionOwned):
    region = models.ForeignKey("core.Region", on_delete=models.CASCADE, related_name="+")
    app_key = models.CharField(max_length=60)
    kind = models.CharField(max_length=60)  # "kpi", "alert.raised", "reading", …
    public = models.BooleanField(default=False)
    payload = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(fields=["region", "id"], name="event_region_id"),
            # The room's newest event per app is one index probe per app, not a scan of the
            # region's events; its activity chart reads one day of a region's events.
            models.Index(fields=["region", "app_key", "id"], name="event_region_app_id"),
            models.Index(fields=["region", "created_at"], name="event_region_created"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.app_key}/{self.kind}"


class AlertRecord(RegionOwned):
    """An alert raised by an app: active → acknowledged → cleared, with who and when.

    At most one open (active or acknowledged) alert exists per region, app and condition,
    enforced by the database, so two workers seeing the same flood cannot raise it twice.
    """

    # Agency staff (BPBD operators, market officers) acknowledge alerts, not only admins.
    tenancy_staff_write: ClassVar[bool] = True

    class State(models.TextChoices):
        ACTIVE = "active", _("active")
        ACKNOWLEDGED = "acknowledged", _("acknowledged")
        CLEARED = "cleared", _("cleared")

    Severity = Severity

    region = models.ForeignKey("core.Region", on_delete=models.CASCADE, related_name="+")
    app_key = models.CharField(max_length=60)
    condition = models.CharField(max_length=200)
    severity = models.CharField(max_length=10, choices=Severity.choices)
    title = models.CharField(max_length=300)
    detail = models.TextField(blank=True)
    public = models.BooleanField(default=False)
    data = models.JSONField(default=dict, blank=True)
    state = models.CharField(max_length=15, choices=State.choices, default=State.ACTIVE)
    raised_at = models.DateTimeField(auto_now_add=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cleared_at = models.DateTimeField(null=True, blank=True)
    cleared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Why an operator closed it by hand ("pompa sudah menyala"); empty when the app cleared
    # it because the condition ended.
    close_reason = models.CharField(_("reason for closing"), max_length=200, blank=True)

    class Meta:
        ordering = ["-raised_at"]
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "app_key", "condition"],
                condition=models.Q(state__in=["active", "acknowledged"]),
                name="one_open_alert_per_condition",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.state})"
