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
    from kotacerdas.catalog.describe import describe
    from kotacerdas.contract import get_app

    app = get_app("aduan-warga")
    assert app is not None
    schema = app.manifest.config_schema
    plain = []
    for _ in range(20):  # what the merge screen adds: the upstream changes in plain words
        start = time.perf_counter()
        three_way(base, ours, theirs)
        lines = describe(schema, base, theirs, language="id")
        plain.append((time.perf_counter() - start) * 1000)
    plain_p95 = percentile(plain, 95)
    return [
        Result(
            "catalog: three-way merge, 200 categories p95",
            p95,
            "ms",
            "≤ 200 ms",
            p95 <= 200,
            f"~{leaves} keys, {len(result.conflicts)} conflicts; pure function, warm",
        ),
        Result(
            "catalog: merge + plain-language lines, 200 categories p95",
            plain_p95,
            "ms",
            "≤ 200 ms",
            plain_p95 <= 200,
            f"{len(lines)} lines (Aduan Warga schema); pure functions, warm",
        ),
    ]


def _adopt_preview(results: list[Result]) -> None:
    """The adopt preview page as Kendal's admin, of Semarang's newest Aduan Warga version."""
    from django.contrib.auth.models import User
    from django.test import Client

    from kotacerdas.catalog.models import VariantVersion
    from kotacerdas.core.tenancy import Scope

    version = (
        VariantVersion.objects.scoped(Scope.system("bench"))
        .filter(variant__region__slug="semarang", variant__app_key="aduan-warga")
        .order_by("-published_at")
        .first()
    )
    assert version is not None
    client = Client()
    client.force_login(User.objects.get(username="admin-kendal"))
    url = f"/console/kendal/catalog/adopt/{version.pk}/"
    samples = []
    for _ in range(60):
        start = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.status_code
    p95 = percentile(samples[10:], 95)
    results.append(
        Result(
            "catalog: adopt preview page p95",
            p95,
            "ms",
            "≤ 200 ms",
            p95 <= 200,
            "Kendal previews Semarang's Aduan Warga; in-process test client, warm (50 after 10)",
        )
    )


def run() -> list[Result]:
    setup_django()
    from django.test import Client

    from kotacerdas.platform.demo import seed_demo

    seed_demo()
    client = Client()
    results = _merge_figures()
    _adopt_preview(results)
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
