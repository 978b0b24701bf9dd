"""The configuration a region runs Sensor Kota with: the JSON Schema (2020-12, defaults
included; validation, forms and the catalog's merges) and the typed object the platform
builds from a validated configuration (``ctx.config``).

ISPU breakpoints, averaging windows and the flood level scheme vary between sources and
regions (domain.md), so they live here with the published values as defaults. A gauge's own
thresholds are station data (``Station.flood_thresholds_cm``, set in the console); the
configuration holds only the region's defaults for gauges without their own.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import Field

from kotacerdas.apps.sensor_kota.quantities import AIR_QUANTITIES
from kotacerdas.contract import AppConfig, Severity

# Concentrations (µg/m³) at ISPU 0 / 50 / 100 / 200 / 300 / 500 (Permen LHK P.14/2020).
BREAKPOINTS: dict[str, list[float]] = {
    "pm10": [0, 50, 150, 350, 420, 500],
    "pm25": [0, 15.5, 55.4, 150.4, 250.4, 500],
    "so2": [0, 52, 180, 400, 800, 1200],
    "co": [0, 4000, 8000, 15000, 30000, 45000],
    "o3": [0, 120, 235, 400, 800, 1000],
    "no2": [0, 80, 200, 1130, 2260, 3000],
    "hc": [0, 45, 100, 215, 432, 648],
}
ISPU_LEVELS = [0, 50, 100, 200, 300, 500]
# Hours each parameter is averaged over before its sub-index is computed.
AVERAGING_HOURS = {"pm10": 24, "pm25": 24, "so2": 24, "co": 8, "o3": 8, "no2": 1, "hc": 3}
CATEGORIES: list[dict[str, Any]] = [
    {"key": "baik", "label": "Baik", "max": 50, "colour": "#2e9d4a"},
    {"key": "sedang", "label": "Sedang", "max": 100, "colour": "#1f6fd1"},
    {"key": "tidak_sehat", "label": "Tidak Sehat", "max": 200, "colour": "#f2c200"},
    {"key": "sangat_tidak_sehat", "label": "Sangat Tidak Sehat", "max": 300, "colour": "#d7261e"},
    {"key": "berbahaya", "label": "Berbahaya", "max": 100000, "colour": "#111111"},
]
# Ordered from calm to worst; each level after the first has a per-station threshold (cm).
FLOOD_LEVELS: list[dict[str, Any]] = [
    {"key": "normal", "label": "Normal", "colour": "#2e9d4a", "severity": "info"},
    {"key": "waspada", "label": "Waspada", "colour": "#f2c200", "severity": "warning"},
    {"key": "siaga", "label": "Siaga", "colour": "#f08a00", "severity": "warning"},
    {"key": "awas", "label": "Awas", "colour": "#d7261e", "severity": "critical"},
]
DEFAULT_THRESHOLDS: dict[str, float] = {"waspada": 60, "siaga": 100, "awas": 200}

_number_list = {"type": "array", "items": {"type": "number", "minimum": 0}}
_level = {
    "type": "object",
    "x-kotacerdas-label": {"id": "Tingkat banjir", "en": "Flood level"},
    "required": ["key", "label"],
    "properties": {
        "key": {
            "type": "string",
            "pattern": "^[a-z][a-z0-9_]*$",
            "x-kotacerdas-label": {"id": "Kode", "en": "Key"},
        },
        "label": {
            "type": "string",
            "minLength": 1,
            "x-kotacerdas-label": {"id": "Nama", "en": "Name"},
        },
        "colour": {
            "type": "string",
            "pattern": "^#[0-9a-fA-F]{6}$",
            "x-kotacerdas-label": {"id": "Warna", "en": "Colour"},
        },
        "severity": {
            "enum": ["info", "warning", "critical"],
            "x-kotacerdas-label": {"id": "Tingkat peringatan", "en": "Alert severity"},
        },
    },
}
_thresholds = {"type": "object", "additionalProperties": {"type": "number"}}

SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "ispu_breakpoints": {
            "type": "object",
            "x-kotacerdas-label": {"id": "Titik batas ISPU", "en": "ISPU breakpoints"},
            "default": BREAKPOINTS,
            "properties": {
                q: {**_number_list, "minItems": 6, "maxItems": 6} for q in AIR_QUANTITIES
            },
            "additionalProperties": False,
        },
        "ispu_averaging_hours": {
            "type": "object",
            "x-kotacerdas-label": {"id": "Jam rata-rata ISPU", "en": "ISPU averaging hours"},
            "x-kotacerdas-unit": "hours",
            "default": AVERAGING_HOURS,
            "additionalProperties": {"type": "integer", "minimum": 1, "maximum": 72},
        },
        "ispu_categories": {
            "type": "array",
            "x-kotacerdas-label": {"id": "Kategori ISPU", "en": "ISPU categories"},
            "default": CATEGORIES,
            "minItems": 1,
            "items": {
                "type": "object",
                "x-kotacerdas-label": {"id": "Kategori ISPU", "en": "ISPU category"},
                "required": ["key", "label", "max", "colour"],
                "properties": {
                    "key": {"type": "string", "x-kotacerdas-label": {"id": "Kode", "en": "Key"}},
                    "label": {"type": "string", "x-kotacerdas-label": {"id": "Nama", "en": "Name"}},
                    "max": {
                        "type": "number",
                        "x-kotacerdas-label": {"id": "Batas atas", "en": "Upper bound"},
                    },
                    "colour": {
                        "type": "string",
                        "pattern": "^#[0-9a-fA-F]{6}$",
                        "x-kotacerdas-label": {"id": "Warna", "en": "Colour"},
                    },
                },
            },
        },
        "flood_levels": {
            "type": "array",
            "minItems": 2,
            "default": FLOOD_LEVELS,
            "items": _level,
            "x-kotacerdas-label": {"id": "Tingkat banjir", "en": "Flood levels"},
        },
        "flood_default_thresholds_cm": {
            "default": DEFAULT_THRESHOLDS,
            **_thresholds,
            "x-kotacerdas-label": {"id": "Ambang banjir bawaan", "en": "Default flood thresholds"},
            "x-kotacerdas-unit": "cm",
        },
        "threshold_rules": {
            "type": "array",
            "x-kotacerdas-label": {"id": "Aturan ambang", "en": "Threshold rules"},
            "default": [{"quantity": "rainfall", "above": 50, "severity": "warning"}],
            "items": {
                "type": "object",
                "x-kotacerdas-label": {"id": "Aturan ambang", "en": "Threshold rule"},
                "required": ["quantity", "severity"],
                "properties": {
                    "quantity": {
                        "type": "string",
                        "x-kotacerdas-label": {"id": "Besaran", "en": "Quantity"},
                    },
                    "above": {
                        "type": "number",
                        "x-kotacerdas-label": {"id": "Di atas", "en": "Above"},
                    },
                    "below": {
                        "type": "number",
                        "x-kotacerdas-label": {"id": "Di bawah", "en": "Below"},
                    },
                    "severity": {
                        "enum": ["info", "warning", "critical"],
                        "x-kotacerdas-label": {"id": "Tingkat peringatan", "en": "Alert severity"},
                    },
                },
            },
        },
        "rate_of_rise_rules": {
            "type": "array",
            "x-kotacerdas-label": {"id": "Aturan laju kenaikan", "en": "Rate-of-rise rules"},
            "default": [{"quantity": "water_level", "per_hour": 40, "severity": "warning"}],
            "items": {
                "type": "object",
                "x-kotacerdas-label": {"id": "Aturan laju kenaikan", "en": "Rate-of-rise rule"},
                "required": ["quantity", "per_hour", "severity"],
                "properties": {
                    "quantity": {
                        "type": "string",
                        "x-kotacerdas-label": {"id": "Besaran", "en": "Quantity"},
                    },
                    "per_hour": {
                        "type": "number",
                        "exclusiveMinimum": 0,
                        "x-kotacerdas-label": {"id": "Per jam", "en": "Per hour"},
                    },
                    "severity": {
                        "enum": ["info", "warning", "critical"],
                        "x-kotacerdas-label": {"id": "Tingkat peringatan", "en": "Alert severity"},
                    },
                },
            },
        },
        "staleness_factor": {
            "type": "number",
            "minimum": 1,
            "default": 3,
            "x-kotacerdas-label": {"id": "Faktor data terlambat", "en": "Staleness factor"},
        },
        "raw_retention_days": {
            "type": "integer",
            "minimum": 1,
            "default": 400,
            "x-kotacerdas-label": {"id": "Simpan data mentah", "en": "Keep raw readings for"},
            "x-kotacerdas-unit": "days",
        },
        # Policy with mapping: the adopter maps the publisher's BPBD and DLH to its own.
        "flood_agency": {
            "type": "string",
            "default": "bpbd",
            "x-kotacerdas-ref": "agency",
            "x-kotacerdas-label": {"id": "Instansi banjir", "en": "Flood agency"},
        },
        "air_agency": {
            "type": "string",
            "default": "dlh",
            "x-kotacerdas-ref": "agency",
            "x-kotacerdas-label": {"id": "Instansi kualitas udara", "en": "Air quality agency"},
        },
        # The region's own contact addresses: local.
        "alert_emails": {
            "type": "array",
            "x-kotacerdas-local": True,
            "x-kotacerdas-label": {"id": "Email peringatan", "en": "Alert e-mails"},
            "default": [],
            "items": {"type": "string", "format": "email"},
        },
    },
}


class IspuCategory(AppConfig):
    """One ISPU band: readings up to ``max`` fall in it."""

    key: str
    label: str
    max: float
    colour: str


class FloodLevelConfig(AppConfig):
    """One step of the flood scheme, calm first; its threshold is per station (cm)."""

    key: str
    label: str
    colour: str = "#888888"
    severity: Severity = Severity.WARNING


class ThresholdRule(AppConfig):
    quantity: str
    above: float | None = None
    below: float | None = None
    severity: Severity


class RateOfRiseRule(AppConfig):
    quantity: str
    per_hour: float
    severity: Severity


def _default(key: str) -> Any:
    return SCHEMA["properties"][key]["default"]


class SensorKotaConfig(AppConfig):
    """The typed configuration; defaults are the schema's (the platform fills them first)."""

    ispu_breakpoints: dict[str, tuple[float, ...]] = Field(
        default_factory=lambda: _default("ispu_breakpoints")
    )
    ispu_averaging_hours: dict[str, int] = Field(
        default_factory=lambda: _default("ispu_averaging_hours")
    )
    ispu_categories: tuple[IspuCategory, ...] = Field(
        default_factory=lambda: tuple(IspuCategory(**c) for c in CATEGORIES)
    )
    flood_levels: tuple[FloodLevelConfig, ...] = Field(
        default_factory=lambda: tuple(FloodLevelConfig(**lvl) for lvl in FLOOD_LEVELS)
    )
    flood_default_thresholds_cm: dict[str, float] = Field(
        default_factory=lambda: dict(DEFAULT_THRESHOLDS)
    )
    threshold_rules: tuple[ThresholdRule, ...] = Field(
        default_factory=lambda: tuple(ThresholdRule(**r) for r in _default("threshold_rules"))
    )
    rate_of_rise_rules: tuple[RateOfRiseRule, ...] = Field(
        default_factory=lambda: tuple(RateOfRiseRule(**r) for r in _default("rate_of_rise_rules"))
    )
    staleness_factor: float = 3
    raw_retention_days: int = 400
    flood_agency: str = "bpbd"
    air_agency: str = "dlh"
    alert_emails: tuple[str, ...] = ()

    def thresholds_for(self, own: Mapping[str, float] | None) -> dict[str, float]:
        """A water-level station's thresholds (cm): its own (``Station.flood_thresholds_cm``,
        set in the console), else the region's defaults."""
        return dict(own or self.flood_default_thresholds_cm or DEFAULT_THRESHOLDS)


def typed_config(stored: dict[str, Any]) -> SensorKotaConfig:
    """A stored configuration validated (defaults filled) and typed, for the code that has
    no app context (the MQTT worker, global storage jobs); ``ConfigInvalid`` when broken."""
    from kotacerdas.core.services.config_schema import validate_config

    return SensorKotaConfig.model_validate(validate_config(SCHEMA, stored))
