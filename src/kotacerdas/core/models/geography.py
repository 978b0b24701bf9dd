"""Province → Region (kota/kabupaten) → Agency (OPD), keyed by Kemendagri codes."""

from __future__ import annotations

from typing import Any, ClassVar

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from kotacerdas.core import geojson
from kotacerdas.core.tenancy import RegionOwned

province_code = RegexValidator(r"^\d{2}$", _("A province code has two digits, such as 33."))
region_code = RegexValidator(
    r"^\d{2}\.\d{2}$", _("A region code looks like 33.74 (province.region).")
)


class Province(models.Model):
    code = models.CharField(_("code"), max_length=2, unique=True, validators=[province_code])
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        ordering = ["code"]
        verbose_name = _("province")
        verbose_name_plural = _("provinces")

    def __str__(self) -> str:
        return self.name


class Region(models.Model):
    """A kota or kabupaten. Public reference data: its identity is never private."""

    class Kind(models.TextChoices):
        KOTA = "kota", _("City (kota)")
        KABUPATEN = "kabupaten", _("Regency (kabupaten)")

    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="regions", verbose_name=_("province")
    )
    code = models.CharField(_("code"), max_length=5, unique=True, validators=[region_code])
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    logo = models.FileField(_("logo"), upload_to="logos/", blank=True)
    tagline = models.CharField(_("tagline"), max_length=200, blank=True)
    centre_lat = models.FloatField(_("centre latitude"))
    centre_lng = models.FloatField(_("centre longitude"))
    # Bounding box (west, south, east, north) in WGS84 degrees: the map's extent, and
    # the first check that a reported location lies in the region.
    bbox_west = models.FloatField(_("west"))
    bbox_south = models.FloatField(_("south"))
    bbox_east = models.FloatField(_("east"))
    bbox_north = models.FloatField(_("north"))
    # The region's outline as a GeoJSON Polygon or MultiPolygon in WGS84 (validated by
    # core.geojson); when set, maps draw it and "inside the region" checks use it.
    boundary = models.JSONField(_("boundary"), null=True, blank=True)
    # False while the centre and extent are a placeholder (a region onboarded by code
    # without a place): the setup checklist asks the admin to set it on the map.
    place_confirmed = models.BooleanField(_("place confirmed"), default=True, db_default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return self.name

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (self.bbox_west, self.bbox_south, self.bbox_east, self.bbox_north)

    def contains(self, lat: float, lng: float) -> bool:
        """Whether a point lies in the region: in its boundary when it has one (a point in
        the bounding box's corners but outside the boundary is outside), else in its bbox."""
        if self.boundary:
            return geojson.contains(self.boundary, lat, lng)
        return self.bbox_south <= lat <= self.bbox_north and self.bbox_west <= lng <= self.bbox_east

    def outline(self) -> dict[str, Any]:
        """The GeoJSON geometry maps draw around the region: its boundary, or its bounding
        box as a Polygon when no boundary was uploaded."""
        if self.boundary:
            return dict(self.boundary)
        return geojson.bbox_polygon(self.bbox)


class Agency(RegionOwned):
    """An OPD (organisasi perangkat daerah) of one region."""

    tenancy_public_read: ClassVar[bool] = True

    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, related_name="agencies", verbose_name=_("region")
    )
    slug = models.SlugField(_("short code"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    # The first contact address; ``more_emails`` holds the others. Both receive the app
    # notifications meant for the agency (see ``notification_addresses``).
    email = models.EmailField(_("e-mail"), blank=True)
    more_emails = models.JSONField(_("more e-mail addresses"), default=list, blank=True)
    # Inactive agencies leave the dropdowns but stay on the records that name them.
    is_active = models.BooleanField(_("active"), default=True, db_default=True)

    class Meta:
        ordering = ["region__code", "name"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        constraints = [
            models.UniqueConstraint(fields=["region", "slug"], name="agency_slug_per_region")
        ]

    def __str__(self) -> str:
        return self.short_name or self.name

    def contact_addresses(self) -> list[str]:
        """The agency's contact addresses, in order, without repeats."""
        seen: dict[str, str] = {}
        for address in [self.email, *(self.more_emails or [])]:
            address = str(address).strip()
            if address:
                seen.setdefault(address.lower(), address)
        return list(seen.values())

    def notification_addresses(self) -> list[str]:
        """Every address that receives the app notifications meant for this agency;
        empty while the agency is inactive."""
        return self.contact_addresses() if self.is_active else []
