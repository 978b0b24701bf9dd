"""The one check of a station's data, for the console form and the CSV import alike.

A Django form, so the console shows each message next to its field and the import reports
the same message with the row and the column. Numbers are read as written (a decimal point,
or an Indonesian decimal comma), never through the display locale.
"""

from __future__ import annotations

import math
import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kotacerdas.apps.sensor_kota import store
from kotacerdas.apps.sensor_kota.config import SensorKotaConfig
from kotacerdas.apps.sensor_kota.derive.flood import levels
from kotacerdas.apps.sensor_kota.models import Sensor, Station
from kotacerdas.apps.sensor_kota.quantities import AIR_QUANTITIES, QUANTITIES, QUANTITY_CHOICES
from kotacerdas.apps.sensor_kota.services.stations import sensor_code
from kotacerdas.contract import AppContext
from kotacerdas.core.models import Agency

Ctx = AppContext[SensorKotaConfig]
CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# Words the console's own URLs use under ``stasiun/``.
RESERVED_CODES = frozenset({"baru", "impor"})
MIN_INTERVAL, MAX_INTERVAL = 10, 7 * 86_400
WATER_LEVEL = QUANTITIES["water_level"]


class PlainNumberField(forms.FloatField):
    """A finite number as typed: ``-6.99`` or ``-6,99``; never the page locale's format."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("localize", False)
        super().__init__(*args, **kwargs)
        self.widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})

    def to_python(self, value: Any) -> float | None:  # type: ignore[override]
        if isinstance(value, str):
            value = value.strip()
            if "," in value and "." not in value:
                value = value.replace(",", ".")
            if len(value) > 40:
                raise ValidationError(_("Enter a number."), code="invalid")
        number = super().to_python(value)
        if number is not None and not math.isfinite(number):
            raise ValidationError(_("Enter a number."), code="invalid")
        return number

    def prepare_value(self, value: Any) -> Any:
        # The value written back into the field is never locale-formatted (-6.99, not -6,99).
        return repr(value) if isinstance(value, float) else value


def threshold_field(key: str) -> str:
    return f"{key}_cm"


class StationForm(forms.Form):
    code = forms.SlugField(
        label=gettext_lazy("Code"),
        max_length=60,
        help_text=gettext_lazy(
            "Lower-case letters, digits and hyphens, such as kali-garang; loggers and the "
            "station's address use it, so it cannot change later."
        ),
    )
    name = forms.CharField(label=gettext_lazy("Name"), max_length=200)
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=Station.Kind.choices)
    agency = forms.ChoiceField(label=gettext_lazy("Agency"), required=False)
    lat = PlainNumberField(
        label=gettext_lazy("Latitude"), help_text=gettext_lazy("Such as -6.99 (south is negative).")
    )
    lng = PlainNumberField(
        label=gettext_lazy("Longitude"), help_text=gettext_lazy("Such as 110.42.")
    )
    quantities = forms.MultipleChoiceField(
        label=gettext_lazy("Quantities measured"),
        choices=QUANTITY_CHOICES,
        widget=forms.CheckboxSelectMultiple,
    )
    interval_seconds = forms.IntegerField(
        label=gettext_lazy("Expected reporting interval (seconds)"),
        min_value=MIN_INTERVAL,
        max_value=MAX_INTERVAL,
        initial=60,
        help_text=gettext_lazy("A sensor silent for three times this long raises a staff alert."),
    )
    public = forms.BooleanField(
        label=gettext_lazy("Public (shown to citizens)"), required=False, initial=True
    )
    show_ispu = forms.BooleanField(
        label=gettext_lazy("Show the ISPU of this station"),
        required=False,
        initial=True,
        help_text=gettext_lazy(
            "Turn off for an indicative monitor whose readings should be shown only as "
            "concentrations."
        ),
    )

    def __init__(self, *args: Any, ctx: Ctx, station: Station | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.ctx, self.station = ctx, station
        self.levels = levels(ctx.config)[1:]
        agencies = Agency.objects.scoped(ctx.scope).filter(region=ctx.region)
        if not ctx.is_admin:  # agency staff place stations of their own agencies only
            agencies = agencies.filter(pk__in=ctx.agencies)
        self.agencies = {a.slug: a for a in agencies}
        blank = [("", _("none"))] if ctx.is_admin else []
        agency = self.fields["agency"]
        assert isinstance(agency, forms.ChoiceField)
        agency.choices = blank + [(a.slug, a.short_name or a.name) for a in self.agencies.values()]
        agency.required = not ctx.is_admin
        for level in self.levels:
            self.fields[threshold_field(level.key)] = PlainNumberField(
                label=_("%(level)s threshold (cm)") % {"level": level.label},
                required=False,
            )
        if station is not None:
            self.fields["code"].disabled = True
            self.fields["code"].help_text = ""
            self.initial.update(initial_of(station))

    def threshold_names(self) -> list[str]:
        return [threshold_field(level.key) for level in self.levels]

    def threshold_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.threshold_names()]

    def clean_code(self) -> str:
        code: str = self.cleaned_data["code"]
        if self.station is not None:
            return self.station.code
        if code in RESERVED_CODES:
            raise ValidationError(_("This code is reserved; choose another."))
        taken = Station.objects.scoped(self.ctx.scope).filter(region=self.ctx.region, code=code)
        if taken.exists():
            raise ValidationError(_("This region already has a station with this code."))
        return code

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"]
        if CONTROL.search(name):
            raise ValidationError(_("The name holds a control character."))
        return name

    def clean_agency(self) -> Agency | None:
        slug = self.cleaned_data.get("agency") or ""
        return self.agencies.get(slug) if slug else None

    def clean_lat(self) -> float:
        lat: float = self.cleaned_data["lat"]
        if not -90 <= lat <= 90:
            raise ValidationError(_("A latitude is between -90 and 90."))
        return lat

    def clean_lng(self) -> float:
        lng: float = self.cleaned_data["lng"]
        if not -180 <= lng <= 180:
            raise ValidationError(_("A longitude is between -180 and 180."))
        return lng

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        lat, lng = data.get("lat"), data.get("lng")
        if lat is not None and lng is not None and not self.ctx.region.contains(lat, lng):
            self.add_error(
                "lat",
                _("This place is outside %(region)s; check the latitude and longitude.")
                % {"region": self.ctx.region.name},
            )
        kind, quantities = data.get("kind"), data.get("quantities")
        if kind and quantities is not None:
            self._check_quantities(kind, quantities)
        code = data.get("code")
        if code and quantities and self.station is None:
            self._check_sensor_codes(code, quantities)
        data["thresholds"] = self._thresholds(kind) if kind == Station.Kind.WATER else {}
        return data

    def _check_quantities(self, kind: str, quantities: list[str]) -> None:
        if kind == Station.Kind.WATER and "water_level" not in quantities:
            self.add_error("quantities", _("A water-level station measures the water level."))
        if kind == Station.Kind.AIR and not set(quantities) & set(AIR_QUANTITIES):
            self.add_error(
                "quantities",
                _(
                    "An air-quality station measures at least one ISPU parameter (PM2.5, PM10, "
                    "SO₂, CO, O₃, NO₂, HC). A river gauge is of the kind water level."
                ),
            )
        if self.station is None:
            return
        gone = Sensor.objects.scoped(self.ctx.scope).filter(station=self.station)
        gone = gone.exclude(quantity__in=quantities)
        with_data = [s for s in gone if store.latest([s.pk])]
        if with_data:
            self.add_error(
                "quantities",
                _(
                    "%(quantities)s already has readings and cannot be removed; retire the "
                    "station instead."
                )
                % {"quantities": ", ".join(str(s.get_quantity_display()) for s in with_data)},
            )

    def _check_sensor_codes(self, code: str, quantities: list[str]) -> None:
        # Sensors are named after their station (kali-garang-water-level); a sensor of
        # another station may already carry the name.
        wanted = [sensor_code(code, q) for q in quantities]
        taken = Sensor.objects.scoped(self.ctx.scope).filter(region=self.ctx.region)
        clash = list(taken.filter(code__in=wanted).values_list("code", flat=True))
        if clash:
            self.add_error(
                "code",
                _("A sensor named %(sensor)s already exists here; choose another code.")
                % {"sensor": clash[0]},
            )

    def _thresholds(self, kind: str | None) -> dict[str, float]:
        given = {
            level.key: self.cleaned_data.get(threshold_field(level.key)) for level in self.levels
        }
        if all(v is None for v in given.values()):
            return {}  # the region's default thresholds apply
        missing = [lvl for lvl in self.levels if given[lvl.key] is None]
        for level in missing:
            self.add_error(
                threshold_field(level.key),
                _("Give every level's threshold, or none to use the region's defaults."),
            )
        previous: tuple[str, float] | None = None
        for level in self.levels:
            value = given[level.key]
            if value is None:
                continue
            if not WATER_LEVEL.low <= value <= WATER_LEVEL.high:
                self.add_error(
                    threshold_field(level.key),
                    _("A threshold is between %(low)d and %(high)d cm.")
                    % {"low": WATER_LEVEL.low, "high": WATER_LEVEL.high},
                )
            elif previous is not None and value <= previous[1]:
                self.add_error(
                    threshold_field(level.key),
                    _("Must be higher than the %(level)s threshold (%(cm)s cm).")
                    % {"level": previous[0], "cm": f"{previous[1]:g}"},
                )
            previous = (level.label, value)
        return {k: float(v) for k, v in given.items() if v is not None}


def initial_of(station: Station) -> dict[str, Any]:
    sensors = Sensor.objects.unscoped("sensors of a station already scoped").filter(station=station)
    intervals = [s.interval_seconds for s in sensors]
    values: dict[str, Any] = {
        "code": station.code,
        "name": station.name,
        "kind": station.kind,
        "agency": station.agency.slug if station.agency else "",
        "lat": station.lat,
        "lng": station.lng,
        "quantities": [s.quantity for s in sensors],
        "interval_seconds": min(intervals) if intervals else 60,
        "public": station.public,
        "show_ispu": station.show_ispu,
    }
    for key, cm in (station.flood_thresholds_cm or {}).items():
        values[threshold_field(key)] = cm
    return values
