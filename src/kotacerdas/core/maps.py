"""What every map page hands its browser script: the base layer and the region to outline.

The base layer is configuration (``KOTACERDAS_TILE_URL``, a Django setting or an environment
variable, read per call so tests and the CSP see the same value):

- unset or empty: OpenStreetMap's standard tiles, with the attribution their licence asks for;
- a URL template (``https://tiles.example.go.id/{z}/{x}/{y}.png``): that server;
- ``none``: no base layer at all (tests, CI, a wall without internet).

Whatever the tiles do, the map script (``web/static/kotacerdas/map.js``) draws the region's
outline, so a map never shows a grey box with nothing on it. docs/maps.md describes it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.utils.html import escape, format_html
from django.utils.translation import gettext

from kotacerdas.config import tile_origin

if TYPE_CHECKING:
    from kotacerdas.core.models import Region

OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_COPYRIGHT = "https://www.openstreetmap.org/copyright"
MAX_ZOOM = 19  # OpenStreetMap's standard layer renders up to 19
OFF = "none"


@dataclass(frozen=True)
class TileLayer:
    url: str
    attribution: str  # HTML for Leaflet's attribution control, built escaped here
    max_zoom: int = MAX_ZOOM

    @property
    def origin(self) -> str | None:
        """The origin the CSP's img-src must allow (None: this server, 'self' covers it)."""
        return tile_origin(self.url)

    def as_json(self) -> dict[str, Any]:
        return {"url": self.url, "attribution": self.attribution, "maxZoom": self.max_zoom}


def _configured(name: str) -> str:
    value = getattr(settings, name, None)
    if value is None:
        value = os.environ.get(name, "")
    return str(value).strip()


def osm_attribution() -> str:
    return format_html('© <a href="{}">OpenStreetMap</a> contributors', OSM_COPYRIGHT)


def tile_layer() -> TileLayer | None:
    """The base layer every map draws, or None when tiles are turned off."""
    url = _configured("KOTACERDAS_TILE_URL")
    if url.lower() == OFF:
        return None
    if not url:
        return TileLayer(OSM_TILES, osm_attribution())
    # An own tile server almost always renders OpenStreetMap data, whose licence asks for
    # the same credit; a server of other data names its own (plain text, escaped here).
    own = _configured("KOTACERDAS_TILE_ATTRIBUTION")
    return TileLayer(url, escape(own) if own else osm_attribution())


def region_outline(region: Region) -> dict[str, Any]:
    """The region as a GeoJSON geometry: its boundary when it has one, else its bbox."""
    outline = getattr(region, "outline", None)
    if callable(outline):
        # Region.outline() (boundary or bbox polygon) where the model provides it.
        return dict(outline())
    west, south, east, north = region.bbox
    ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
    return {"type": "Polygon", "coordinates": [ring]}


def map_data(region: Region, **layers: Any) -> dict[str, Any]:
    """The one dict a map page passes to ``KotaMap.create`` through ``json_script``.

    ``layers`` are the page's own entries (markers, features, colours) and ride along
    unchanged. JSON keeps every number locale-independent, unlike a template's ``{{ }}``.
    """
    tiles = tile_layer()
    return {
        "tiles": None if tiles is None else tiles.as_json(),
        "outline": region_outline(region),
        "centre": [region.centre_lat, region.centre_lng],
        "bbox": list(region.bbox),  # west, south, east, north (GeoJSON order)
        "text": {"tilesFailed": gettext("The base map could not be loaded")},
        **layers,
    }
