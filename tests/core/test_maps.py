"""core/maps.py: which base layer the maps draw, and the data every map page hands over."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from kotacerdas.core.maps import OSM_TILES, map_data, region_outline, tile_layer
from tests.conftest import Demo


def test_base_layer_default_override_and_off(
    settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    del settings.KOTACERDAS_TILE_URL  # conftest turns tiles off; here: truly unset
    monkeypatch.delenv("KOTACERDAS_TILE_URL", raising=False)
    monkeypatch.delenv("KOTACERDAS_TILE_ATTRIBUTION", raising=False)
    osm = tile_layer()
    assert osm is not None
    assert osm.url == OSM_TILES == "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    assert osm.max_zoom == 19
    assert osm.attribution == (
        '© <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
    )
    assert osm.origin == "https://tile.openstreetmap.org"

    # The environment is read when the setting is absent; "none" in any case turns tiles off.
    monkeypatch.setenv("KOTACERDAS_TILE_URL", "NONE")
    assert tile_layer() is None
    monkeypatch.setenv("KOTACERDAS_TILE_URL", "https://peta.example.go.id/{z}/{x}/{y}.png")
    own = tile_layer()
    assert own is not None and own.url == "https://peta.example.go.id/{z}/{x}/{y}.png"
    assert "OpenStreetMap" in own.attribution  # own servers mostly render OSM data
    assert own.origin == "https://peta.example.go.id"

    # An own attribution is plain text: markup in it is escaped, never HTML.
    monkeypatch.setenv("KOTACERDAS_TILE_ATTRIBUTION", "Peta <b>BIG</b> & Dinas")
    own = tile_layer()
    assert own is not None
    assert own.attribution == "Peta &lt;b&gt;BIG&lt;/b&gt; &amp; Dinas"

    # A setting wins over the environment.
    settings.KOTACERDAS_TILE_URL = "none"
    assert tile_layer() is None


def test_map_data_carries_tiles_outline_and_page_layers(demo: Demo, settings: Any) -> None:
    region = demo.semarang
    west, south, east, north = region.bbox
    settings.KOTACERDAS_TILE_URL = "http://127.0.0.1:9/{z}/{x}/{y}.png"
    with translation.override("id"):
        data = map_data(region, features={"type": "FeatureCollection", "features": []})
    assert data["tiles"]["url"] == "http://127.0.0.1:9/{z}/{x}/{y}.png"
    assert data["tiles"]["maxZoom"] == 19
    assert data["bbox"] == [west, south, east, north]
    assert data["centre"] == [region.centre_lat, region.centre_lng]
    assert data["text"]["tilesFailed"] == "Peta dasar tidak dapat dimuat"
    assert data["features"] == {"type": "FeatureCollection", "features": []}
    # No boundary uploaded: the outline is the bounding box, closed, in GeoJSON order.
    outline = data["outline"]
    assert outline["type"] == "Polygon"
    ring = outline["coordinates"][0]
    assert ring[0] == ring[-1] == [west, south]
    assert {tuple(p) for p in ring} == {(west, south), (east, south), (east, north), (west, north)}
    json.dumps(data)  # json_script must be able to carry it

    with translation.override("en"):
        assert map_data(region)["text"]["tilesFailed"] == "The base map could not be loaded"
    settings.KOTACERDAS_TILE_URL = "none"
    assert map_data(region)["tiles"] is None


def test_outline_uses_the_regions_own_outline_when_it_has_one() -> None:
    class Shaped:
        bbox = (110.0, -7.0, 110.5, -6.5)

        def outline(self) -> dict[str, Any]:
            return {
                "type": "Polygon",
                "coordinates": [[[110.1, -6.9], [110.4, -6.9], [110.2, -6.6], [110.1, -6.9]]],
            }

    class Boxed:
        bbox = (110.0, -7.0, 110.5, -6.5)

    assert region_outline(Shaped())["coordinates"][0][2] == [110.2, -6.6]  # type: ignore[arg-type]
    assert region_outline(Boxed())["coordinates"][0][2] == [110.5, -6.5]  # type: ignore[arg-type]


def test_csp_allows_the_default_tile_server(
    demo: Demo, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    del settings.KOTACERDAS_TILE_URL
    monkeypatch.delenv("KOTACERDAS_TILE_URL", raising=False)
    header = Client().get("/r/semarang/").headers["Content-Security-Policy"]
    img = next(part for part in header.split(";") if part.strip().startswith("img-src"))
    assert "https://tile.openstreetmap.org" in img.split()
    settings.KOTACERDAS_TILE_URL = "none"
    header = Client().get("/r/semarang/").headers["Content-Security-Policy"]
    assert "openstreetmap" not in header
