"""The region's brand: what it adds to a public page, its stylesheet, and ``/sitemap.xml``.

In-process (Django's test client, no HTTP), SQLite, the seeded demo, warm (one request
first); Semarang carries the demo brand, Demak none, so the two region pages show what the
brand costs a page (the lookup is cached per process and forgotten on a change).
"""

from __future__ import annotations

import time

from bench.harness import Result, percentile, setup_django


def _p95(client: object, url: str, n: int = 200) -> float:
    get = client.get  # type: ignore[attr-defined]
    assert get(url).status_code == 200, url
    samples = []
    for _ in range(n):
        start = time.perf_counter()
        response = get(url)
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    return percentile(samples, 95)


def run() -> list[Result]:
    setup_django()
    from django.test import Client

    from kotacerdas.platform.brand import brand_for_slug, forget_brands
    from kotacerdas.platform.demo import seed_demo

    seed_demo()
    client = Client()
    assert brand_for_slug("semarang") is not None, "the demo seeds Semarang's brand"
    branded = _p95(client, "/r/semarang/")
    plain = _p95(client, "/r/demak/")
    css = _p95(client, "/r/semarang/brand.css")
    sitemap = _p95(client, "/sitemap.xml", 50)
    cold = []
    for _ in range(50):
        forget_brands()
        start = time.perf_counter()
        brand_for_slug("semarang")
        cold.append((time.perf_counter() - start) * 1000)
    cold_p95 = percentile(cold, 95)
    urls = client.get("/sitemap.xml").content.count(b"<url>")
    extra = branded - plain
    return [
        Result("brand: region page with brand p95", branded, "ms", "", None, "Semarang"),
        Result("brand: region page without brand p95", plain, "ms", "", None, "Demak"),
        Result(
            "brand: what the brand adds to a page (p95 difference)",
            extra,
            "ms",
            "≤ 15 ms",
            extra <= 15,
            "header band, stylesheet link, Open Graph tags; lookup cached",
        ),
        Result("brand: /r/<region>/brand.css p95", css, "ms", "≤ 20 ms", css <= 20),
        Result(
            "brand: brand lookup, cache cold p95",
            cold_p95,
            "ms",
            "≤ 50 ms",
            cold_p95 <= 50,
            "asks every enabled app's brand hook; once per region per 5 s per process",
        ),
        Result(
            "brand: /sitemap.xml p95",
            sitemap,
            "ms",
            "≤ 500 ms",
            sitemap <= 500,
            f"{urls} URLs, 6 demo regions",
        ),
    ]
