"""Maturity index: the province view with 35 regions p95, a region's PDF report.

Dataset: the seeded demo (its regions, every installed app, this year's full template with
the monev and SPBE indicators) topped up to 35 regions in the demo's province (Jawa Tengah
has 35 kabupaten/kota), each extra region placed beside the demo's; every region gets
approved entries (random levels) for every manual indicator, the monev's and the 47 SPBE
ones, then its scores recomputed and stored, as the hourly job does. Two earlier years
are copied from the template and computed too, so the trend column has three points.

The figures are the Django test client's (routing, middleware, view, template), warm: the
first request of each page is made once before measuring. The province view reads only
stored ``Score`` rows (no KPI of any region is computed while it renders).
"""

from __future__ import annotations

import os
import random
import time
from typing import Any

from bench.harness import Result, on_sqlite_and_postgresql, percentile, setup_django

REGIONS = 35
SAMPLES = 50
PDF_SAMPLES = 10
PG_SERVER = os.environ.get("KOTACERDAS_BENCH_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
PG_DB = "kc_bench_maturity"


def _fill_regions() -> int:
    """Extra regions in the demo's province up to REGIONS, beside the demo's regions."""
    from kotacerdas.core.models import Province, Region

    province = Province.objects.get(code="33")
    existing = list(Region.objects.filter(province=province))
    used = {r.code for r in Region.objects.all()}
    free = (f"33.{n:02d}" for n in range(1, 100) if f"33.{n:02d}" not in used)
    base = existing[0]
    added = 0
    for i in range(REGIONS - len(existing)):
        code = next(free)
        dx, dy = 0.3 * (i % 6), 0.3 * (i // 6)
        Region.objects.create(
            province=province,
            code=code,
            name=f"Kabupaten Bench {i + 1}",
            kind=Region.Kind.KABUPATEN,
            slug=f"bench-{i + 1}",
            centre_lat=base.centre_lat - dy,
            centre_lng=base.centre_lng + dx,
            bbox_west=base.centre_lng + dx - 0.12,
            bbox_south=base.centre_lat - dy - 0.12,
            bbox_east=base.centre_lng + dx + 0.12,
            bbox_north=base.centre_lat - dy + 0.12,
        )
        added += 1
    return added


def _fill_scores(year: int) -> tuple[int, int]:
    """Approved entries for every manual indicator of every region, scores recomputed."""
    from decimal import Decimal

    from kotacerdas.core.models import Region
    from kotacerdas.maturity.compute import recompute
    from kotacerdas.maturity.models import Entry, EntryState, EvaluationTemplate, Source
    from kotacerdas.maturity.seed import copy_template, seed_template

    rng = random.Random(35)
    current = seed_template(year)
    templates = [current]
    for past in (year - 2, year - 1):
        found = EvaluationTemplate.objects.filter(year=past).first()
        templates.append(found or copy_template(current, past))
    regions = list(Region.objects.filter(province__code="33"))
    entries = Entry.objects.unscoped("bench data")
    made = []
    for template in templates:
        manual = [i for i in template.indicators.all() if i.source == Source.MANUAL]
        done = set(
            entries.filter(indicator__template=template).values_list("region_id", "indicator_id")
        )
        for region in regions:
            for ind in manual:
                if (region.pk, ind.pk) in done:
                    continue
                level = Decimal(rng.randint(1, 5))
                made.append(
                    Entry(
                        region=region,
                        indicator=ind,
                        value=level,
                        accepted_value=level,
                        state=EntryState.APPROVED,
                        note="bench",
                    )
                )
    entries.bulk_create(made, batch_size=2000)
    for template in templates:
        for region in regions:
            recompute(region, template)
    return len(regions), current.indicators.count()


def _timed(get: Any, url: str, samples_wanted: int) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU milliseconds of each request. The CPU time of this thread (the
    view, the template and SQLite all run on it) says what the page costs when the machine
    is shared and the wall clock also counts waiting for a core."""
    get(url)  # warm: the first request pays for template loading and caches
    wall, cpu = [], []
    for _ in range(samples_wanted):
        start, start_cpu = time.perf_counter(), time.thread_time()
        response = get(url)
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.thread_time() - start_cpu) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return wall, cpu


def measure(backend: str, database_url: str | None) -> list[Result]:
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    setup_django(database_url)
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from kotacerdas.platform.demo import seed_demo

    seed_demo()
    _fill_regions()
    year = timezone.localdate().year
    regions, indicators = _fill_scores(year)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    officer, team = Client(), Client()
    officer.force_login(User.objects.get(username="provinsi"))
    team.force_login(User.objects.get(username="admin-semarang"))
    province_url = f"/province/33/kematangan/?year={year}"
    page = officer.get(province_url)
    assert page.status_code == 200
    body = page.content.decode()
    assert body.count('class="mt-rank-row"') == regions, "every region in the ranking"
    assert body.count('class="mt-spbe-row"') == regions, "every region in the SPBE table"
    wall, cpu = _timed(officer.get, province_url, SAMPLES)
    view, view_cpu, median = percentile(wall, 95), percentile(cpu, 95), percentile(wall, 50)
    pdf_url = f"/console/semarang/kematangan/laporan.pdf?year={year}"
    pdf, _pdf_cpu = _timed(team.get, pdf_url, PDF_SAMPLES)
    size = len(team.get(pdf_url).content) / 1024
    where = f"{regions} regions, {indicators} indicators, 3 years"
    return [
        Result(
            f"maturity ({backend}): province view p95, warm",
            view,
            "ms",
            "≤ 200 ms",
            view <= 200,
            f"{where}; median {median:.0f} ms, CPU p95 {view_cpu:.0f} ms; "
            f"page {len(body) // 1024} KB",
        ),
        Result(
            f"maturity ({backend}): region PDF, slowest of {PDF_SAMPLES}",
            max(pdf),
            "ms",
            "≤ 5000 ms",
            max(pdf) <= 5000,
            f"Kota Semarang, {size:.0f} KB",
        ),
    ]


def measure_cli(backend: str) -> list[Result]:
    if backend == "sqlite":
        return measure("SQLite", None)
    return measure("PostgreSQL", PG_SERVER.rsplit("/", 1)[0] + "/" + PG_DB)


def run() -> list[Result]:
    return on_sqlite_and_postgresql("bench.bench_maturity", "maturity", PG_SERVER, PG_DB)
