"""Data Terbuka's CKAN API: ``datastore_search`` on a 1,000,000-row resource and
``package_search`` over 10,000 datasets, on SQLite and PostgreSQL.

Method: in-process (``django.test.Client`` through the real URL map, middleware included),
warm (each query shape run 20 times before timing), then ``SAMPLES`` timed calls with
varying parameters; p95 of wall time per call.

- ``datastore_search`` with two equality filters (station of 100, quantity of 10: ~1,000
  matching rows) and ``sort=ts desc``, limit 100; then the same with ``include_total``
  (the table is over 100,000 rows, so a filtered total is an estimate: PostgreSQL's
  planner, SQLite's stratified sample).
- ``package_search`` with a one-word text query (each dataset has 8 of 300 words: ~3% match)
  and three facets (tags, organization, groups) over 10,000 published datasets of one
  region.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import shutil
import time
from collections.abc import Iterator
from typing import Any

from bench.harness import Result, on_sqlite_and_postgresql, percentile, setup_django

PG_SERVER = os.environ.get("KOTACERDAS_BENCH_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
PG_DB = "kc_bench_data_terbuka"
ROWS = 1_000_000
STATIONS = 100
QUANTITIES = 10
DATASETS = 10_000
WORDS = [f"kata{n:03d}" for n in range(300)]
TAGS = [f"tag{n:02d}" for n in range(60)]
SAMPLES = 200
WARM = 20
REGION = "semarang"


def _rows() -> Iterator[tuple[Any, ...]]:
    start = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    rng = random.Random(7)
    for i in range(ROWS):
        yield (
            f"st{i % STATIONS:03d}",
            f"q{(i // STATIONS) % QUANTITIES}",
            start + dt.timedelta(minutes=i),
            round(rng.random() * 100, 2),
        )


def _world() -> tuple[str, float]:
    from django.db import connection, transaction
    from django.utils import timezone

    from kotacerdas.apps.data_terbuka import datastore
    from kotacerdas.apps.data_terbuka.models import DatasetTag, OpenDataset, Release, Resource
    from kotacerdas.apps.data_terbuka.plugin import DataTerbuka
    from kotacerdas.core.models import Agency, Region
    from kotacerdas.platform.demo import seed_demo

    # The demo's own open-data feeds are not under test here (and are benched by
    # bench_data_terbuka_store): the regions, agencies and installations are enough.
    DataTerbuka.seed_demo = lambda self, regions: None  # type: ignore[method-assign]
    seed_demo()
    region = Region.objects.get(slug=REGION)
    agencies = list(Agency.objects.unscoped("bench").filter(region=region))
    rng = random.Random(3)
    dimensions = ["governance", "branding", "economy", "society", "living", "environment"]
    datasets = OpenDataset.objects.unscoped("bench")
    with transaction.atomic():
        made = datasets.bulk_create(
            [
                OpenDataset(
                    region=region,
                    name=f"bench-{n:05d}",
                    source="upload",
                    title_id=f"Dataset {n}",
                    frequency="bulanan",
                    dimension=dimensions[n % 6],
                    state="published",
                    access_level="terbuka",
                    agency=agencies[n % len(agencies)],
                    search_text=" ".join(rng.sample(WORDS, 8)) + f" dataset {n}",
                )
                for n in range(DATASETS)
            ],
            batch_size=2000,
        )
        DatasetTag.objects.unscoped("bench").bulk_create(
            [
                DatasetTag(region=region, dataset=d, name=t)
                for d in made
                for t in rng.sample(TAGS, 3)
            ],
            batch_size=5000,
        )
        Resource.objects.unscoped("bench").bulk_create(
            [
                Resource(region=region, dataset=d, name="data", title_id="Data", format="CSV")
                for d in made
            ],
            batch_size=5000,
        )
    if connection.vendor == "postgresql":
        # Autovacuum analyses a table soon after a bulk load like this one; the bench does
        # it at once so the planner sees 10,000 datasets, not the empty table it last saw.
        with connection.cursor() as cursor:
            for table in ("opendataset", "datasettag", "resource"):
                cursor.execute(f"ANALYZE data_terbuka_{table}")
    big = datasets.create(
        region=region,
        name="bench-besar",
        source="upload",
        title_id="Satu juta baris",
        frequency="harian",
        dimension="environment",
        state="published",
        access_level="terbuka",
        agency=agencies[0],
        search_text="satu juta baris",
    )
    resource = Resource.objects.unscoped("bench").create(
        region=region, dataset=big, name="besar", title_id="Besar"
    )
    columns = [
        {"name": "station", "type": "text", "title": {"id": "Stasiun"}},
        {"name": "quantity", "type": "text", "title": {"id": "Besaran"}},
        {"name": "ts", "type": "timestamp", "title": {"id": "Waktu"}},
        {"name": "value", "type": "numeric", "title": {"id": "Nilai"}},
    ]
    release = Release.objects.unscoped("bench").create(
        region=region,
        resource=resource,
        version=1,
        state="published",
        columns=columns,
        published_at=timezone.now(),
    )
    started = time.perf_counter()
    with transaction.atomic():
        datastore.create_table(release)
        release.row_count = datastore.load_rows(release, _rows())
        release.save()
    load_seconds = time.perf_counter() - started
    resource.current = release
    resource.save()
    return str(resource.uuid), load_seconds


CPU: dict[str, float] = {}


def _timed(client: Any, path: str, params: list[dict[str, str]], label: str = "") -> list[float]:
    """Wall milliseconds per call; the CPU p95 of this process goes to ``CPU[label]`` (on a
    loaded machine the wall time includes waiting for a core)."""
    for p in params[:WARM]:
        response = client.get(path, p)
        assert response.status_code == 200, response.content[:300]
    samples = []
    cpu = []
    for p in params:
        start, start_cpu = time.perf_counter(), time.process_time()
        response = client.get(path, p)
        samples.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
        assert response.status_code == 200
    CPU[label] = percentile(cpu, 95)
    return samples


def _measure(backend: str) -> list[Result]:
    import json

    from django.test import Client

    resource_id, load_seconds = _world()
    client = Client()
    base = f"/r/{REGION}/data-terbuka/api/3/action/"
    rng = random.Random(11)
    filters = [
        {
            "resource_id": resource_id,
            "filters": json.dumps(
                {
                    "station": f"st{rng.randrange(STATIONS):03d}",
                    "quantity": f"q{rng.randrange(QUANTITIES)}",
                }
            ),
            "sort": "ts desc",
            "limit": "100",
            "include_total": "false",
        }
        for _ in range(SAMPLES)
    ]
    plain = _timed(client, base + "datastore_search", filters, "plain")
    with_total = _timed(
        client,
        base + "datastore_search",
        [{**p, "include_total": "true"} for p in filters],
        "total",
    )
    sample = client.get(base + "datastore_search", {**filters[0], "include_total": "true"})
    body = json.loads(sample.content)["result"]
    searches = [
        {
            "q": rng.choice(WORDS),
            "facet.field": json.dumps(["tags", "organization", "groups"]),
            "rows": "10",
        }
        for _ in range(SAMPLES)
    ]
    found = json.loads(client.get(base + "package_search", searches[0]).content)["result"]
    search = _timed(client, base + "package_search", searches, "search")
    load = os.getloadavg()[0]
    p_plain, p_total, p_search = (percentile(s, 95) for s in (plain, with_total, search))
    return [
        Result(
            f"data-terbuka: datastore_search 2 filters + sort, 1M rows, p95 ({backend})",
            p_plain,
            "ms",
            "≤ 50 ms",
            p_plain <= 50,
            f"in-process client, warm, {SAMPLES} calls, ~{ROWS // STATIONS // QUANTITIES} "
            f"matching rows, limit 100; CPU p95 {CPU['plain']:.1f} ms; load {load:.1f}",
        ),
        Result(
            f"data-terbuka: datastore_search + include_total, 1M rows, p95 ({backend})",
            p_total,
            "ms",
            "≤ 80 ms",
            p_total <= 80,
            f"total {body['total']} (estimated: {body['total_was_estimated']}; exact "
            f"{ROWS // STATIONS // QUANTITIES}); CPU p95 {CPU['total']:.1f} ms",
        ),
        Result(
            f"data-terbuka: package_search q + 3 facets, 10k datasets, p95 ({backend})",
            p_search,
            "ms",
            "≤ 30 ms",
            p_search <= 30,
            f"{DATASETS:,} datasets, ~{found['count']} match a query; "
            f"CPU p95 {CPU['search']:.1f} ms; load {load:.1f}",
        ),
        Result(
            f"data-terbuka: datastore load of 1M rows (bench fixture) ({backend})",
            ROWS / load_seconds,
            "rows/s",
            "",
            None,
            "load_rows from a generator, indexes and ANALYZE included",
        ),
    ]


def measure(backend: str, database_url: str | None) -> list[Result]:
    folder = setup_django(database_url)
    try:
        return _measure(backend)
    finally:
        from django.db import connections

        connections.close_all()
        shutil.rmtree(folder, ignore_errors=True)


def measure_cli(backend: str) -> list[Result]:
    if backend == "sqlite":
        return measure("SQLite", None)
    return measure("PostgreSQL", PG_SERVER.rsplit("/", 1)[0] + "/" + PG_DB)


def run() -> list[Result]:
    return on_sqlite_and_postgresql(
        "bench.bench_data_terbuka_api", "data-terbuka-api", PG_SERVER, PG_DB
    )
