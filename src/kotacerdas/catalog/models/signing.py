"""Ed25519 keys: each region's registered keys, against which its bundles are verified.

A region's admin (or the platform admin) registers a key on the catalog console: a public
key pasted or uploaded (the private part kept elsewhere), or a key pair generated here (the
private part stays in the database and signs the region's exports). Keys rotate with an
overlap: the old key stays valid until a day the admin sets, then it is retired. A bundle
claiming a region of this installation verifies only against that region's active keys;
nothing is ever pinned from an imported bundle.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kotacerdas.core.tenancy import RegionOwned


class SigningKey(RegionOwned):
    """One registered key of a region. ``private_pem`` is empty for a key whose private
    part is kept outside this installation; only system code reads it, to sign an export."""

    region = models.ForeignKey(
        "core.Region", on_delete=models.CASCADE, related_name="+", verbose_name=_("region")
    )
    label = models.CharField(_("label"), max_length=120, blank=True, default="")
    private_pem = models.TextField(blank=True, default="")
    public_pem = models.TextField(_("public key"))
    fingerprint = models.CharField(_("fingerprint"), max_length=64, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The last day (WIB) the key verifies bundles; empty = until retired.
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    retired_at = models.DateTimeField(_("retired at"), null=True, blank=True)

    class Meta:
        ordering = ["region", "-created_at", "-id"]
        verbose_name = _("signing key")
        verbose_name_plural = _("signing keys")
        constraints = [
            models.UniqueConstraint(fields=["region", "fingerprint"], name="one_key_per_region")
        ]

    def __str__(self) -> str:
        return f"{self.fingerprint[:16]}"

    def is_active(self, on: dt.date) -> bool:
        """Whether the key verifies bundles on ``on`` (a WIB day)."""
        if self.retired_at is not None:
            return False
        return self.valid_until is None or on <= self.valid_until

    @property
    def can_sign(self) -> bool:
        return bool(self.private_pem)


class TrustedKey(models.Model):
    """Formerly: a publisher's key pinned on the first verified import (trust on first use).

    No longer written or read: pinning let a forged bundle pin its key for a real region.
    Kept only until the Django admin registration that lists old rows is removed.
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
