"""Shared by the page views: the region and its settings, the map's settings."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import Http404

from kotacerdas.apps.aduan_warga.models import Status
from kotacerdas.apps.aduan_warga.settings import RegionSettings, region_settings
from kotacerdas.core.models import Region

# Status colours of the map and the list (CSS custom properties read them too).
STATUS_COLOURS = {
    Status.RECEIVED: "#64748b",
    Status.VERIFIED: "#0ea5e9",
    Status.POSTPONED: "#a855f7",
    Status.DISPOSED: "#f59e0b",
    Status.IN_PROGRESS: "#f97316",
    Status.RESOLVED: "#22c55e",
    Status.CLOSED: "#15803d",
    Status.NOT_AUTHORITY: "#94a3b8",
    Status.ARCHIVED: "#cbd5e1",
    Status.DUPLICATE: "#cbd5e1",
}


def region_or_404(region_slug: str) -> tuple[Region, RegionSettings]:
    region = Region.objects.filter(slug=region_slug).first()
    conf = region_settings(region) if region else None
    if region is None or conf is None:
        raise Http404
    return region, conf


def map_options(region: Region) -> dict[str, Any]:
    """What map.js needs: the bbox to fit and the tile URL (empty: no base tiles)."""
    return {
        "bbox": [region.bbox_south, region.bbox_west, region.bbox_north, region.bbox_east],
        "centre": [region.centre_lat, region.centre_lng],
        "tiles": getattr(settings, "KOTACERDAS_TILE_URL", ""),
        "colours": {str(k): v for k, v in STATUS_COLOURS.items()},
    }
