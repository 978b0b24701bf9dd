"""Aduan Warga with 100,000 reports: Open311 ``GET requests.json`` p95 and ``POST`` rate.

Measured through the Django test client (the full request path: URL routing, middleware,
view, ORM, JSON), on SQLite and on PostgreSQL; each backend runs in its own process.
PostgreSQL uses a throw-away database ``kc_bench_aduan`` that is created and dropped here.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import shutil
import time

from bench.harness import Result, on_sqlite_and_postgresql, percentile, setup_django

REPORTS = 100_000
PG_SERVER = os.environ.get("KOTACERDAS_BENCH_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
PG_DB = "kc_bench_aduan"
GET_URL = "/open311/v2/requests.json?jurisdiction_id=33.74&page_size=100"
POSTS = 1000


def _fill(count: int) -> None:
    """Bulk-insert ``count`` reports over the last 180 days (half inside the default window)."""
    from django.utils import timezone

    from kotacerdas.apps.aduan_warga.models import Report, Status
    from kotacerdas.apps.aduan_warga.services.reporting import new_ticket
    from kotacerdas.core.models import Agency, Region

    region = Region.objects.get(slug="semarang")
    agencies = list(Agency.objects.unscoped("bench").filter(region=region))
    rng = random.Random(42)
    now = timezone.now()
    statuses = list(Status)
    batch: list[Report] = []
    rows = Report.objects.unscoped("bench data")
    for i in range(count):
        created = now - dt.timedelta(seconds=rng.uniform(0, 180 * 86400))
        batch.append(
            Report(
                region=region,
                ticket=f"{new_ticket(region)}{i % 10}",
                service_code="jalan-rusak",
                category_name="Jalan rusak",
                status=rng.choice(statuses),
                agency=rng.choice(agencies),
                lat=-6.99 + rng.uniform(-0.05, 0.05),
                lng=110.42 + rng.uniform(-0.05, 0.05),
                address="Jl. Pemuda",
                description="Jalan berlubang " * 5,
                tracking_hash="0" * 64,
                created_at=created,
                updated_at=created,
                due_at=created + dt.timedelta(days=5),
                expected_at=created + dt.timedelta(days=14),
                source="bench",
            )
        )
        if len(batch) == 5000:
            rows.bulk_create(batch)
            batch = []
    rows.bulk_create(batch)


def measure(backend: str, database_url: str | None) -> list[Result]:
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    folder = setup_django(database_url)
    try:
        return _measure(backend)
    finally:
        from django.db import connections

        connections.close_all()
        shutil.rmtree(folder, ignore_errors=True)  # 100,000 reports weigh ~100 MB


def _measure(backend: str) -> list[Result]:
    import contextlib
    import io

    from django.test import Client

    from kotacerdas.core.demo import seed_demo

    with contextlib.redirect_stdout(io.StringIO()):  # the demo's banner lines
        seed_demo()
    started = time.perf_counter()
    _fill(REPORTS)
    fill_s = time.perf_counter() - started
    client = Client()
    for _ in range(20):  # warm caches and connections
        assert client.get(GET_URL).status_code == 200
    samples = []
    for _ in range(300):
        start = time.perf_counter()
        response = client.get(GET_URL)
        samples.append((time.perf_counter() - start) * 1000)
    assert response.status_code == 200 and len(json.loads(response.content)) == 100
    p95 = percentile(samples, 95)
    # What the platform itself costs per request through this client, for context.
    base = []
    for _ in range(300):
        start = time.perf_counter()
        client.get("/healthz")
        base.append((time.perf_counter() - start) * 1000)
    form = {
        "jurisdiction_id": "33.74",
        "api_key": "demo-open311-key",
        "service_code": "jalan-rusak",
        "lat": "-6.99",
        "long": "110.42",
        "description": "Jalan berlubang di depan sekolah",
        "email": "warga@contoh.id",
    }
    start = time.perf_counter()
    for _ in range(POSTS):
        assert client.post("/open311/v2/requests.json", form).status_code == 200
    rate = POSTS / (time.perf_counter() - start)
    note = f"{REPORTS:,} reports (bulk insert {fill_s:.0f} s); Django test client"
    return [
        Result(
            f"aduan-warga: GET requests.json page 100 p95 ({backend})",
            p95,
            "ms",
            "≤ 30 ms",
            p95 <= 30,
            note,
        ),
        Result(f"aduan-warga: GET /healthz p95, baseline ({backend})", percentile(base, 95), "ms"),
        Result(
            f"aduan-warga: POST requests.json ({backend})",
            rate,
            "req/s",
            "≥ 300/s",
            rate >= 300,
            f"{POSTS} sequential posts; Django test client",
        ),
    ]


def measure_cli(backend: str) -> list[Result]:
    if backend == "sqlite":
        return measure("SQLite", None)
    return measure("PostgreSQL", PG_SERVER.rsplit("/", 1)[0] + "/" + PG_DB)


def run() -> list[Result]:
    return on_sqlite_and_postgresql("bench.bench_aduan_warga", "aduan-warga", PG_SERVER, PG_DB)
