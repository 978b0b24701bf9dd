"""Cooperation agreements (perjanjian kerja sama, PKS) between regions."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from kotacerdas.core.tenancy import RegionOwned


class Agreement(RegionOwned):
    """A PKS: its parties may adopt each other's partner-scoped variants of the apps in scope
    while it is valid. ``region`` is the party that keeps the record (Semarang for 2018).
    Agreements are public documents of regional government."""

    tenancy_public_read: ClassVar[bool] = True

    region = models.ForeignKey(
        "core.Region", on_delete=models.CASCADE, related_name="+", verbose_name=_("recorded by")
    )
    number = models.CharField(_("number"), max_length=120)
    title = models.CharField(_("title"), max_length=300)
    signed_on = models.DateField(_("signed on"))
    parties = models.ManyToManyField(
        "core.Region", related_name="agreements", verbose_name=_("parties")
    )
    # App keys in scope; empty means every app.
    app_keys = models.JSONField(_("apps in scope"), default=list, blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    document = models.FileField(_("document"), upload_to="agreements/", blank=True)

    class Meta:
        ordering = ["-signed_on", "number"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        constraints = [
            models.UniqueConstraint(fields=["region", "number"], name="agreement_number_per_region")
        ]

    def __str__(self) -> str:
        return f"{self.number} — {self.title}"

    def is_active(self, on: dt.date) -> bool:
        return self.valid_from <= on and (self.valid_until is None or on <= self.valid_until)

    def covers(self, app_key: str) -> bool:
        return not self.app_keys or app_key in self.app_keys
