"""A region's room, composed only through the app contract and the core's alert rows.

Providers may be slow (an app aggregating 100,000 reports), so each app's part is computed
once and cached per region and app. The entry remembers that app's newest event in the
region and when its installation last changed: an event of the app (a reading, a report) or
a new configuration makes it stale at once, while another app's events leave it alone. A
short TTL catches KPIs that move without events (ageing SLAs).

The page and the province's heat table need tiles and alerts; only the map asks for layers
(thousands of points), so the two are computed and cached apart: a room or province page
never pays for the map, and the map's request never pays for the KPIs.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

import orjson
from django.core.cache import cache
from django.db.models import Max
from django.utils.translation import get_language

from kotacerdas.contract import SmartCityApp
from kotacerdas.core.models import AppInstallation, Event, Region
from kotacerdas.platform.context import ConfigBroken, context_for_installation
from kotacerdas.platform.installations import enabled_apps
from kotacerdas.situation.activity import hourly_activity
from kotacerdas.situation.tiles import Tile

log = logging.getLogger(__name__)
TTL_SECONDS = 30
NEWEST_TTL_SECONDS = 3600
SYSTEM = "the situation room summarises a region for whoever may see its room"


@dataclass(frozen=True)
class Layer:
    app_key: str
    key: str
    label: str
    geojson: dict[str, Any]
    public: bool

    @property
    def id(self) -> str:
        return f"{self.app_key}/{self.key}"


@dataclass
class AppPart:
    """What one app contributes to one region's room, and what it was computed from."""

    version: tuple[int, str]
    tiles: list[Tile] = field(default_factory=list)
    failed: bool = False


@dataclass
class AppLayers:
    """One app's map layers for one region, and what they were computed from."""

    version: tuple[int, str]
    layers: list[Layer] = field(default_factory=list)
    failed: bool = False


@dataclass
class RegionSummary:
    region_id: int
    tiles: list[Tile] = field(default_factory=list)
    # Apps whose provider failed: the room shows the rest and names these.
    failed_apps: list[str] = field(default_factory=list)

    def tiles_in(self, dimension: str) -> list[Tile]:
        return [t for t in self.tiles if t.dimension == dimension]


@dataclass
class RegionMap:
    region_id: int
    layers: list[Layer] = field(default_factory=list)
    activity: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class RoomState:
    """What a room's parts are computed from: the enabled apps and the newest events."""

    apps: list[tuple[SmartCityApp, AppInstallation]]
    last: int
    per_app: dict[str, int]


def room_state(region: Region) -> RoomState:
    apps = enabled_apps(region)
    last, per_app = newest_events(region.pk, [app.key for app, _ in apps])
    return RoomState(apps, last, per_app)


P = TypeVar("P", AppPart, AppLayers)


def newest_events(region_id: int, app_keys: list[str]) -> tuple[int, dict[str, int]]:
    """The region's newest event id overall and per app (of ``app_keys``).

    Kept incrementally: index probes when the cache is empty (the newest id of the region
    and of each app, on (region, id) and (region, app, id)), then only the events after the
    last id seen, so neither a cold nor a warm request scans the region's events.
    """
    key = f"situation:newest:{region_id}"
    rows = Event.objects.unscoped(SYSTEM).filter(region_id=region_id)
    cached: tuple[int, dict[str, int]] | None = cache.get(key)
    if cached is None or not set(app_keys) <= cached[1].keys():
        last = rows.aggregate(newest=Max("id"))["newest"] or 0
        per_app = {
            app_key: rows.filter(app_key=app_key).aggregate(newest=Max("id"))["newest"] or 0
            for app_key in app_keys
        }
    else:
        last, per_app = cached[0], dict(cached[1])
        for app_key, event_id in rows.filter(id__gt=last).values_list("app_key", "id"):
            per_app[app_key] = max(per_app.get(app_key, 0), event_id)
            last = max(last, event_id)
    cache.set(key, (last, per_app), NEWEST_TTL_SECONDS)
    return last, per_app


def compute_part(
    region: Region, app: SmartCityApp, installation: AppInstallation, version: tuple[int, str]
) -> AppPart:
    part = AppPart(version)
    try:
        kpis = app.kpis(context_for_installation(app, installation))
    except ConfigBroken:
        log.warning("situation room: %s has a broken configuration in %s", app.key, region.slug)
        part.failed = True
        return part
    except Exception:  # one broken app must not take the wall down
        log.exception("situation room: app %s failed for region %s", app.key, region.slug)
        part.failed = True
        return part
    for kpi in kpis:
        part.tiles.append(
            Tile(app.key, app.manifest.name, kpi, kpi.dimension or app.manifest.dimension)
        )
    return part


def compute_layers(
    region: Region, app: SmartCityApp, installation: AppInstallation, version: tuple[int, str]
) -> AppLayers:
    part = AppLayers(version)
    try:
        layers = app.map_layers(context_for_installation(app, installation))
    except Exception:  # one broken app must not take the map down (the page names it)
        log.exception("situation room: app %s layers failed for region %s", app.key, region.slug)
        return part
    part.layers = [
        Layer(app.key, layer.key, layer.label, layer.geojson, layer.public) for layer in layers
    ]
    return part


def cached_part(
    kind: str,
    compute: Callable[[Region, SmartCityApp, AppInstallation, tuple[int, str]], P],
    region: Region,
    app: SmartCityApp,
    installation: AppInstallation,
    newest: int,
) -> P:
    """``compute``'s part for one app, from the cache while the app's version is unchanged."""
    version = (newest, installation.updated_at.isoformat())
    # Apps word their KPIs and layers in the request's language: one entry per language,
    # or the first visitor's language would be every later visitor's.
    key = f"situation:{kind}:{region.pk}:{app.key}:{language()}"
    cached = cache.get(key)
    if cached is not None and cached.version == version:
        return cast(P, cached)
    installation.region = region
    part = compute(region, app, installation, version)
    cache.set(key, part, TTL_SECONDS)
    return part


def language() -> str:
    return (get_language() or "id").split("-")[0]


def activity(region: Region, newest: int) -> dict[str, Any]:
    key = f"situation:activity:{region.pk}"
    cached: tuple[int, dict[str, Any]] | None = cache.get(key)
    if cached is not None and cached[0] == newest:
        return cached[1]
    series = hourly_activity(region.pk)
    cache.set(key, (newest, series), TTL_SECONDS)
    return series


def region_summary(region: Region) -> RegionSummary:
    """Every enabled app's tiles (cached per app), for one request. Alerts are the core's
    rows (``feed.room_alerts``), never computed here."""
    state = room_state(region)
    summary = RegionSummary(region.pk)
    for app, installation in state.apps:
        newest = state.per_app.get(app.key, 0)
        part = cached_part("part", compute_part, region, app, installation, newest)
        if part.failed:
            summary.failed_apps.append(app.key)
        summary.tiles += part.tiles
    return summary


def region_map(region: Region, state: RoomState) -> RegionMap:
    """Every enabled app's layers (cached per app; a failing app's are left out) and the
    activity chart, for the map."""
    result = RegionMap(region.pk, activity=activity(region, state.last))
    for app, installation in state.apps:
        newest = state.per_app.get(app.key, 0)
        result.layers += cached_part(
            "layers", compute_layers, region, app, installation, newest
        ).layers
    return result


def map_json(region: Region, private: bool) -> bytes:
    """``layers.json``'s body: the layers the caller may see and the activity chart.

    Encoded once per version of its parts and kept beside them: thousands of report points
    cost more to unpickle from the cache and encode again than anything else in the room,
    so a warm request is the version check and these bytes.
    """
    state = room_state(region)
    version = (
        state.last,
        [
            (app.key, state.per_app.get(app.key, 0), row.updated_at.isoformat())
            for app, row in state.apps
        ],
    )
    key = f"situation:map-json:{region.pk}:{int(private)}:{language()}"
    cached: tuple[Any, bytes] | None = cache.get(key)
    if cached is not None and cached[0] == version:
        return cached[1]
    room_map = region_map(region, state)
    shown = [layer for layer in room_map.layers if private or layer.public]
    body = orjson.dumps(
        {
            "layers": [
                {"id": ly.id, "app": ly.app_key, "label": ly.label, "geojson": ly.geojson}
                for ly in shown
            ],
            "activity": room_map.activity,
        },
        default=str,  # lazy translations, decimals
    )
    cache.set(key, (version, body), TTL_SECONDS)
    return body
