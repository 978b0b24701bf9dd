"""A region's room: the page, the tiles fragment htmx re-fetches, and the map's layers."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from kotacerdas.core.maps import map_data
from kotacerdas.dimensions import DIMENSIONS
from kotacerdas.platform.installations import enabled_apps
from kotacerdas.situation.access import RoomAccess, room_access
from kotacerdas.situation.feed import alert_counts, room_alerts
from kotacerdas.situation.stream import newest_id
from kotacerdas.situation.summary import RegionSummary, language, map_json, region_summary


def tiles_context(
    access: RoomAccess, summary: RegionSummary, *, kiosk: bool = False
) -> dict[str, Any]:
    groups = [(dim, summary.tiles_in(dim.key)) for dim in DIMENSIONS]
    return {
        "kiosk": kiosk,
        "region": access.region,
        "access": access,
        "groups": groups,
        "counts": alert_counts(access.region, access.scope, private=access.private),
        # Which app failed to report is for staff; citizens see the figures that came.
        "failed_apps": summary.failed_apps if access.private else [],
    }


def app_names(region: Any) -> dict[str, str]:
    """Each enabled app's name in the page language, for the chart's legend."""
    lang = language()
    return {
        app.key: str(app.manifest.name.get(lang) or app.manifest.name.get("id") or app.key)
        for app, _row in enabled_apps(region)
    }


def room(request: HttpRequest, region_slug: str) -> HttpResponse:
    access = room_access(request, region_slug)
    if isinstance(access, HttpResponse):
        return access
    region = access.region
    summary = region_summary(region)
    slug = region.slug
    kiosk = request.GET.get("kiosk") == "1"
    config = {
        "stream": reverse("situation:stream", args=[slug]),
        "tiles": reverse("situation:tiles", args=[slug]) + ("?kiosk=1" if kiosk else ""),
        "layers": reverse("situation:layers", args=[slug]),
        "alert": reverse("situation:alert", args=[slug, 0]),
        "after": newest_id(),
        "map": map_data(region),
        "apps": app_names(region),
    }
    records = room_alerts(region, access.scope, private=access.private)
    context = tiles_context(access, summary, kiosk=kiosk) | {
        "alerts": records,
        "config": config,
    }
    return render(request, "situation/room.html", context)


def tiles(request: HttpRequest, region_slug: str) -> HttpResponse:
    access = room_access(request, region_slug)
    if isinstance(access, HttpResponse):
        return access
    summary = region_summary(access.region)
    kiosk = request.GET.get("kiosk") == "1"
    return render(request, "situation/_tiles.html", tiles_context(access, summary, kiosk=kiosk))


def layers(request: HttpRequest, region_slug: str) -> HttpResponse:
    """GeoJSON of every enabled app's layers (public ones only in the citizens' room)."""
    access = room_access(request, region_slug)
    if isinstance(access, HttpResponse):
        return access
    body = map_json(access.region, access.private)
    return HttpResponse(body, content_type="application/json")
