"""Catalog: the three-way merge on a large configuration, and the catalog pages and API."""

from __future__ import annotations

import copy
import time
from typing import Any

from bench.harness import Result, percentile, setup_django


def _big_config(n: int) -> dict[str, Any]:
    """An Aduan-Warga-sized configuration scaled to ``n`` categories with attributes."""
    return {
        "categories": [
            {
                "service_code": f"c{i}",
                "name": {"id": f"Kategori {i}", "en": f"Category {i}"},
                "agency": "dpu",
                "service_standard_days": 5,
                "attributes": [
                    {"code": f"a{j}", "values": [{"key": "k", "name": "v"}]} for j in range(3)
                ],
            }
            for i in range(n)
        ],
        "deadlines": {"verify_dispose_days": 3, "agency_follow_up_days": 5},
    }


def _merge_figures() -> list[Result]:
    from kotacerdas.catalog.jsonmerge import three_way

    base = _big_config(200)
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    for i in range(0, 200, 7):  # local renames
        ours["categories"][i]["name"]["id"] += " (lokal)"
    for i in range(0, 200, 5):  # upstream changes, some on the same fields
        theirs["categories"][i]["service_standard_days"] = 3
        theirs["categories"][i]["name"]["id"] += " (v2)"
    samples = []
    for _ in range(20):
        start = time.perf_counter()
        result = three_way(base, ours, theirs)
        samples.append((time.perf_counter() - start) * 1000)
    p95 = percentile(samples, 95)
    leaves = sum(1 for _ in str(base).split(":"))
    return [
        Result(
            "catalog: three-way merge, 200 categories p95",
            p95,
            "ms",
            "≤ 500 ms",
            p95 <= 500,
            f"~{leaves} keys, {len(result.conflicts)} conflicts",
        )
    ]


def run() -> list[Result]:
    setup_django()
    from django.test import Client

    from kotacerdas.platform.demo import seed_demo

    seed_demo()
    client = Client()
    results = _merge_figures()
    for name, url in [
        ("catalog page", "/catalog/"),
        ("province matrix", "/catalog/provinces/33/"),
        ("GET /api/catalog/variants", "/api/catalog/variants"),
        ("GET /api/regions/33.24/apps", "/api/regions/33.24/apps"),
    ]:
        samples = []
        for _ in range(100):
            start = time.perf_counter()
            response = client.get(url)
            samples.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200
        p95 = percentile(samples, 95)
        results.append(Result(f"catalog: {name} p95", p95, "ms", "≤ 100 ms", p95 <= 100))
    return results
