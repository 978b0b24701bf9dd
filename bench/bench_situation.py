"""Situation room: region and province summary p95, reading → browser latency, page weight.

Dataset: the seeded demo (six regions, every installed app) plus, when Aduan Warga is
installed, 100,000 reports in Kota Semarang (its bench's own filler); when Sensor Kota is
installed, 200 sensors in all (the demo's and new water-level stations spread over the six
regions) with a year of hourly readings written through the readings store, so every
rollup level holds a year; and 200,000 events and 2,000 alerts spread over the six regions and
the last 30 days (the room reads both).
Summaries are measured through the Django test client (routing, middleware, view, every
enabled app's providers), cold (cache emptied before each request) and warm. Latency is a
real uvicorn server and an SSE client: a water-level reading is POSTed to sensor-kota's
ingestion endpoint and the clock stops when its event arrives on the stream. On PostgreSQL
the reading goes to one server process and the stream is held on another (LISTEN/NOTIFY).
"""

from __future__ import annotations

import datetime as dt
import gzip
import http.client
import json
import os
import random
import re
import socket
import subprocess
import sys
import time
from typing import Any

from bench.harness import Result, on_sqlite_and_postgresql, percentile, setup_django

EVENTS = 200_000
ALERTS = 2_000
REPORTS = 100_000
SAMPLES = 50
READINGS = 30
PG_SERVER = os.environ.get("KOTACERDAS_BENCH_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
PG_DB = "kc_bench_situation"
SENSOR = "awlr-bkt-water-level"
SENSORS = 200
YEAR_HOURS = 365 * 24


def _fill_sensors() -> int:
    """Top the demo's sensors up to SENSORS and give each a year of hourly readings."""
    from kotacerdas.apps.sensor_kota import store
    from kotacerdas.apps.sensor_kota.models import Sensor, Station
    from kotacerdas.core.models import Region

    why = "bench data"
    stations, sensors = Station.objects.unscoped(why), Sensor.objects.unscoped(why)
    regions = list(Region.objects.all())
    rng = random.Random(200)
    missing = SENSORS - sensors.count()
    for i in range(missing):
        region = regions[i % len(regions)]
        station = stations.create(
            region=region,
            code=f"bench-awlr-{i}",
            name=f"Bench AWLR {i}",
            kind="water",
            lat=rng.uniform(region.bbox_south, region.bbox_north),
            lng=rng.uniform(region.bbox_west, region.bbox_east),
        )
        sensors.create(
            region=region,
            station=station,
            code=f"bench-awlr-{i}-water-level",
            quantity="water_level",
            unit="cm",
            interval_seconds=3600,
        )
    end = int(time.time()) // 3600 * 3600
    start = end - YEAR_HOURS * 3600
    ids = list(sensors.values_list("pk", flat=True))
    written = 0
    for sid in ids:
        base = rng.uniform(20, 80)
        rows = [
            (sid, t * 1000, round(base + 15 * rng.random(), 1)) for t in range(start, end, 3600)
        ]
        written += store.write_batch(rows).inserted
    return written


def _fill_events() -> None:
    from django.utils import timezone

    from kotacerdas.core.models import AlertRecord, Event, Region

    regions = list(Region.objects.all())
    rng = random.Random(6)
    now = timezone.now()
    events = Event.objects.unscoped("bench data")
    batch = []
    for i in range(EVENTS):
        batch.append(
            Event(
                region=rng.choice(regions),
                app_key=rng.choice(["sensor-kota", "aduan-warga"]),
                kind="reading",
                payload={"value": i},
                public=rng.random() < 0.5,
            )
        )
        if len(batch) == 10_000:
            events.bulk_create(batch)
            batch = []
    events.bulk_create(batch)
    # created_at is auto_now_add: spread the rows over 30 days afterwards.
    for offset in range(30):
        events.filter(
            id__gt=0,
            id__lt=10**12,
            payload__value__gte=offset * EVENTS // 30,
            payload__value__lt=(offset + 1) * EVENTS // 30,
        ).update(created_at=now - dt.timedelta(days=offset, minutes=rng.randint(0, 1400)))
    alerts = AlertRecord.objects.unscoped("bench data")
    alerts.bulk_create(
        AlertRecord(
            region=rng.choice(regions),
            app_key="bench",
            condition=f"c{i}",
            severity="warning",
            title=f"Bench {i}",
            state="cleared" if i >= 20 else "active",
            cleared_at=now,
        )
        for i in range(ALERTS)
    )


def _timed(get: Any, url: str, before: Any = None, samples_wanted: int = SAMPLES) -> list[float]:
    samples = []
    for _ in range(samples_wanted):
        if before:
            before()
        start = time.perf_counter()
        response = get(url)
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.status_code
    return samples


def _asset(url: str) -> bytes:
    """The bytes the app serves at a /static/ URL, read where the static finders find them."""
    from django.contrib.staticfiles import finders

    found = finders.find(url.removeprefix("/static/"))
    assert isinstance(found, str), url
    with open(found, "rb") as fh:
        return fh.read()


def _page_weight(client: Any) -> tuple[float, float]:
    html = client.get("/r/semarang/situation/").content
    urls = re.findall(rb'(?:src|href)="(/static/[^"]+\.(?:js|css))"', html)
    assets = [_asset(u.decode()) for u in urls]
    raw = len(html) + sum(len(a) for a in assets)
    packed = len(gzip.compress(html)) + sum(len(gzip.compress(a)) for a in assets)
    return raw / 1024, packed / 1024


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _server(database_url: str | None) -> tuple[subprocess.Popen[bytes], int]:
    from django.conf import settings

    port = _free_port()
    env = dict(os.environ, SECRET_KEY=settings.SECRET_KEY)
    if database_url:
        env["DATABASE_URL"] = database_url
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "kotacerdas.asgi:application",
            "--port",
            str(port),
            "--lifespan",
            "off",
            "--log-level",
            "warning",
        ],
        env=env,
    )
    for _ in range(300):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return proc, port
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("uvicorn did not start")


def _latency(database_url: str | None, session: str) -> list[float]:
    """POST a reading to one server, wait for its event on a stream held by ``stream_port``."""
    ingest_proc, ingest_port = _server(database_url)
    stream_proc, stream_port = _server(database_url) if database_url else (ingest_proc, ingest_port)
    try:
        conn = http.client.HTTPConnection("127.0.0.1", stream_port, timeout=30)
        conn.request(
            "GET", "/r/semarang/situation/events/", headers={"Cookie": f"sessionid={session}"}
        )
        stream = conn.getresponse()
        assert stream.status == 200
        samples = []
        for i in range(READINGS):
            # sensor-kota evaluates a station at most every 2 s (SENSOR_KOTA_EVALUATE_SECONDS):
            # a gauge reporting faster than that changes nothing on the wall in between.
            time.sleep(2.1 if i else 0)
            # Each reading newer than every stored one: only the newest is evaluated live.
            ts = dt.datetime.now(dt.UTC) - dt.timedelta(milliseconds=1)
            reading = {"sensor": SENSOR, "value": 40 + (i % 7), "ts": ts.isoformat()}
            body = json.dumps([reading])
            post = http.client.HTTPConnection("127.0.0.1", ingest_port, timeout=30)
            start = time.perf_counter()
            post.request(
                "POST",
                "/api/apps/sensor-kota/ingest",
                body=body,
                headers={"X-Api-Key": "demo-sensor-key", "Content-Type": "application/json"},
            )
            assert post.getresponse().status == 200
            deadline = time.monotonic() + 10
            while True:
                if time.monotonic() > deadline:  # heartbeats keep the socket alive: fail, not hang
                    raise TimeoutError(f"reading {i}: no sensor-kota event within 10 s")
                line = stream.fp.readline().decode()
                # The reading's event: sensor-kota's next event on this region's stream.
                if line.startswith("data: ") and '"app":"sensor-kota"' in line:
                    samples.append((time.perf_counter() - start) * 1000)
                    break
            post.close()
        conn.close()
        return samples
    finally:
        for proc in {ingest_proc, stream_proc}:
            proc.terminate()
            proc.wait(timeout=10)


def measure(backend: str, database_url: str | None) -> list[Result]:
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    setup_django(database_url)
    from django.contrib.auth.models import User
    from django.core.cache import cache
    from django.test import Client

    from kotacerdas.contract import get_app
    from kotacerdas.platform.demo import seed_demo

    seed_demo()
    if get_app("aduan-warga") is not None:
        from bench.bench_aduan_warga import _fill

        _fill(REPORTS)
    if get_app("sensor-kota") is not None:
        _fill_sensors()
    _fill_events()
    # A database that has been running has planner statistics (autovacuum's ANALYZE on
    # PostgreSQL); one bulk-filled a moment ago has none and plans for empty tables.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    operator, officer = Client(), Client()
    operator.force_login(User.objects.get(username="admin-semarang"))
    officer.force_login(User.objects.get(username="provinsi"))
    results = []
    # The map's layers are the room's second request (thousands of report points): the issue
    # sets no target for it, so it is reported beside the summaries without one.
    for name, client, url, target in [
        ("region summary", operator, "/r/semarang/situation/", 100),
        ("province summary", officer, "/province/33/situation/", 200),
        ("region map layers", operator, "/r/semarang/situation/layers.json", None),
    ]:
        cold = percentile(_timed(client.get, url, cache.clear), 95)
        warm = percentile(_timed(client.get, url), 95)
        for state, value, note in [("cold", cold, "cache emptied before each"), ("warm", warm, "")]:
            results.append(
                Result(
                    f"situation ({backend}): {name} p95, {state}",
                    value,
                    "ms",
                    f"≤ {target} ms" if target else "",
                    value <= target if target else None,
                    note,
                )
            )
    raw, packed = _page_weight(operator)
    results.append(
        Result(
            f"situation ({backend}): room page weight, gzip",
            packed,
            "KB",
            "≤ 400 KB",
            packed <= 400,
            f"{raw:.0f} KB uncompressed, no tiles",
        )
    )
    if get_app("sensor-kota") is not None:
        session = operator.cookies["sessionid"].value
        lat = percentile(_latency(database_url, session), 95)
        where = "two server processes" if database_url else "one server process"
        results.append(
            Result(
                f"situation ({backend}): reading → stream p95",
                lat,
                "ms",
                "≤ 1000 ms",
                lat <= 1000,
                where,
            )
        )
    return results


def measure_cli(backend: str) -> list[Result]:
    if backend == "sqlite":
        return measure("SQLite", None)
    return measure("PostgreSQL", PG_SERVER.rsplit("/", 1)[0] + "/" + PG_DB)


def run() -> list[Result]:
    return on_sqlite_and_postgresql("bench.bench_situation", "situation", PG_SERVER, PG_DB)
