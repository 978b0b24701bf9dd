"""The province map of the evaluation: every region's outline, coloured by its index band.

The dict has the shape ``KotaMap.create`` reads (``core/maps.py``: tiles, bbox, texts) with
no single region outline; the regions ride along as a GeoJSON FeatureCollection whose
properties carry the band (``b0`` … ``b4``, ``none``), so the colours live in the
stylesheet with the heat table's. Everything a script reads goes through ``json_script``.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext

from kotacerdas.core.maps import tile_layer
from kotacerdas.maturity.models import EvaluationTemplate
from kotacerdas.maturity.queries import RegionRow, band


def province_map(rows: list[RegionRow], template: EvaluationTemplate) -> dict[str, Any]:
    tiles = tile_layer()
    features = []
    west, south, east, north = 180.0, 90.0, -180.0, -90.0
    page = reverse("maturity:region", args=["SLUG"])  # reversed once, not once per region
    for row in rows:
        region = row.region
        w, s, e, n = region.bbox
        west, south, east, north = min(west, w), min(south, s), max(east, e), max(north, n)
        url = page.replace("SLUG", region.slug) + f"?year={template.year}"
        features.append(
            {
                "type": "Feature",
                "geometry": region.outline(),
                "properties": {
                    "name": region.name,
                    "slug": region.slug,
                    "rank": row.rank,
                    "index": None if row.index is None else round(row.index, 1),
                    "band": band(row.index),
                    "url": url,
                },
            }
        )
    bbox = [west, south, east, north] if features else None
    return {
        "tiles": None if tiles is None else tiles.as_json(),
        "outline": None,
        "bbox": bbox,
        "centre": None if bbox is None else [(south + north) / 2, (west + east) / 2],
        "text": {
            "tilesFailed": gettext("The base map could not be loaded"),
            "index": gettext("Index"),
            "rank": gettext("Rank"),
        },
        "regions": {"type": "FeatureCollection", "features": features},
    }
