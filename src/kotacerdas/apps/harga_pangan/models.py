"""Prices per market and day, their revision history, and the daily region averages.

Markets and commodities live in the region's configuration (``lists.py``); rows here name
them by key, so a region that removes a market keeps its history.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kotacerdas.core.tenancy import RegionOwned


class Source(models.TextChoices):
    FORM = "form", _("Entry screen")
    IMPORT = "import", _("File import")
    API = "api", _("API")
    DEMO = "demo", _("Demo data")


class Price(RegionOwned):
    """The current price of one item at one market on one day, in whole rupiah."""

    # Market prices are published data; who entered them lives in PriceRevision.
    tenancy_public_read: ClassVar[bool] = True
    tenancy_staff_write: ClassVar[bool] = True

    region = models.ForeignKey("core.Region", on_delete=models.CASCADE, related_name="+")
    market = models.CharField(_("market"), max_length=60)
    item = models.CharField(_("commodity"), max_length=120)
    day = models.DateField(_("date"))
    price = models.PositiveIntegerField(_("price (Rp)"))
    # Confirmed although ten times (or a tenth of) the previous price: worth a second look.
    flagged = models.BooleanField(_("flagged"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("price")
        verbose_name_plural = _("prices")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "market", "item", "day"], name="harga_pangan_price_once"
            )
        ]
        indexes = [models.Index(fields=["region", "day", "market"], name="harga_pangan_price_day")]


class PriceRevision(RegionOwned):
    """Every value a price ever had: the first entry and each correction (who, when, how)."""

    tenancy_staff_write: ClassVar[bool] = True

    region = models.ForeignKey("core.Region", on_delete=models.CASCADE, related_name="+")
    market = models.CharField(max_length=60)
    item = models.CharField(max_length=120)
    day = models.DateField()
    price = models.PositiveIntegerField()
    previous_price = models.PositiveIntegerField(null=True, blank=True)
    flagged = models.BooleanField(default=False)
    source = models.CharField(max_length=10, choices=Source.choices)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    entered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["region", "market", "day"], name="harga_pangan_rev_day")]


class DailyAverage(RegionOwned):
    """The rollup dashboards read: one item's region-wide price on one day."""

    tenancy_public_read: ClassVar[bool] = True
    tenancy_staff_write: ClassVar[bool] = True

    region = models.ForeignKey("core.Region", on_delete=models.CASCADE, related_name="+")
    item = models.CharField(max_length=120)
    day = models.DateField()
    average = models.FloatField()
    low = models.PositiveIntegerField()
    high = models.PositiveIntegerField()
    markets = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["region", "item", "day"], name="harga_pangan_avg_once")
        ]
