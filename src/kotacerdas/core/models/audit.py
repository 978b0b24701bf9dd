"""The audit log: who did which privileged thing, where and when."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kotacerdas.core.tenancy import RegionOwned


class AuditEntry(RegionOwned):
    """One privileged action: a configuration change, a key issued or revoked, a role
    changed, an alert acknowledged or closed, an import, a sign-in.

    Rows are written by ``kotacerdas.core.audit.record`` only and never changed. Region
    admins read their region's entries in the console; entries without a region (sign-ins,
    platform actions) are the platform admin's. ``detail`` holds no personal data of
    citizens, only what the action was about.
    """

    region = models.ForeignKey(
        "core.Region", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # What acted when no person did: "system", "key:<id>", "import".
    actor_label = models.CharField(max_length=120, blank=True, default="")
    action = models.CharField(_("action"), max_length=60)
    app_key = models.CharField(max_length=60, blank=True, default="")
    target = models.CharField(_("target"), max_length=200, blank=True, default="")
    detail = models.JSONField(default=dict, blank=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    region_field: ClassVar[str] = "region"

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        indexes = [models.Index(fields=["region", "-at"], name="audit_region_at")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.target}"
