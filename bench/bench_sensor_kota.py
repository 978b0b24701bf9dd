"""Sensor Kota ingestion: raw insert ceiling vs the platform's HTTP batch path through a real
server (uvicorn, concurrent clients) on the same rows, on SQLite and PostgreSQL; a one-year
hourly series p95; server memory over the run. (MQTT: bench/bench_sensor_mqtt.py.)

Everything platform-side runs in subprocesses (``kotacerdas serve``), so one bench process
can drive both engines. Shortened from the issue to keep the bench near a minute:
1,000,000 readings per engine instead of a 10-minute run (memory is sampled over that run).
"""

from __future__ import annotations

import http.client
import json
import os
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any

from bench.harness import Result, percentile

READINGS = 1_000_000
SENSORS = 200
BATCH = 10_000
CLIENTS = 4
PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
PG_BENCH = "postgresql://postgres@127.0.0.1:5432/kc_bench_sensor"
KEY = "bench-sensor-key"
SETUP = f"""
import django; django.setup()
from kotacerdas.core.models import Province, Region
from kotacerdas.platform.installations import enable_app
from kotacerdas.core.tenancy import Scope
from kotacerdas.apps.sensor_kota.services.keys import issue_ingest_key
from kotacerdas.apps.sensor_kota.models import Sensor, Station
scope = Scope.system("bench setup")
p = Province.objects.create(code="33", name="Jawa Tengah")
r = Region.objects.create(province=p, code="33.74", name="Kota Semarang", kind="kota",
    slug="semarang", centre_lat=-7, centre_lng=110.4, bbox_west=110, bbox_south=-7.2,
    bbox_east=110.6, bbox_north=-6.8)
enable_app(scope, r, "sensor-kota")
for s in range({SENSORS} // 10):
    st = Station.objects.unscoped("bench").create(region=r, code=f"st{{s}}", name=f"St {{s}}",
        kind="air", lat=-7, lng=110.4)
    for q in ["pm25", "pm10", "so2", "co", "o3", "no2", "hc", "temperature", "humidity",
              "rainfall"]:
        Sensor.objects.unscoped("bench").create(region=r, station=st, code=f"st{{s}}-{{q}}",
            quantity=q, unit="x", interval_seconds=1)
year = Station.objects.unscoped("bench").create(region=r, code="year", name="Year", kind="water",
    lat=-7, lng=110.4)
Sensor.objects.unscoped("bench").create(region=r, station=year, code="year-level",
    quantity="water_level", unit="cm", interval_seconds=60)
issue_ingest_key(scope, r, "bench", clear="{KEY}")
print(",".join(str(pk) for pk in Sensor.objects.unscoped("ids").order_by("pk")
               .values_list("pk", flat=True)))
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Platform:
    """A migrated data folder (SQLite or PostgreSQL) with a server to ingest through."""

    def __init__(self, database_url: str | None) -> None:
        self.folder = tempfile.mkdtemp(prefix="kc-bench-sensor-")
        self.env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        self.env.update(
            KOTACERDAS_DATA_DIR=self.folder, DJANGO_SETTINGS_MODULE="kotacerdas.settings"
        )
        if database_url:
            self.env["DATABASE_URL"] = database_url
        cli = [sys.executable, "-m", "kotacerdas"]
        subprocess.run([*cli, "migrate", "--no-input", "-v0"], env=self.env, check=True)
        out = subprocess.run(
            [sys.executable, "-c", SETUP], env=self.env, check=True, capture_output=True, text=True
        ).stdout
        ids = [int(x) for x in out.strip().splitlines()[-1].split(",")]
        self.sensor_ids, self.year_sensor = ids[:SENSORS], ids[SENSORS]
        self.port = free_port()
        self.server = subprocess.Popen(
            [*cli, "serve", "--port", str(self.port), "--workers", "2"],
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self._wait()
        self._warm()

    def _wait(self) -> None:
        for _ in range(200):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=1)
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("server did not start")

    def _warm(self) -> None:
        # A worker imports the URL configuration on its first request (~1.5 s of CPU here);
        # the issue asks for a steady 10-minute rate, so the short run starts with every
        # worker warm: fresh connections land on both workers.
        for _ in range(40):
            urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=10).read()

    def rss_mb(self) -> float:
        """Resident memory of the server and its worker processes."""
        pids, total = {self.server.pid}, 0
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    stat = (entry / "stat").read_text().split()
                    if int(stat[3]) in pids:
                        pids.add(int(entry.name))
                except OSError:
                    continue
        for pid in pids:
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
            except OSError:
                continue
        return total / 1024

    def cpu_seconds(self) -> float:
        """User + system CPU time of the server and its workers so far (load-independent,
        unlike the wall-clock rate on a shared machine)."""
        pids, total, tick = {self.server.pid}, 0.0, os.sysconf("SC_CLK_TCK")
        for _ in range(2):  # workers, then anything they started
            for entry in Path("/proc").iterdir():
                try:
                    if entry.name.isdigit() and int(_stat(entry)[1]) in pids:
                        pids.add(int(entry.name))
                except OSError:
                    continue
        for pid in pids:
            try:
                fields = _stat(Path(f"/proc/{pid}"))
                total += (int(fields[11]) + int(fields[12])) / tick
            except OSError:
                continue
        return total

    def stop(self) -> None:
        self.server.terminate()
        self.server.wait(10)


def _stat(proc: Path) -> list[str]:
    # Fields after the command name, which may itself hold spaces and parentheses.
    return (proc / "stat").read_text().rsplit(")", 1)[1].split()


def make_rows(sensor_ids: list[int], start_ms: int) -> list[list[tuple[int, int, float]]]:
    """READINGS rows as batches: every sensor at 1 Hz, BATCH readings per request."""
    per = BATCH // len(sensor_ids)
    batches = []
    for b in range(READINGS // BATCH):
        base = start_ms + b * per * 1000
        batches.append(
            [
                (sid, base + i * 1000, float((sid * 7 + i) % 60))
                for i in range(per)
                for sid in sensor_ids
            ]
        )
    return batches


def http_ingest(platform: Platform, bodies: list[bytes]) -> tuple[float, list[float]]:
    """Send bodies over CLIENTS keep-alive connections; returns (seconds, rss samples)."""
    queue = list(reversed(bodies))
    lock, errors, rss = threading.Lock(), [], []

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", platform.port, timeout=60)
        while True:
            with lock:
                if not queue:
                    return
                body = queue.pop()
            conn.request(
                "POST",
                "/api/apps/sensor-kota/ingest",
                body,
                {"Authorization": f"Bearer {KEY}", "Content-Type": "application/json"},
            )
            response = conn.getresponse()
            payload = response.read()
            if response.status != 200:
                errors.append(payload[:200])

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.5):
            rss.append(platform.rss_mb())

    sampler = threading.Thread(target=sample)
    rss.append(platform.rss_mb())
    sampler.start()
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # Timed to the last answer (an earlier version polled every 0.5 s and overshot).
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    rss.append(platform.rss_mb())
    if errors:
        raise RuntimeError(f"ingest failed: {errors[0]!r}")
    return seconds, rss


def body_of(rows: list[tuple[int, int, float]]) -> bytes:
    import orjson

    return orjson.dumps([{"sensor": s, "ts": t / 1000, "value": v} for s, t, v in rows])


def sqlite_ceiling(batches: list[list[tuple[int, int, float]]]) -> float:
    path = Path(tempfile.mkdtemp(prefix="kc-bench-ceiling-")) / "ceiling.sqlite3"
    db = sqlite3.connect(path, isolation_level=None)
    db.executescript(
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
        "CREATE TABLE r (sensor_id BIGINT NOT NULL, ts BIGINT NOT NULL, value REAL "
        "NOT NULL, PRIMARY KEY (sensor_id, ts)) WITHOUT ROWID;"
    )
    start = time.perf_counter()
    for rows in batches:
        db.execute("BEGIN IMMEDIATE")
        db.executemany("INSERT OR IGNORE INTO r VALUES (?, ?, ?)", rows)
        db.execute("COMMIT")
    return READINGS / (time.perf_counter() - start)


def postgres_ceiling(batches: list[list[tuple[int, int, float]]]) -> float:
    import psycopg

    with psycopg.connect(PG_BENCH, autocommit=True) as conn:
        conn.execute(
            "CREATE TABLE ceiling_reading (sensor_id BIGINT NOT NULL, ts BIGINT NOT NULL,"
            " value DOUBLE PRECISION NOT NULL, PRIMARY KEY (sensor_id, ts))"
        )
        start = time.perf_counter()
        for rows in batches:
            with (
                conn.transaction(),
                conn.cursor() as cur,
                cur.copy("COPY ceiling_reading (sensor_id, ts, value) FROM STDIN") as copy,
            ):
                for row in rows:
                    copy.write_row(row)
        return READINGS / (time.perf_counter() - start)


def year_series_p95(platform: Platform) -> float:
    """Ingest a year of one reading per 10 minutes for one sensor, then time the hourly query."""
    import orjson

    end = int(time.time()) // 3600 * 3600
    start = end - 365 * 86400
    stamps = list(range(start, end, 600))
    for i in range(0, len(stamps), BATCH):
        body = orjson.dumps(
            [
                {"sensor": platform.year_sensor, "ts": t, "value": 50.0 + t % 97}
                for t in stamps[i : i + BATCH]
            ]
        )
        request = urllib.request.Request(
            f"http://127.0.0.1:{platform.port}/api/apps/sensor-kota/ingest",
            body,
            {"Authorization": f"Bearer {KEY}", "Content-Type": "application/json"},
        )
        urllib.request.urlopen(request, timeout=60).read()
    conn = http.client.HTTPConnection("127.0.0.1", platform.port, timeout=30)
    query = (
        f"/api/apps/sensor-kota/semarang/stations/year/series?resolution=hour"
        f"&start={time.strftime('%Y-%m-%dT%H:%M:%S', time.gmtime(start))}%2B00:00"
        f"&end={time.strftime('%Y-%m-%dT%H:%M:%S', time.gmtime(end))}%2B00:00"
    )
    samples = []
    for _ in range(100):
        t0 = time.perf_counter()
        conn.request("GET", query)
        response = conn.getresponse()
        data = response.read()
        samples.append((time.perf_counter() - t0) * 1000)
    points = len(json.loads(data)["series"][0]["points"])
    if points < 8700:
        raise RuntimeError(f"the year series has only {points} hourly points")
    return percentile(samples[10:], 95)


def engine(label: str, database_url: str | None, ceiling: Any) -> list[Result]:
    platform = Platform(database_url)
    try:
        start_ms = (int(time.time()) - 3 * 86400) * 1000
        batches = make_rows(platform.sensor_ids, start_ms)
        raw = ceiling(batches)
        bodies = [body_of(rows) for rows in batches]
        cpu_before = platform.cpu_seconds()
        seconds, rss = http_ingest(platform, bodies)
        cpu = platform.cpu_seconds() - cpu_before
        rate = READINGS / seconds
        p95 = year_series_p95(platform)
    finally:
        platform.stop()
    share = rate / raw * 100
    return [
        Result(
            f"sensor-kota {label}: raw insert ceiling",
            raw,
            "rows/s",
            "",
            None,
            "executemany INSERT OR IGNORE" if label == "SQLite" else "COPY, same PK",
        ),
        Result(
            f"sensor-kota {label}: HTTP batch ingest",
            rate,
            "readings/s",
            "≥ 100,000",
            rate >= 100_000,
            f"{READINGS:,} readings, {CLIENTS} clients, batches of {BATCH:,}, "
            "uvicorn 2 workers, rollups + status in the same path",
        ),
        Result(
            f"sensor-kota {label}: HTTP ingest / raw ceiling", share, "%", "≥ 60 %", share >= 60
        ),
        Result(
            f"sensor-kota {label}: HTTP ingest per server CPU-second",
            READINGS / cpu,
            "readings/s",
            "",
            None,
            f"server CPU {cpu:.2f} s for {READINGS:,} readings (database server not included); "
            f"load average {os.getloadavg()[0]:.1f}",
        ),
        Result(
            f"sensor-kota {label}: one-year hourly series p95",
            p95,
            "ms",
            "≤ 20 ms",
            p95 <= 20,
            "GET series API, 8,760 points, through the server",
        ),
        Result(
            f"sensor-kota {label}: server RSS start → end of ingest",
            rss[-1] if rss else float("nan"),
            "MB",
            "flat",
            None,
            f"first {rss[0]:.0f} MB, max {max(rss):.0f} MB over {seconds:.0f} s" if rss else "",
        ),
    ]


def reset_postgres() -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS kc_bench_sensor WITH (FORCE)")
        conn.execute("CREATE DATABASE kc_bench_sensor")


def run() -> list[Result]:
    results = engine("SQLite", None, sqlite_ceiling)
    try:
        reset_postgres()
        results += engine("PostgreSQL", PG_BENCH, postgres_ceiling)
    except Exception as exc:  # no PostgreSQL here: say so instead of failing the whole bench
        results.append(
            Result("sensor-kota PostgreSQL", float("nan"), "", "", False, str(exc)[:200])
        )
    return results
