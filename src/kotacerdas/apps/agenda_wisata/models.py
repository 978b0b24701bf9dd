"""Events, destinations with monthly visitors, and local businesses with their products.

Everything here is published on purpose by the region's agencies (Disbudpar, Dinkop):
public to read, written by the curating staff. A business's WhatsApp number is the
business's public contact, entered by the agency with the business's consent
(``contact_public``); no citizen's personal data is ever stored here.
"""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from kotacerdas.core.tenancy import RegionOwned


def _pick(indonesian: str, english: str) -> str:
    if (get_language() or "id").startswith("en") and english:
        return english
    return indonesian


class Status(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    POSTPONED = "postponed", _("Postponed")
    CANCELLED = "cancelled", _("Cancelled")


class Photographed(RegionOwned):
    """A re-encoded photo (EXIF gone) and its thumbnail, paths under MEDIA_ROOT."""

    image = models.CharField(max_length=200, blank=True, default="")
    thumbnail = models.CharField(max_length=200, blank=True, default="")

    class Meta:
        abstract = True


class Event(Photographed):
    tenancy_public_read: ClassVar[bool] = True
    tenancy_staff_write: ClassVar[bool] = True

    region = models.ForeignKey("core.Region", on_delete=models.CASCADE, related_name="+")
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("title (Indonesian)"), max_length=160)
    title_en = models.CharField(_("title (English)"), max_length=160, blank=True)
    description = models.TextField(_("description (Indonesian)"), max_length=5000, blank=True)
    description_en = models.TextField(_("description (English)"), max_length=5000, blank=True)
    category = models.CharField(_("category"), max_length=40)
    # Aware datetimes; entered and shown in WIB. For a weekly event: the first occurrence.
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    # Weekly repeats (RFC 5545 FREQ=WEEKLY;BYDAY=…;UNTIL=… or COUNT=…): weekday numbers, Monday 0.
    weekdays = models.JSONField(_("repeats on"), default=list, blank=True)
    repeat_until = models.DateField(_("repeats until"), null=True, blank=True)
    repeat_count = models.PositiveSmallIntegerField(_("number of times"), null=True, blank=True)
    # Cancelled single dates of a weekly event (EXDATE), ISO dates in WIB.
    cancelled_dates = models.JSONField(default=list, blank=True)
    place_name = models.CharField(_("place"), max_length=160)
    lat = models.FloatField(_("latitude"))
    lng = models.FloatField(_("longitude"))
    organiser = models.ForeignKey(
        "core.Agency",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organising agency"),
    )
    is_free = models.BooleanField(_("free"), default=True)
    price = models.PositiveIntegerField(_("price (Rp)"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED
    )
    # RFC 5545 SEQUENCE: bumped on every change calendar apps must notice.
    sequence = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["region", "starts_at"], name="agenda_event_start")]

    def __str__(self) -> str:
        return self.title

    @property
    def repeats(self) -> bool:
        return bool(self.weekdays)

    @property
    def label(self) -> str:
        return _pick(self.title, self.title_en)

    @property
    def text(self) -> str:
        return _pick(self.description, self.description_en)


class Destination(Photographed):
    tenancy_public_read: ClassVar[bool] = True
    tenancy_staff_write: ClassVar[bool] = True

    region = models.ForeignKey("core.Region", on_delete=models.CASCADE, related_name="+")
    slug = models.SlugField(_("short name in the address"), max_length=80)
    name = models.CharField(_("name"), max_length=160)
    description = models.TextField(_("description (Indonesian)"), max_length=5000, blank=True)
    description_en = models.TextField(_("description (English)"), max_length=5000, blank=True)
    address = models.CharField(_("address"), max_length=240, blank=True)
    lat = models.FloatField(_("latitude"))
    lng = models.FloatField(_("longitude"))
    # Seven entries, Monday first: "08:00-16:00", or "" when closed that day.
    hours = models.JSONField(_("opening hours"), default=list, blank=True)
    ticket_weekday = models.PositiveIntegerField(_("ticket, weekdays (Rp)"), null=True, blank=True)
    ticket_weekend = models.PositiveIntegerField(
        _("ticket, weekends and holidays (Rp)"), null=True, blank=True
    )
    ticket_note = models.CharField(_("note on tickets"), max_length=240, blank=True)
    facilities = models.JSONField(_("facilities"), default=list, blank=True)
    wheelchair = models.BooleanField(_("wheelchair accessible"), default=False)
    accessibility = models.CharField(_("note on accessibility"), max_length=240, blank=True)
    agency = models.ForeignKey(
        "core.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("agency")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "slug"], name="agenda_destination_slug")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def text(self) -> str:
        return _pick(self.description, self.description_en)


class VisitorCount(RegionOwned):
    """Visitors of one destination in one month (the first day of the month), from Disbudpar."""

    tenancy_public_read: ClassVar[bool] = True
    tenancy_staff_write: ClassVar[bool] = True

    region = models.ForeignKey("core.Region", on_delete=models.CASCADE, related_name="+")
    destination = models.ForeignKey(Destination, on_delete=models.CASCADE, related_name="visits")
    month = models.DateField()
    visitors = models.PositiveIntegerField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["month"]
        constraints = [
            models.UniqueConstraint(fields=["destination", "month"], name="agenda_visits_once")
        ]
        indexes = [models.Index(fields=["region", "month"], name="agenda_visits_month")]


class Business(Photographed):
    """A local business (UMKM) curated by the agency; its contact is the business's own."""

    tenancy_public_read: ClassVar[bool] = True
    tenancy_staff_write: ClassVar[bool] = True

    region = models.ForeignKey("core.Region", on_delete=models.CASCADE, related_name="+")
    slug = models.SlugField(_("short name in the address"), max_length=80)
    name = models.CharField(_("business name"), max_length=160)
    description = models.TextField(_("description (Indonesian)"), max_length=3000, blank=True)
    description_en = models.TextField(_("description (English)"), max_length=3000, blank=True)
    category = models.CharField(_("category"), max_length=40)
    # Digits only, 62… (Indonesian mobile); shown as a wa.me link only when contact_public.
    whatsapp = models.CharField(_("business WhatsApp number"), max_length=16, blank=True)
    contact_public = models.BooleanField(
        _("the business asked to publish this number"), default=False
    )
    address = models.CharField(_("address"), max_length=240, blank=True)
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lng = models.FloatField(_("longitude"), null=True, blank=True)
    halal_number = models.CharField(_("halal certificate number"), max_length=60, blank=True)
    pirt_number = models.CharField(_("PIRT number"), max_length=40, blank=True)
    agency = models.ForeignKey(
        "core.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("curating agency")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "slug"], name="agenda_business_slug")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def text(self) -> str:
        return _pick(self.description, self.description_en)

    @property
    def whatsapp_url(self) -> str:
        if not (self.contact_public and self.whatsapp):
            return ""
        return f"https://wa.me/{self.whatsapp}"


class Product(Photographed):
    tenancy_public_read: ClassVar[bool] = True
    tenancy_staff_write: ClassVar[bool] = True

    region = models.ForeignKey("core.Region", on_delete=models.CASCADE, related_name="+")
    business = models.ForeignKey(Business, on_delete=models.CASCADE, related_name="products")
    name = models.CharField(_("product name"), max_length=160)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    price = models.PositiveIntegerField(_("price (Rp)"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
