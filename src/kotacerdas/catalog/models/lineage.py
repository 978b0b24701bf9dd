"""Where a region's configuration of an app came from, and every change made to it since."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kotacerdas.core.tenancy import RegionOwned


class Lineage(RegionOwned):
    """Region R runs app K adopted from an upstream variant version.

    ``base_config`` is the upstream configuration as adopted (agency references already
    mapped): the merge base. Local overrides are the JSON-pointer diff of the running
    configuration against it. Which variant a region runs is public, like its app list.
    """

    tenancy_public_read: ClassVar[bool] = True

    region = models.ForeignKey("core.Region", on_delete=models.CASCADE, related_name="+")
    app_key = models.CharField(_("app"), max_length=60)
    upstream = models.ForeignKey(
        "catalog.VariantVersion",
        on_delete=models.PROTECT,
        related_name="adoptions",
        verbose_name=_("upstream version"),
    )
    base_config = models.JSONField(_("merge base"))
    # Publisher's agency slug -> ours, applied again to every later upstream version.
    agency_mapping = models.JSONField(default=dict, blank=True)
    adopted_at = models.DateTimeField(auto_now_add=True)
    merged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["region__code", "app_key"]
        verbose_name = _("lineage")
        verbose_name_plural = _("lineages")
        constraints = [
            models.UniqueConstraint(fields=["region", "app_key"], name="one_lineage_per_app")
        ]

    def __str__(self) -> str:
        return f"{self.app_key} @ {self.region_id} ← {self.upstream_id}"


class Branding(RegionOwned):
    """The logo a region shows on an app; copied into what it publishes."""

    tenancy_public_read: ClassVar[bool] = True

    region = models.ForeignKey("core.Region", on_delete=models.CASCADE, related_name="+")
    app_key = models.CharField(_("app"), max_length=60)
    logo = models.BinaryField(_("logo"), default=b"")
    logo_type = models.CharField(max_length=60)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["region", "app_key"], name="one_branding_per_app")
        ]


class ConfigRevision(RegionOwned):
    """One state of a region's configuration of an app; any of them can be restored."""

    class Reason(models.TextChoices):
        ENABLED = "enabled", _("enabled")
        EDITED = "edited", _("edited")
        ADOPTED = "adopted", _("adopted")
        MERGED = "merged", _("merged upstream update")
        RESTORED = "restored", _("restored")
        IMPORTED = "imported", _("imported from a bundle")

    region = models.ForeignKey("core.Region", on_delete=models.CASCADE, related_name="+")
    app_key = models.CharField(_("app"), max_length=60)
    config = models.JSONField(_("configuration"))
    reason = models.CharField(_("reason"), max_length=10, choices=Reason.choices)
    note = models.TextField(_("note"), blank=True)
    upstream = models.ForeignKey(
        "catalog.VariantVersion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("configuration revision")
        verbose_name_plural = _("configuration revisions")
        indexes = [models.Index(fields=["region", "app_key", "id"], name="revision_lookup")]

    def __str__(self) -> str:
        return f"{self.app_key} @ {self.region_id} #{self.pk} ({self.reason})"
