"""Uploaded boundaries are read strictly: every broken or hostile file is refused by name."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import translation

from kotacerdas.core import geojson
from kotacerdas.core.geojson import BoundaryError, parse_boundary

# A square around Kabupaten Magelang with a square hole (the "Kota Magelang" enclave).
OUTER = [[110.0, -7.7], [110.5, -7.7], [110.5, -7.3], [110.0, -7.3], [110.0, -7.7]]
HOLE = [[110.2, -7.5], [110.25, -7.5], [110.25, -7.45], [110.2, -7.45], [110.2, -7.5]]
# An L-shaped region: its bbox's north-east corner is outside it.
L_SHAPE = [
    [110.0, -7.7],
    [110.4, -7.7],
    [110.4, -7.5],
    [110.2, -7.5],
    [110.2, -7.3],
    [110.0, -7.3],
    [110.0, -7.7],
]


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    # The messages are asserted in English; Indonesian is the default language.
    with translation.override("en"):
        yield


def polygon(*rings: list[list[float]]) -> dict[str, Any]:
    return {"type": "Polygon", "coordinates": [list(r) for r in rings]}


def test_geometry_feature_and_collection_are_accepted_and_measured() -> None:
    plain = parse_boundary(json.dumps(polygon(OUTER, HOLE)))
    assert plain["type"] == "Polygon" and len(plain["coordinates"]) == 2
    feature = {"type": "Feature", "properties": {"name": "x"}, "geometry": polygon(L_SHAPE)}
    assert parse_boundary(json.dumps(feature))["coordinates"][0][2] == [110.4, -7.5]
    east = [[p[0] + 1, p[1]] for p in OUTER]
    collection = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "geometry": polygon(OUTER)},
            {"type": "Feature", "geometry": {"type": "MultiPolygon", "coordinates": [[east]]}},
        ],
    }
    merged = parse_boundary(json.dumps(collection).encode())
    assert merged["type"] == "MultiPolygon" and len(merged["coordinates"]) == 2
    assert geojson.bbox_of(merged) == (110.0, -7.7, 111.5, -7.3)
    # The middle of the bbox lies between the two squares: the centre must be inside one.
    lat, lng = geojson.centre_of(merged)
    assert geojson.contains(merged, lat, lng)


def test_point_in_polygon_respects_holes_and_concave_corners() -> None:
    with_hole = polygon(OUTER, HOLE)
    assert geojson.contains(with_hole, -7.6, 110.1)
    assert not geojson.contains(with_hole, -7.47, 110.22)  # in the hole
    assert not geojson.contains(with_hole, -7.6, 110.6)  # east of it
    ell = polygon(L_SHAPE)
    assert geojson.contains(ell, -7.6, 110.3)
    assert not geojson.contains(ell, -7.4, 110.3)  # the bbox's empty corner
    # On the ray through a vertex (lat -7.5 passes the L's inner corner): counted once.
    assert geojson.contains(ell, -7.5, 110.1)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{not json", "not valid JSON"),
        (b"\xff\xfe\x00garbage", "not text"),
        (b"[1, 2, 3]", "not GeoJSON"),
        (json.dumps({"type": "Point", "coordinates": [110, -7]}), "holds a Point"),
        (json.dumps({"type": "LineString", "coordinates": [[110, -7], [111, -7]]}), "LineString"),
        (json.dumps({"coordinates": []}), "without a type"),
        (json.dumps({"type": "Polygon", "coordinates": [OUTER[:-1]]}), "not closed"),
        (json.dumps({"type": "Polygon", "coordinates": [OUTER[:3]]}), "at least four"),
        (json.dumps({"type": "Polygon", "coordinates": []}), "no coordinates"),
        (json.dumps({"type": "Polygon", "coordinates": [[["110", "-7"]] * 4]}), "in numbers"),
        (json.dumps(polygon([[p[0], p[1] * 20] for p in OUTER])), "out of range"),
        (json.dumps(polygon([[p[1], p[0]] for p in OUTER])), "out of range"),
        # Swapped order that stays in range: lat/lng of somewhere in Europe.
        (json.dumps(polygon([[p[0] - 100, p[1] + 50] for p in OUTER])), "outside Indonesia"),
        (b'{"type": "Polygon", "coordinates": [[[NaN, 1], [1, 1], [1, 2], [NaN, 1]]]}', "finite"),
        (json.dumps({"type": "FeatureCollection", "features": []}), "no features"),
        (json.dumps({"type": "FeatureCollection", "features": [polygon(OUTER)]}), "only Features"),
        (json.dumps({"type": "Feature", "geometry": None}), "no geometry"),
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
        (b'{"type":"<script>alert(1)</script>"}', "<script>alert(1)</script>"),
    ],
)
def test_broken_and_hostile_files_are_refused_by_name(content: str | bytes, message: str) -> None:
    with pytest.raises(BoundaryError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_boundary(content)


def test_oversized_files_and_too_many_vertices_are_refused() -> None:
    with pytest.raises(BoundaryError, match="at most 5 MB"):
        parse_boundary(b" " * (geojson.MAX_BYTES + 1))
    # A fine circle: closed, in range, in Indonesia, but with more vertices than allowed.
    import math

    n = geojson.MAX_VERTICES + 10
    ring = [
        [110 + 0.1 * math.cos(2 * math.pi * i / n), -7 + 0.1 * math.sin(2 * math.pi * i / n)]
        for i in range(n)
    ]
    ring.append(ring[0])
    with pytest.raises(BoundaryError, match="Simplify it"):
        parse_boundary(json.dumps(polygon(ring)))
