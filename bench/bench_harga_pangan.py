"""Harga Pangan: the public today page and the KPI computation with a year of daily prices
for 50 markets (25 commodity items: about 456,000 price rows in one region)."""

from __future__ import annotations

import time

from bench.harness import Result, percentile, setup_django

MARKETS = 50
DAYS = 365


def _timed(run: object, repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()  # type: ignore[operator]
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def run() -> list[Result]:
    setup_django()
    from django.test import Client

    from kotacerdas.apps.harga_pangan.config import APP_KEY
    from kotacerdas.apps.harga_pangan.demo import seed_prices
    from kotacerdas.contract import get_app
    from kotacerdas.core.models import Region
    from kotacerdas.core.tenancy import Scope
    from kotacerdas.platform.context import region_context
    from kotacerdas.platform.demo import seed_demo
    from kotacerdas.platform.installations import update_config

    seed_demo()
    region = Region.objects.get(slug="salatiga")
    from kotacerdas.core.models import AppInstallation

    config = dict(
        AppInstallation.objects.scoped(Scope.system("bench"))
        .get(region=region, app_key=APP_KEY)
        .config
    )
    config["markets"] = [
        {
            "key": f"pasar-{n}",
            "name": f"Pasar {n}",
            "kind": "traditional",
            "lat": -7.33 + n * 0.001,
            "lng": 110.50,
            "agency": "disdag",
        }
        for n in range(MARKETS)
    ]
    update_config(Scope.system("bench"), region, APP_KEY, config)
    app = get_app(APP_KEY)
    assert app is not None
    ctx = region_context(app, region)
    assert ctx is not None
    start = time.perf_counter()
    rows = seed_prices(region, ctx.config, DAYS)
    seeded = time.perf_counter() - start
    client = Client()
    url = f"/r/{region.slug}/harga-pangan/"

    def page() -> None:
        assert client.get(url).status_code == 200

    page_ms = _timed(page, 100)
    kpi_ms = _timed(lambda: app.kpis(ctx), 200)
    page_p95, kpi_p95 = percentile(page_ms, 95), percentile(kpi_ms, 95)
    note = f"{rows:,} price rows, {MARKETS} markets, {len(ctx.config.items)} items, {DAYS} days"
    page_note = f"p50 {percentile(page_ms, 50):.1f} ms; {note}"
    kpi_note = f"p50 {percentile(kpi_ms, 50):.1f} ms; {note}"
    return [
        Result(
            "harga-pangan: today page p95", page_p95, "ms", "≤ 100 ms", page_p95 <= 100, page_note
        ),
        Result("harga-pangan: KPIs p95", kpi_p95, "ms", "≤ 50 ms", kpi_p95 <= 50, kpi_note),
        Result("harga-pangan: seeding a year for 50 markets", seeded, "s", note=note),
    ]


if __name__ == "__main__":
    for result in run():
        print(result.as_dict())
