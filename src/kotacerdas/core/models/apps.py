"""An app enabled for a region, with the region's configuration of it."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from kotacerdas.core.tenancy import RegionOwned


class AppInstallation(RegionOwned):
    """Region R runs app K with configuration C (validated against K's schema).

    Which apps a region runs is public (its public page lists them); the configuration
    itself is read through the staff API, which checks the private-read scope.
    """

    tenancy_public_read: ClassVar[bool] = True

    region = models.ForeignKey(
        "core.Region", on_delete=models.CASCADE, related_name="installations"
    )
    app_key = models.CharField(_("app"), max_length=60)
    config = models.JSONField(_("configuration"), default=dict)
    enabled = models.BooleanField(_("enabled"), default=True)
    app_version = models.CharField(_("app version"), max_length=40)
    enabled_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["region__code", "app_key"]
        verbose_name = _("enabled app")
        verbose_name_plural = _("enabled apps")
        constraints = [
            models.UniqueConstraint(fields=["region", "app_key"], name="one_installation_per_app")
        ]

    def __str__(self) -> str:
        return f"{self.app_key} @ {self.region_id}"
