"""Ed25519 keys: each region signs the bundles it exports; imported keys are pinned."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kotacerdas.core.tenancy import RegionOwned


class SigningKey(RegionOwned):
    """A region's key pair. Private: only system code reads it, to sign an export."""

    region = models.OneToOneField("core.Region", on_delete=models.CASCADE, related_name="+")
    private_pem = models.TextField()
    public_pem = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("signing key")
        verbose_name_plural = _("signing keys")


class TrustedKey(models.Model):
    """The public key this installation accepts for a publisher's region code.

    Pinned on the first verified import (or by an admin); a later bundle signed by a
    different key for the same region is refused.
    """

    region_code = models.CharField(_("region code"), max_length=5, unique=True)
    public_pem = models.TextField(_("public key"))
    fingerprint = models.CharField(_("fingerprint"), max_length=64)
    trusted_at = models.DateTimeField(auto_now_add=True)
    trusted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("trusted key")
        verbose_name_plural = _("trusted keys")

    def __str__(self) -> str:
        return f"{self.region_code} {self.fingerprint[:16]}"
