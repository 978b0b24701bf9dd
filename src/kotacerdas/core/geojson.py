"""Reading a region's boundary from an uploaded GeoJSON file, strictly.

Accepts a Polygon or MultiPolygon geometry, a Feature holding one, or a FeatureCollection of
such features (merged into one MultiPolygon), in WGS84 longitude/latitude (RFC 7946). Every
refusal is a ``BoundaryError`` whose message names the problem, so the console can show it
next to the file field and the command line can print it.

Also the geometry the platform needs of a boundary: its bounding box, a centre, and whether a
point lies inside (ray casting, holes respected) — small enough not to need a geo library.
"""

from __future__ import annotations

import json
import math
from itertools import pairwise
from typing import Any

from django.utils.translation import gettext as _

# A kabupaten's boundary from BIG or OSM is a few hundred KB; 5 MB leaves room for detail
# while keeping a hostile upload from tying up a worker.
MAX_BYTES = 5 * 1024 * 1024
# Point-in-polygon runs on every reported location; 50,000 vertices is still fast.
MAX_VERTICES = 50_000
MAX_DEPTH = 8
# Indonesia from Sabang to Merauke and Miangas to Rote, with a margin of a degree or so:
# a boundary outside it is a swapped lat/lng or a file for somewhere else.
INDONESIA = (94.0, -12.0, 142.0, 7.0)

Ring = list[tuple[float, float]]  # (lng, lat) pairs, first == last
Polygon = list[Ring]  # outer ring, then holes
BBox = tuple[float, float, float, float]  # west, south, east, north


class BoundaryError(ValueError):
    """An uploaded boundary the platform refuses; the message says what is wrong."""


def parse_boundary(data: bytes | str) -> dict[str, Any]:
    """The file's content → a clean GeoJSON geometry (Polygon or MultiPolygon)."""
    size = len(data.encode() if isinstance(data, str) else data)
    if size > MAX_BYTES:
        raise BoundaryError(
            _("The file is %(size)s MB; a boundary may be at most %(max)s MB.")
            % {"size": f"{size / 1024 / 1024:.1f}", "max": MAX_BYTES // 1024 // 1024}
        )
    try:
        text = data.decode("utf-8-sig") if isinstance(data, bytes) else data
        doc = json.loads(text)
    except UnicodeDecodeError:
        raise BoundaryError(_("The file is not text (UTF-8): upload a .geojson file.")) from None
    except json.JSONDecodeError as exc:
        raise BoundaryError(
            _("The file is not valid JSON (line %(line)s, column %(col)s: %(msg)s).")
            % {"line": exc.lineno, "col": exc.colno, "msg": exc.msg}
        ) from None
    except RecursionError:
        raise BoundaryError(_("The file is nested too deeply to be a boundary.")) from None
    return clean_geometry(doc)


def clean_geometry(doc: Any) -> dict[str, Any]:
    """A parsed GeoJSON document → a validated Polygon/MultiPolygon geometry dict."""
    polygons = _polygons_of(doc)
    if not polygons:
        raise BoundaryError(_("The file holds no polygon."))
    vertices = sum(len(ring) for poly in polygons for ring in poly)
    if vertices > MAX_VERTICES:
        raise BoundaryError(
            _(
                "The boundary has %(count)s points; at most %(max)s are accepted. Simplify it "
                "first (for example with mapshaper or QGIS)."
            )
            % {"count": vertices, "max": MAX_VERTICES}
        )
    west, south, east, north = bbox_of_polygons(polygons)
    iw, is_, ie, in_ = INDONESIA
    if east < iw or west > ie or north < is_ or south > in_:
        raise BoundaryError(
            _(
                "The boundary lies outside Indonesia (longitude %(west).2f to %(east).2f, "
                "latitude %(south).2f to %(north).2f). Are longitude and latitude swapped? "
                "GeoJSON lists longitude first."
            )
            % {"west": west, "east": east, "south": south, "north": north}
        )
    if len(polygons) == 1:
        return {"type": "Polygon", "coordinates": _as_lists(polygons[0])}
    return {"type": "MultiPolygon", "coordinates": [_as_lists(p) for p in polygons]}


def _polygons_of(doc: Any, depth: int = 0) -> list[Polygon]:
    if depth > MAX_DEPTH:
        raise BoundaryError(_("The file is nested too deeply to be a boundary."))
    if not isinstance(doc, dict):
        raise BoundaryError(_("The file is JSON but not GeoJSON: expected an object."))
    kind = doc.get("type")
    if kind == "FeatureCollection":
        features = doc.get("features")
        if not isinstance(features, list) or not features:
            raise BoundaryError(_("The FeatureCollection has no features."))
        out: list[Polygon] = []
        for feature in features:
            if not isinstance(feature, dict) or feature.get("type") != "Feature":
                raise BoundaryError(_("A FeatureCollection may hold only Features."))
            out.extend(_polygons_of(feature, depth + 1))
        return out
    if kind == "Feature":
        geometry = doc.get("geometry")
        if geometry is None:
            raise BoundaryError(_("A Feature in the file has no geometry."))
        return _polygons_of(geometry, depth + 1)
    if kind == "Polygon":
        return [_polygon(doc.get("coordinates"))]
    if kind == "MultiPolygon":
        coords = doc.get("coordinates")
        if not isinstance(coords, list) or not coords:
            raise BoundaryError(_("The MultiPolygon has no polygons."))
        return [_polygon(p) for p in coords]
    raise BoundaryError(
        _(
            "The file holds a %(type)s; a boundary must be a Polygon or MultiPolygon (or a "
            "Feature or FeatureCollection of them)."
        )
        % {"type": str(kind)[:40] if kind is not None else _("document without a type")}
    )


def _polygon(coords: Any) -> Polygon:
    if not isinstance(coords, list) or not coords:
        raise BoundaryError(_("A polygon in the file has no coordinates."))
    return [_ring(r) for r in coords]


def _ring(coords: Any) -> Ring:
    if not isinstance(coords, list):
        raise BoundaryError(_("A polygon ring must be a list of positions."))
    ring: Ring = []
    for pos in coords:
        if (
            not isinstance(pos, list)
            or len(pos) < 2
            or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in pos[:2])
        ):
            raise BoundaryError(_("A position must be [longitude, latitude] in numbers."))
        lng, lat = float(pos[0]), float(pos[1])
        if not (math.isfinite(lng) and math.isfinite(lat)):
            raise BoundaryError(_("A position is not a finite number."))
        if not (-180 <= lng <= 180 and -90 <= lat <= 90):
            raise BoundaryError(
                _(
                    "The position [%(lng)s, %(lat)s] is out of range: longitude runs from -180 "
                    "to 180 and latitude from -90 to 90."
                )
                % {"lng": f"{lng:g}", "lat": f"{lat:g}"}
            )
        ring.append((lng, lat))
    if len(ring) < 4:
        raise BoundaryError(_("A polygon ring needs at least four positions (a closed triangle)."))
    if ring[0] != ring[-1]:
        raise BoundaryError(
            _("A polygon ring is not closed: its last position must repeat its first.")
        )
    return ring


def _as_lists(poly: Polygon) -> list[list[list[float]]]:
    return [[[lng, lat] for lng, lat in ring] for ring in poly]


def polygons_of_geometry(geometry: dict[str, Any]) -> list[Polygon]:
    """The polygons of a stored (already validated) geometry."""
    coords = geometry.get("coordinates") or []
    polys = [coords] if geometry.get("type") == "Polygon" else coords
    return [[[(float(p[0]), float(p[1])) for p in ring] for ring in poly] for poly in polys]


def bbox_of_polygons(polygons: list[Polygon]) -> BBox:
    lngs = [p[0] for poly in polygons for p in poly[0]]
    lats = [p[1] for poly in polygons for p in poly[0]]
    return (min(lngs), min(lats), max(lngs), max(lats))


def bbox_of(geometry: dict[str, Any]) -> BBox:
    return bbox_of_polygons(polygons_of_geometry(geometry))


def centre_of(geometry: dict[str, Any]) -> tuple[float, float]:
    """(lat, lng): the middle of the bounding box when it lies inside the boundary (most
    regions), else the first vertex-average of the largest polygon that does — a simple
    centre that always lands inside a C-shaped or island region is not worth a library."""
    west, south, east, north = bbox_of(geometry)
    lat, lng = (south + north) / 2, (west + east) / 2
    if contains(geometry, lat, lng):
        return lat, lng
    polys = polygons_of_geometry(geometry)
    largest = max(polys, key=lambda p: abs(_ring_area(p[0])))
    outer = largest[0][:-1]
    avg_lng = sum(p[0] for p in outer) / len(outer)
    avg_lat = sum(p[1] for p in outer) / len(outer)
    if contains(geometry, avg_lat, avg_lng):
        return avg_lat, avg_lng
    # Fall back to a vertex of the boundary: on it, so at least not elsewhere.
    return outer[0][1], outer[0][0]


def _ring_area(ring: Ring) -> float:
    return sum(a[0] * b[1] - b[0] * a[1] for a, b in pairwise(ring)) / 2


def _in_ring(ring: Ring, lng: float, lat: float) -> bool:
    # Ray casting: draw a ray from the point towards +longitude and count how many ring
    # edges it crosses; odd means inside. Edges are half-open in latitude ((a > lat) !=
    # (b > lat)) so a vertex exactly on the ray is counted once, not twice.
    inside = False
    for (x1, y1), (x2, y2) in pairwise(ring):
        if (y1 > lat) != (y2 > lat):
            cross = x1 + (lat - y1) * (x2 - x1) / (y2 - y1)
            if lng < cross:
                inside = not inside
    return inside


def contains(geometry: dict[str, Any], lat: float, lng: float) -> bool:
    """Whether (lat, lng) lies in the geometry: inside some polygon's outer ring and in
    none of that polygon's holes."""
    for poly in polygons_of_geometry(geometry):
        if _in_ring(poly[0], lng, lat) and not any(_in_ring(h, lng, lat) for h in poly[1:]):
            return True
    return False


def bbox_polygon(bbox: BBox) -> dict[str, Any]:
    """A bounding box as a GeoJSON Polygon (counter-clockwise, closed)."""
    w, s, e, n = bbox
    return {"type": "Polygon", "coordinates": [[[w, s], [e, s], [e, n], [w, n], [w, s]]]}
