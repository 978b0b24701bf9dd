"""ISPU from domain.md's table: sub-index interpolation, critical pollutant, category."""

from __future__ import annotations

import pytest

from kotacerdas.apps.sensor_kota.config import BREAKPOINTS
from kotacerdas.apps.sensor_kota.derive.ispu import category, ispu, sub_index

# parameter, concentration (µg/m³), expected sub-index (rounded half up)
CASES = [
    ("pm25", 0, 0),
    ("pm25", 15.5, 50),
    ("pm25", 35.45, 75),  # halfway through the 15.5–55.4 band
    ("pm25", 55.4, 100),
    ("pm25", 102.9, 150),
    ("pm25", 150.4, 200),
    ("pm25", 250.4, 300),
    ("pm25", 500, 500),
    ("pm25", 900, 500),  # above the top breakpoint stays at the top
    ("pm10", 50, 50),
    ("pm10", 100, 75),
    ("pm10", 350, 200),
    ("pm10", 385, 250),
    ("so2", 52, 50),
    ("so2", 116, 75),
    ("co", 8000, 100),
    ("co", 11500, 150),
    ("o3", 235, 100),
    ("no2", 80, 50),
    ("no2", 665, 150),
    ("hc", 45, 50),
    ("hc", 648, 500),
]


@pytest.mark.parametrize(("parameter", "concentration", "expected"), CASES)
def test_sub_index_interpolates_inside_the_band(
    parameter: str, concentration: float, expected: int
) -> None:
    assert int(sub_index(concentration, BREAKPOINTS[parameter]) + 0.5) == expected


@pytest.mark.parametrize(
    ("value", "key", "label", "colour"),
    [
        (0, "baik", "Baik", "#2e9d4a"),
        (50, "baik", "Baik", "#2e9d4a"),
        (51, "sedang", "Sedang", "#1f6fd1"),
        (100, "sedang", "Sedang", "#1f6fd1"),
        (101, "tidak_sehat", "Tidak Sehat", "#f2c200"),
        (200, "tidak_sehat", "Tidak Sehat", "#f2c200"),
        (201, "sangat_tidak_sehat", "Sangat Tidak Sehat", "#d7261e"),
        (300, "sangat_tidak_sehat", "Sangat Tidak Sehat", "#d7261e"),
        (301, "berbahaya", "Berbahaya", "#111111"),
        (500, "berbahaya", "Berbahaya", "#111111"),
    ],
)
def test_category_and_colour_follow_the_regulation(
    value: int, key: str, label: str, colour: str
) -> None:
    found = category(value)
    assert (found.key, found.label, found.colour) == (key, label, colour)


def test_station_ispu_is_the_highest_sub_index_and_names_the_critical_pollutant() -> None:
    result = ispu({"pm25": 35.45, "pm10": 350, "co": 4000})
    assert result is not None
    assert (result.value, result.critical, result.category.key) == (200, "pm10", "tidak_sehat")
    assert result.sub_indices == {"pm25": 75, "pm10": 200, "co": 50}


def test_no_air_parameter_means_no_ispu() -> None:
    assert ispu({"temperature": 30}) is None


def test_configured_breakpoints_replace_the_defaults() -> None:
    stricter = {**BREAKPOINTS, "pm25": [0, 10, 40, 100, 200, 400]}
    result = ispu({"pm25": 40}, stricter)
    assert result is not None and result.value == 100
