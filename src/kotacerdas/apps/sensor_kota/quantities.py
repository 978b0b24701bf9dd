"""The quantities a sensor can measure: code, label and unit (issue 5, domain.md)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Quantity:
    code: str
    label: str | Promise
    unit: str
    # Plausible physical range: readings outside it are sensor faults, rejected as bad input.
    low: float
    high: float


QUANTITIES: dict[str, Quantity] = {
    q.code: q
    for q in [
        Quantity("water_level", _("Water level"), "cm", -1000, 10000),
        Quantity("rainfall", _("Rainfall"), "mm", 0, 1000),
        Quantity("pm25", "PM2.5", "µg/m³", 0, 5000),
        Quantity("pm10", "PM10", "µg/m³", 0, 5000),
        Quantity("so2", "SO₂", "µg/m³", 0, 10000),
        Quantity("co", "CO", "µg/m³", 0, 200000),
        Quantity("o3", "O₃", "µg/m³", 0, 10000),
        Quantity("no2", "NO₂", "µg/m³", 0, 10000),
        Quantity("hc", "HC", "µg/m³", 0, 10000),
        Quantity("temperature", _("Temperature"), "°C", -50, 80),
        Quantity("humidity", _("Humidity"), "%", 0, 100),
    ]
}
# The ISPU parameters, in the order of Permen LHK P.14/2020.
AIR_QUANTITIES = ("pm10", "pm25", "so2", "co", "o3", "no2", "hc")
QUANTITY_CHOICES = [(q.code, q.label) for q in QUANTITIES.values()]
