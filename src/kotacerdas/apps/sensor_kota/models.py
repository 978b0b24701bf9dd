"""The sensor registry (stations, sensors) and the readings store's tables; ingest keys
are core API keys of the app (``services/keys.py``).

Readings and rollups are written and read only by :mod:`kotacerdas.apps.sensor_kota.store`
with raw SQL; their models exist so migrations create the tables and test flushes empty them.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from kotacerdas.apps.sensor_kota.quantities import QUANTITY_CHOICES
from kotacerdas.core.tenancy import RegionOwned


class Station(RegionOwned):
    """A place with sensors: a river gauge, an air-quality monitor, a rain gauge."""

    tenancy_staff_write: ClassVar[bool] = True

    class Kind(models.TextChoices):
        AIR = "air", _("Air quality")
        WATER = "water", _("Water level")
        WEATHER = "weather", _("Weather")

    region = models.ForeignKey("core.Region", on_delete=models.CASCADE, related_name="+")
    agency = models.ForeignKey(
        "core.Agency",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("agency"),
    )
    code = models.SlugField(_("code"), max_length=60)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    lat = models.FloatField(_("latitude"))
    lng = models.FloatField(_("longitude"))
    # A private station (a pilot, a partner's logger) is seen only by its region's staff.
    public = models.BooleanField(_("public"), default=True)
    # Each gauge's own flood thresholds (level key → cm, e.g. {"waspada": 60, "siaga": 100,
    # "awas": 200}): station data, set in the console; empty means the region's defaults.
    flood_thresholds_cm = models.JSONField(_("flood thresholds (cm)"), default=dict, blank=True)
    # Whether pages show the station's ISPU (an indicative low-cost monitor may show only
    # its raw concentrations).
    show_ispu = models.BooleanField(_("show ISPU"), default=True)
    # A retired station keeps its history but leaves pages, maps, jobs and ingestion.
    retired_at = models.DateTimeField(_("retired"), null=True, blank=True)
    # Derived status, kept here so pages and map layers read one row per station.
    ispu = models.IntegerField(null=True, blank=True)
    ispu_category = models.CharField(max_length=30, blank=True)
    critical_pollutant = models.CharField(max_length=10, blank=True)
    flood_level = models.CharField(max_length=30, blank=True)
    status_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["region_id", "code"]
        verbose_name = _("station")
        verbose_name_plural = _("stations")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "code"], name="sensor_station_code_per_region"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Sensor(RegionOwned):
    """One measured quantity at a station, expected every ``interval_seconds``."""

    tenancy_staff_write: ClassVar[bool] = True

    region = models.ForeignKey("core.Region", on_delete=models.CASCADE, related_name="+")
    station = models.ForeignKey(Station, on_delete=models.CASCADE, related_name="sensors")
    code = models.SlugField(_("code"), max_length=80)
    quantity = models.CharField(_("quantity"), max_length=20, choices=QUANTITY_CHOICES)
    unit = models.CharField(_("unit"), max_length=20)
    interval_seconds = models.PositiveIntegerField(_("expected interval (seconds)"), default=60)

    class Meta:
        ordering = ["station_id", "quantity"]
        verbose_name = _("sensor")
        verbose_name_plural = _("sensors")
        constraints = [
            models.UniqueConstraint(fields=["region", "code"], name="sensor_code_per_region"),
            models.UniqueConstraint(
                fields=["station", "quantity"], name="sensor_quantity_per_station"
            ),
        ]

    def __str__(self) -> str:
        return self.code


class Reading(models.Model):
    """Raw readings; ``ts`` is epoch milliseconds UTC. Written by the store only."""

    pk = models.CompositePrimaryKey("sensor_id", "ts")
    sensor_id = models.BigIntegerField()
    ts = models.BigIntegerField()
    value = models.FloatField()

    class Meta:
        db_table = "sensor_kota_reading"

    def __str__(self) -> str:
        return f"{self.sensor_id}@{self.ts}"


class _Rollup(models.Model):
    pk = models.CompositePrimaryKey("sensor_id", "bucket")
    sensor_id = models.BigIntegerField()
    bucket = models.BigIntegerField()
    n = models.BigIntegerField()
    vmin = models.FloatField()
    vmax = models.FloatField()
    vsum = models.FloatField()
    vlast = models.FloatField()
    last_ts = models.BigIntegerField()

    class Meta:
        abstract = True


class RollupMinute(_Rollup):
    class Meta:
        db_table = "sensor_kota_rollup_minute"

    def __str__(self) -> str:
        return f"{self.sensor_id}@{self.bucket}"


class RollupHour(_Rollup):
    class Meta:
        db_table = "sensor_kota_rollup_hour"

    def __str__(self) -> str:
        return f"{self.sensor_id}@{self.bucket}"


class RollupDay(_Rollup):
    class Meta:
        db_table = "sensor_kota_rollup_day"

    def __str__(self) -> str:
        return f"{self.sensor_id}@{self.bucket}"
