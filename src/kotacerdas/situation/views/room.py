"""A region's room: the page, the tiles fragment htmx re-fetches, and the map's layers."""

from __future__ import annotations

import os
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from kotacerdas.dimensions import DIMENSIONS
from kotacerdas.situation.access import RoomAccess, room_access
from kotacerdas.situation.feed import alert_counts, room_alerts
from kotacerdas.situation.stream import newest_id
from kotacerdas.situation.summary import RegionSummary, map_json, region_summary


def tile_url() -> str:
    """Base-map tiles are configuration: empty (the default) draws no tiles, offline-safe."""
    configured = getattr(settings, "KOTACERDAS_TILE_URL", None)
    return str(configured if configured is not None else os.environ.get("KOTACERDAS_TILE_URL", ""))


def tiles_context(access: RoomAccess, summary: RegionSummary) -> dict[str, Any]:
    groups = [(dim, summary.tiles_in(dim.key)) for dim in DIMENSIONS]
    return {
        "region": access.region,
        "access": access,
        "groups": groups,
        "counts": alert_counts(access.region, access.scope, private=access.private),
        "failed_apps": summary.failed_apps,
    }


def room(request: HttpRequest, region_slug: str) -> HttpResponse:
    access = room_access(request, region_slug)
    if isinstance(access, HttpResponse):
        return access
    region = access.region
    summary = region_summary(region)
    slug = region.slug
    config = {
        "stream": reverse("situation:stream", args=[slug]),
        "tiles": reverse("situation:tiles", args=[slug]),
        "layers": reverse("situation:layers", args=[slug]),
        "alert": reverse("situation:alert", args=[slug, 0]),
        "after": newest_id(),
        "tileUrl": tile_url(),
        "bbox": list(region.bbox),
    }
    records = room_alerts(region, access.scope, private=access.private)
    context = tiles_context(access, summary) | {
        "alerts": records,
        "config": config,
        "kiosk": request.GET.get("kiosk") == "1",
    }
    return render(request, "situation/room.html", context)


def tiles(request: HttpRequest, region_slug: str) -> HttpResponse:
    access = room_access(request, region_slug)
    if isinstance(access, HttpResponse):
        return access
    summary = region_summary(access.region)
    return render(request, "situation/_tiles.html", tiles_context(access, summary))


def layers(request: HttpRequest, region_slug: str) -> HttpResponse:
    """GeoJSON of every enabled app's layers (public ones only in the citizens' room)."""
    access = room_access(request, region_slug)
    if isinstance(access, HttpResponse):
        return access
    body = map_json(access.region, access.private)
    return HttpResponse(body, content_type="application/json")
