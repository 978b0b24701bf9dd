"""The registry of facilities, their beds per room class now, the history of every update,
and the daily rollup that open data and KPIs read."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kotacerdas.apps.fasilitas_kesehatan.vocab import HospitalClass, Kind, Owner, RoomClass
from kotacerdas.core.tenancy import RegionOwned


class Source(models.TextChoices):
    FORM = "form", _("Update screen")
    API = "api", _("API")
    DEMO = "demo", _("Demo data")


class Facility(RegionOwned):
    """A hospital, puskesmas, clinic or lab of the region. Public reference data.

    ``agency`` is the facility's own agency (an OPD row of the core, one per facility):
    its staff are the facility's officers and may update only this facility's beds.
    Staff scopes may write rows (Dinkes edits the registry); ``services/registry.py``
    allows it only to Dinkes and the region admin.
    """

    tenancy_public_read: ClassVar[bool] = True
    tenancy_staff_write: ClassVar[bool] = True

    region = models.ForeignKey("core.Region", on_delete=models.CASCADE, related_name="+")
    slug = models.SlugField(_("short code"), max_length=60)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("type"), max_length=12, choices=Kind.choices)
    kemenkes_code = models.CharField(_("Kemenkes code"), max_length=20, blank=True)
    hospital_class = models.CharField(
        _("hospital class"), max_length=1, choices=HospitalClass.choices, blank=True
    )
    owner = models.CharField(_("owner"), max_length=12, choices=Owner.choices)
    address = models.CharField(_("address"), max_length=300, blank=True)
    district = models.CharField(_("kecamatan"), max_length=80, blank=True)
    # Kemendagri codes without dots: kecamatan (6 digits) and kelurahan/desa (10 digits).
    district_code = models.CharField(_("kecamatan code"), max_length=6, blank=True)
    village_code = models.CharField(_("kelurahan code"), max_length=10, blank=True)
    lat = models.FloatField(_("latitude"))
    lng = models.FloatField(_("longitude"))
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    igd_24h = models.BooleanField(_("24-hour emergency department"), default=False)
    services = models.JSONField(_("services"), default=list, blank=True)
    opening_hours = models.CharField(_("opening hours"), max_length=120, blank=True)
    accepts_bpjs = models.BooleanField(_("accepts BPJS"), default=True)
    agency = models.ForeignKey(
        "core.Agency", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    is_active = models.BooleanField(_("active"), default=True)
    # When the beds were last reported (any class): the finder's and the stale check's clock.
    beds_updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("health facility")
        verbose_name_plural = _("health facilities")
        constraints = [
            models.UniqueConstraint(fields=["region", "slug"], name="faskes_slug_per_region")
        ]

    def __str__(self) -> str:
        return self.name


class Beds(RegionOwned):
    """One facility's beds of one room class now. ``free_male``/``free_female`` are set
    only where the room is split by sex (then they add up to ``free``)."""

    tenancy_public_read: ClassVar[bool] = True
    tenancy_staff_write: ClassVar[bool] = True

    region = models.ForeignKey("core.Region", on_delete=models.CASCADE, related_name="+")
    facility = models.ForeignKey(Facility, on_delete=models.CASCADE, related_name="beds")
    room_class = models.CharField(_("room class"), max_length=10, choices=RoomClass.choices)
    total = models.PositiveIntegerField(_("total"), default=0)
    occupied = models.PositiveIntegerField(_("occupied"), default=0)
    free = models.PositiveIntegerField(pgettext_lazy("beds", "free"), default=0)
    free_male = models.PositiveIntegerField(_("free, male"), null=True, blank=True)
    free_female = models.PositiveIntegerField(_("free, female"), null=True, blank=True)
    waiting = models.PositiveIntegerField(_("waiting"), default=0)
    updated_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["facility", "room_class"], name="faskes_beds_once")
        ]
        indexes = [models.Index(fields=["region", "room_class", "free"], name="faskes_beds_free")]


class BedReport(RegionOwned):
    """Every update of one class, kept as history (who, when, how)."""

    tenancy_staff_write: ClassVar[bool] = True

    region = models.ForeignKey("core.Region", on_delete=models.CASCADE, related_name="+")
    facility = models.ForeignKey(Facility, on_delete=models.CASCADE, related_name="+")
    room_class = models.CharField(max_length=10, choices=RoomClass.choices)
    total = models.PositiveIntegerField()
    occupied = models.PositiveIntegerField()
    free = models.PositiveIntegerField()
    free_male = models.PositiveIntegerField(null=True, blank=True)
    free_female = models.PositiveIntegerField(null=True, blank=True)
    waiting = models.PositiveIntegerField()
    source = models.CharField(max_length=8, choices=Source.choices)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reported_at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["region", "reported_at"], name="faskes_report_time"),
            models.Index(fields=["facility", "reported_at"], name="faskes_report_fac"),
        ]


class DailyBeds(RegionOwned):
    """The daily rollup of one facility's class: what open data and the KPIs' previous
    period read (no personal data: counts only)."""

    tenancy_public_read: ClassVar[bool] = True
    tenancy_staff_write: ClassVar[bool] = True

    region = models.ForeignKey("core.Region", on_delete=models.CASCADE, related_name="+")
    facility = models.ForeignKey(Facility, on_delete=models.CASCADE, related_name="+")
    room_class = models.CharField(max_length=10, choices=RoomClass.choices)
    day = models.DateField()
    total = models.PositiveIntegerField()
    occupied_max = models.PositiveIntegerField()
    occupied_avg = models.FloatField()
    free_min = models.PositiveIntegerField()
    free_last = models.PositiveIntegerField()
    waiting_max = models.PositiveIntegerField()
    reports = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["facility", "room_class", "day"], name="faskes_daily_once"
            )
        ]
        indexes = [models.Index(fields=["region", "day"], name="faskes_daily_day")]
