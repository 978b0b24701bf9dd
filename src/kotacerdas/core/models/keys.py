"""Machine clients' API keys: one model for every app (Open311 clients, sensor gateways and
devices, price imports). Only a SHA-256 digest of the key is stored."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kotacerdas.core.tenancy import RegionOwned


class ApiKey(RegionOwned):
    """A key that lets a machine act for one app of one region, optionally narrowed.

    ``subject_kind``/``subject_id`` narrow the key to one of the app's objects where the app
    asks for it (a sensor device key to its station, a price feed to its market or agency);
    empty means the whole app in the region (a gateway, an Open311 client).
    """

    region = models.ForeignKey("core.Region", on_delete=models.CASCADE, related_name="+")
    app_key = models.CharField(_("app"), max_length=60)
    name = models.CharField(_("name"), max_length=120)
    subject_kind = models.CharField(max_length=40, blank=True, default="")
    subject_id = models.BigIntegerField(null=True, blank=True)
    prefix = models.CharField(max_length=12)
    digest = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")
        indexes = [models.Index(fields=["region", "app_key"], name="apikey_region_app")]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        from django.utils import timezone

        if self.revoked_at is not None:
            return False
        return self.expires_at is None or self.expires_at > timezone.now()
