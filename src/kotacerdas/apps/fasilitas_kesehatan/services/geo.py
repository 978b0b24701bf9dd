"""Distances on the earth: haversine, and the bounding box that prefilters a radius."""

from __future__ import annotations

import math

EARTH_KM = 6371.0088


def haversine_km(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(a)))


def bbox_around(lat: float, lng: float, km: float) -> tuple[float, float, float, float]:
    """(south, north, west, east) of a box that holds every point within ``km``."""
    dlat = km / 111.0
    dlng = km / (111.0 * max(0.01, math.cos(math.radians(lat))))
    return lat - dlat, lat + dlat, lng - dlng, lng + dlng


def parse_point(lat: object, lng: object) -> tuple[float, float] | None:
    """A (lat, lng) pair from untrusted text, or None when it is not a point on earth."""
    try:
        la, lo = float(str(lat)), float(str(lng))
    except ValueError:
        return None
    if not (math.isfinite(la) and math.isfinite(lo)) or not (-90 <= la <= 90 and -180 <= lo <= 180):
        return None
    return la, lo
