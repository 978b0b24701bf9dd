"""Core pages and API: the public home and a region page, through the Django test client."""

from __future__ import annotations

import time

from bench.harness import Result, percentile, setup_django


def run() -> list[Result]:
    setup_django()
    from django.test import Client

    from kotacerdas.platform.demo import seed_demo

    seed_demo()
    client = Client()
    results = []
    for name, url in [
        ("home page", "/"),
        ("region page", "/r/semarang/"),
        ("GET /api/regions", "/api/regions"),
    ]:
        samples = []
        for _ in range(200):
            start = time.perf_counter()
            response = client.get(url)
            samples.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200
        p95 = percentile(samples, 95)
        results.append(Result(f"core: {name} p95", p95, "ms", "≤ 50 ms", p95 <= 50))
    return results
