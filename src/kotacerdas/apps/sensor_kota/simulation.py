"""Realistic synthetic readings for the demo history and the simulator.

PM2.5 follows the city's day: low before dawn, peaks with the morning and evening traffic
(WIB). A river sits near its base level until a rain event, then rises over a few hours
towards a crest, enough to reach Siaga at the demo's gauges, and recedes.
"""

from __future__ import annotations

import math
import random

HOUR = 3600.0
WIB = 7 * HOUR


def _hour_wib(epoch_s: float) -> float:
    return ((epoch_s + WIB) % 86400) / HOUR


def pm25(epoch_s: float, base: float, rng: random.Random) -> float:
    h = _hour_wib(epoch_s)
    rush = 22 * math.exp(-((h - 7.5) ** 2) / 2.5) + 18 * math.exp(-((h - 19) ** 2) / 3)
    return max(1.0, base + rush + rng.gauss(0, 2.5))


def scaled(pm: float, factor: float, rng: random.Random) -> float:
    return max(0.0, pm * factor * (1 + rng.gauss(0, 0.05)))


def rain_mm(epoch_s: float, event_start: float | None, rng: random.Random) -> float:
    """Rain per 5 minutes: a three-hour storm from ``event_start``, else nearly dry."""
    if event_start is not None and 0 <= epoch_s - event_start <= 3 * HOUR:
        return max(0.0, 6 + rng.gauss(0, 2))
    return 0.0 if rng.random() > 0.03 else round(rng.random() * 0.6, 1)


def river_cm(
    epoch_s: float, base: float, crest: float, event_start: float | None, rng: random.Random
) -> float:
    """Level with a crest ``crest`` cm above base about four hours after the rain starts."""
    level = base + 3 * math.sin(epoch_s / (6 * HOUR))
    if event_start is not None and epoch_s >= event_start:
        dt = (epoch_s - event_start) / HOUR
        if dt < 36:  # (t/T)² e^{2(1−t/T)} peaks at 1 when t = T = 4 h
            level += crest * (dt / 4) ** 2 * math.exp(2 * (1 - dt / 4))
    return round(level + rng.gauss(0, 0.4), 1)


def temperature(epoch_s: float, rng: random.Random) -> float:
    h = _hour_wib(epoch_s)
    return round(27 + 5 * math.sin((h - 9) / 24 * 2 * math.pi) + rng.gauss(0, 0.3), 1)


def humidity(epoch_s: float, rng: random.Random) -> float:
    h = _hour_wib(epoch_s)
    return round(min(100.0, 75 - 15 * math.sin((h - 9) / 24 * 2 * math.pi) + rng.gauss(0, 1)), 1)


def reading(
    quantity: str, epoch_s: float, base: float, event_start: float | None, rng: random.Random
) -> float:
    """One plausible value of ``quantity`` at ``epoch_s`` for a station with ``base``."""
    if quantity == "water_level":
        return river_cm(epoch_s, base, 75 + base * 0.4, event_start, rng)
    if quantity == "rainfall":
        return rain_mm(epoch_s, event_start, rng)
    if quantity == "temperature":
        return temperature(epoch_s, rng)
    if quantity == "humidity":
        return humidity(epoch_s, rng)
    pm = pm25(epoch_s, base, rng)
    factor = {"pm25": 1.0, "pm10": 1.7, "co": 45.0, "o3": 2.2, "no2": 1.1, "so2": 0.8, "hc": 1.2}
    return round(scaled(pm, factor.get(quantity, 1.0), rng), 1)
