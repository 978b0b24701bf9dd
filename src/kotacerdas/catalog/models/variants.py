"""A variant: one region's published configuration of an app, in semver versions."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kotacerdas.core.tenancy import RegionOwned


class Variant(RegionOwned):
    """Region R shares its configuration of app K under a name and a sharing scope.

    The catalog lists variants to everyone (who shares what is public, like which apps a
    region runs); whether a caller may see the configuration and adopt it is the sharing
    scope's decision (``kotacerdas.catalog.services.visibility``).
    """

    tenancy_public_read: ClassVar[bool] = True

    class Scope(models.TextChoices):
        PUBLIC = "public", _("Public: every region")
        PROVINCE = "province", _("Province: regions of the same province")
        PARTNERS = "partners", _("Partners under an active agreement")

    region = models.ForeignKey(
        "core.Region",
        on_delete=models.CASCADE,
        related_name="variants",
        verbose_name=_("publisher"),
    )
    app_key = models.CharField(_("app"), max_length=60)
    name = models.CharField(_("name"), max_length=120)
    sharing = models.CharField(_("sharing scope"), max_length=10, choices=Scope.choices)
    # The upstream version this variant grew from (Kendal's from Semarang's v1): the lineage.
    derived_from = models.ForeignKey(
        "catalog.VariantVersion",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="derived_variants",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # An "imported copy": a bundle published by another region (here or elsewhere), imported
    # by this region's admin. It lives in this region, under this region's name, labelled
    # with where it came from; it never writes into the publisher's own variant. Empty for
    # the region's own variant.
    imported_from_code = models.CharField(
        _("imported from (region code)"), max_length=5, blank=True, default=""
    )
    imported_from_name = models.CharField(
        _("imported from"), max_length=200, blank=True, default=""
    )

    class Meta:
        ordering = ["app_key", "region__code"]
        verbose_name = _("variant")
        verbose_name_plural = _("variants")
        constraints = [
            # One own variant per region and app, and one imported copy per publisher.
            models.UniqueConstraint(
                fields=["region", "app_key", "imported_from_code"], name="one_variant_per_app"
            )
        ]

    @property
    def is_imported_copy(self) -> bool:
        return bool(self.imported_from_code)

    def __str__(self) -> str:
        return self.name

    def latest(self) -> VariantVersion | None:
        from kotacerdas.core.tenancy import Scope

        # Versions are public catalog data; the related manager alone would be unscoped.
        versions = list(VariantVersion.objects.scoped(Scope.public()).filter(variant=self))
        return max(versions, key=lambda v: v.semver) if versions else None


class VariantVersion(RegionOwned):
    """An immutable snapshot: the configuration, the logo and the app version it ran on."""

    tenancy_public_read: ClassVar[bool] = True
    region_field: ClassVar[str] = "variant__region"

    variant = models.ForeignKey(Variant, on_delete=models.CASCADE, related_name="versions")
    version = models.CharField(_("version"), max_length=40)
    changelog = models.TextField(_("changelog"))
    config = models.JSONField(_("configuration"))
    app_version = models.CharField(_("app version"), max_length=40)
    logo = models.BinaryField(_("logo"), blank=True, default=b"")
    logo_type = models.CharField(max_length=60, blank=True)
    published_at = models.DateTimeField(_("published at"), auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["variant", "-published_at"]
        verbose_name = _("variant version")
        verbose_name_plural = _("variant versions")
        constraints = [
            models.UniqueConstraint(fields=["variant", "version"], name="one_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.variant} v{self.version}"

    @property
    def semver(self) -> tuple[int, int, int, int, str]:
        from kotacerdas.catalog.semver import key

        # Tolerant: a stored number that is not semver sorts first (shown as broken).
        return key(self.version)
