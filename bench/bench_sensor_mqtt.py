"""Sensor Kota over MQTT: messages/s one ingest worker stores, and its memory over a long run.

* **Throughput**, on SQLite and on a throw-away PostgreSQL database: ``MESSAGES`` QoS 1
  messages, one reading each, from ``PUBLISHERS`` ``mosquitto_pub`` processes, into one
  worker that acknowledges after commit. Two figures:

  - *backlog*: the worker subscribes (persistent session) and leaves, the publishers queue
    every message at the broker, then the worker comes back and drains them. The rate runs
    from its first message to its last commit, so neither the publishers nor their share of
    this machine's two cores is in it: this is the per-worker figure the target is about.
  - *live*: the worker runs while the publishers publish. On two cores shared with the
    broker and the publishers this is depressed; it is reported, not judged.

  Nothing lost is checked in the database: the reading table holds exactly one row per
  message sent (every message has its own (sensor, ts)).

* **Memory**, SQLite: ``kotacerdas ingest-mqtt`` (the real command) under a steady
  ``MEMORY_RATE`` messages/s, while ``kotacerdas serve`` takes HTTP batches, for
  ``KOTACERDAS_BENCH_MEMORY_SECONDS`` (default 600, the issue's ten minutes; ``0`` skips it
  for a quick bench). RSS from ``/proc`` every ``SAMPLE_SECONDS``. Flat means the growth
  over the second half of the run is at most 5 % of the RSS at half time: the first half
  absorbs warm-up (imports, caches, SQLite's page cache filling up to its limit).

Both use a private Mosquitto on a free port (``max_queued_messages 0``: unlimited), because
the machine's broker drops a client's queue beyond 1,000 messages and other people use it.
"""

from __future__ import annotations

import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from bench.harness import Result, on_sqlite_and_postgresql, setup_django

PG_SERVER = "postgresql://postgres@127.0.0.1:5432/postgres"
PG_DB = "kc_bench_sensor_mqtt"
MESSAGES = 100_000
PUBLISHERS = 4
STATIONS = 20  # ten sensors each
MEMORY_SECONDS = int(os.environ.get("KOTACERDAS_BENCH_MEMORY_SECONDS", "600"))
MEMORY_RATE = 4_000  # MQTT messages/s during the memory run
HTTP_BATCH = 1_000  # readings per HTTP request during the memory run, 5 requests/s
SAMPLE_SECONDS = 5.0
KEY = "bench-mqtt-key"
QUANTITIES = ["pm25", "pm10", "so2", "co", "o3", "no2", "hc", "temperature", "humidity", "rainfall"]

# A worker that drains what the broker has for its session, then prints its figures.
WORKER = """
import json, sys, time, django
django.setup()
from kotacerdas.apps.sensor_kota.ingest.mqtt import Worker
url, group, expected = sys.argv[1], sys.argv[2], int(sys.argv[3])
w = Worker(url, group, group, session_seconds=600)
w.start()
time.sleep(0.5)  # connected and subscribed
print("ready", flush=True)
if expected == 0:  # only leave the session (and its subscription) at the broker
    w.stop()
    sys.exit()
s = w.stats
cpu0 = time.process_time()  # the worker's own CPU from here: startup left out
w.run(lambda: s.received >= expected or (s.first_message and time.monotonic() - s.last_message > 5))
cpu = time.process_time() - cpu0
w.stop(end_session=True)
print(json.dumps({"received": s.received, "stored": s.stored, "cpu": cpu,
                  "seconds": s.last_commit - s.first_message}), flush=True)
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Broker:
    """A private Mosquitto with an unlimited queue per client."""

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"mqtt://127.0.0.1:{self.port}"
        conf = Path(tempfile.mkdtemp(prefix="kc-bench-mqtt-")) / "mosquitto.conf"
        conf.write_text(
            f"listener {self.port} 127.0.0.1\nallow_anonymous true\npersistence false\n"
            "max_queued_messages 0\nlog_dest none\n"
        )
        self.process = subprocess.Popen(["mosquitto", "-c", str(conf)])
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("mosquitto did not start")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(10)


def seed() -> list[str]:
    """A region with the app, STATIONS air stations of ten sensors, an ingest key."""
    from kotacerdas.apps.sensor_kota.models import Sensor, Station
    from kotacerdas.apps.sensor_kota.services.keys import issue_ingest_key
    from kotacerdas.core.models import Province, Region
    from kotacerdas.core.tenancy import Scope
    from kotacerdas.platform.installations import enable_app

    scope = Scope.system("bench setup")
    province = Province.objects.create(code="33", name="Jawa Tengah")
    region = Region.objects.create(
        province=province,
        code="33.74",
        name="Kota Semarang",
        kind="kota",
        slug="semarang",
        centre_lat=-7,
        centre_lng=110.4,
        bbox_west=110,
        bbox_south=-7.2,
        bbox_east=110.6,
        bbox_north=-6.8,
    )
    enable_app(scope, region, "sensor-kota")
    codes = []
    for s in range(STATIONS):
        station = Station.objects.unscoped("bench").create(
            region=region, code=f"st{s}", name=f"St {s}", kind="air", lat=-7, lng=110.4
        )
        for q in QUANTITIES:
            code = f"st{s}-{q}"
            Sensor.objects.unscoped("bench").create(
                region=region, station=station, code=code, quantity=q, unit="x"
            )
            codes.append(code)
    issue_ingest_key(scope, region, "bench", clear=KEY)
    return codes


def topic(code: str) -> str:
    return f"kotacerdas/33.74/{code}/{code.split('-', 1)[1]}"


def stored_rows() -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM sensor_kota_reading")
        return int(cursor.fetchone()[0])


def publish(broker: Broker, codes: list[str], per: int, base: float) -> None:
    """``per`` messages to each sensor's topic, one ``mosquitto_pub -l`` per sensor, all at
    once; a sensor's readings are one second apart from ``base`` (epoch seconds)."""
    lines = "".join(f'{{"ts": {base + i}, "value": {i % 80}}}\n' for i in range(per)).encode()
    procs = [
        subprocess.Popen([*publisher(broker, code), "-l"], stdin=subprocess.PIPE) for code in codes
    ]
    feeders = [threading.Thread(target=feed, args=(p, lines)) for p in procs]
    for t in feeders:
        t.start()
    for t in feeders:
        t.join()
    if any(p.wait() != 0 for p in procs):
        raise RuntimeError("mosquitto_pub failed")


def publisher(broker: Broker, code: str) -> list[str]:
    # QoS 1 with up to 1,000 messages in flight: the broker's own window (20) still applies.
    return ["mosquitto_pub", "-p", str(broker.port), "-V", "5", "-q", "1", "-M", "1000",
            "-t", topic(code)]  # fmt: skip


def feed(proc: subprocess.Popen[bytes], data: bytes) -> None:
    assert proc.stdin is not None
    proc.stdin.write(data)
    proc.stdin.close()


def worker(broker: Broker, group: str, expected: int) -> subprocess.Popen[str]:
    """The worker alone in its shared-subscription group, client id = group."""
    proc = subprocess.Popen(
        [sys.executable, "-c", WORKER, broker.url, group, str(expected)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    if proc.stdout.readline().strip() != "ready":
        raise RuntimeError("the ingest worker did not start")
    return proc


def finished(proc: subprocess.Popen[str]) -> dict[str, Any]:
    out, _ = proc.communicate(timeout=600)
    if proc.returncode != 0:
        raise RuntimeError(f"the ingest worker failed ({proc.returncode})")
    return dict(json.loads(out.strip().splitlines()[-1]))


def throughput(label: str, broker: Broker, codes: list[str]) -> list[Result]:
    """The backlog and the live figure (module docstring), each on fresh time ranges."""
    per = MESSAGES // PUBLISHERS
    results = []
    for mode, base in (("backlog", time.time() - 20 * 86400), ("live", time.time() - 10 * 86400)):
        before = stored_rows()
        # A group of its own: a session left in a group would take a share of its messages.
        group = f"bench-{mode}"
        if mode == "backlog":
            worker(broker, group, 0).wait(30)  # leaves its session and subscription
            publish(broker, codes[:PUBLISHERS], per, base)
            figures = finished(worker(broker, group, MESSAGES))
        else:
            proc = worker(broker, group, MESSAGES)
            publish(broker, codes[:PUBLISHERS], per, base)
            figures = finished(proc)
        stored = stored_rows() - before
        rate = figures["stored"] / max(figures["seconds"], 1e-9)
        lost = MESSAGES - stored
        results.append(
            Result(
                f"sensor-kota MQTT {label}: one worker, {mode}",
                rate,
                "msg/s",
                "≥ 20,000, none lost" if mode == "backlog" else "",
                (rate >= 20_000 and lost == 0) if mode == "backlog" else None,
                f"{MESSAGES:,} QoS 1 messages from {PUBLISHERS} publishers, ack after commit; "
                f"rows stored {stored:,} (lost {lost:,}); worker CPU "
                f"{figures['cpu'] / max(figures['received'], 1) * 1e6:.0f} µs/msg; "
                f"load {os.getloadavg()[0]:.1f}",
            )
        )
    return results


def rss_mb(root: int) -> float:
    """Resident memory of a process and its children, from /proc."""
    pids, total = {root}, 0
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) in pids:
                    pids.add(int(entry.name))
            except (OSError, IndexError, ValueError):
                continue
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


class Paced:
    """Feeds ``rate`` lines a second, spread over the sensors' mosquitto_pub processes."""

    def __init__(self, broker: Broker, codes: list[str], rate: int, base: float) -> None:
        self.procs = [
            subprocess.Popen([*publisher(broker, code), "-l"], stdin=subprocess.PIPE)
            for code in codes
        ]
        self.rate, self.base, self.sent = rate, base, 0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run)
        self.thread.start()

    def _run(self) -> None:
        tick, per_tick = 0.1, max(1, self.rate // 10 // len(self.procs))
        start = time.monotonic()
        n = 0
        while not self.stop.is_set():
            lines = "".join(
                f'{{"ts": {self.base + n + i}, "value": {(n + i) % 80}}}\n' for i in range(per_tick)
            ).encode()
            for proc in self.procs:
                assert proc.stdin is not None
                proc.stdin.write(lines)
                proc.stdin.flush()
            n += per_tick
            self.sent += per_tick * len(self.procs)
            time.sleep(max(0.0, start + (n / per_tick) * tick - time.monotonic()))

    def close(self) -> None:
        self.stop.set()
        self.thread.join()
        for proc in self.procs:
            assert proc.stdin is not None
            proc.stdin.close()
            proc.wait(30)


def http_load(port: int, codes: list[str], stop: threading.Event, base: float) -> None:
    """Five batches a second of HTTP_BATCH readings over every sensor."""
    import orjson

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    per_sensor = HTTP_BATCH // len(codes)
    n = 0
    while not stop.is_set():
        body = orjson.dumps(
            [
                {"sensor": code, "ts": base + n + i, "value": float(i % 60)}
                for i in range(per_sensor)
                for code in codes
            ]
        )
        headers = {"Authorization": f"Bearer {KEY}", "Content-Type": "application/json"}
        conn.request("POST", "/api/apps/sensor-kota/ingest", body, headers)
        response = conn.getresponse()
        if response.status != 200:
            raise RuntimeError(f"HTTP ingest failed: {response.read()[:200]!r}")
        response.read()
        n += per_sensor
        stop.wait(0.2)


def memory(broker: Broker, codes: list[str]) -> list[Result]:
    """The ingest command and the server under steady load; RSS sampled from /proc."""
    if MEMORY_SECONDS <= 0:
        name = "sensor-kota ingest RSS over a long run: skipped"
        return [Result(name, float("nan"), "", note="KOTACERDAS_BENCH_MEMORY_SECONDS=0")]
    cli = [sys.executable, "-m", "kotacerdas"]
    ingest = subprocess.Popen(
        [*cli, "ingest-mqtt", "--url", broker.url, "--group", "memory", "--client-id", "memory",
         "--seconds", str(MEMORY_SECONDS + 30)],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    port = free_port()
    server = subprocess.Popen(
        [*cli, "serve", "--port", str(port), "--workers", "1", "--no-jobs"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(300):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.1)
    time.sleep(2)  # the worker is subscribed
    before = stored_rows()
    base = time.time() - 300 * 86400
    paced = Paced(broker, codes[:PUBLISHERS], MEMORY_RATE, base)
    stop = threading.Event()
    http = threading.Thread(target=http_load, args=(port, codes, stop, base + 30 * 86400))
    http.start()
    samples: list[tuple[float, float, float]] = []
    start = time.monotonic()
    try:
        while (elapsed := time.monotonic() - start) < MEMORY_SECONDS:
            samples.append((elapsed, rss_mb(ingest.pid), rss_mb(server.pid)))
            time.sleep(SAMPLE_SECONDS)
            if ingest.poll() is not None or not http.is_alive():
                raise RuntimeError("the ingest command or the HTTP load stopped early")
    finally:
        paced.close()
        stop.set()
        http.join()
    mqtt_stored = 0
    for _ in range(120):  # let the worker drain what is still queued
        time.sleep(1)
        mqtt_stored = count_since(codes[:PUBLISHERS], base * 1000, (base + 30 * 86400) * 1000)
        if mqtt_stored >= paced.sent:
            break
    ingest.terminate()
    server.terminate()
    ingest.wait(30)
    server.wait(30)
    Path(tempfile.gettempdir(), "kc-bench-mqtt-memory.json").write_text(json.dumps(samples))
    results = []
    for index, name in ((1, "ingest-mqtt"), (2, "serve (1 worker)")):
        series = [s[index] for s in samples]
        half = series[len(series) // 2]
        growth = series[-1] - half
        results.append(
            Result(
                f"sensor-kota {name} RSS, second-half growth",
                growth,
                "MB",
                "≤ 5 % of mid-run RSS",
                growth <= 0.05 * half,
                f"{MEMORY_SECONDS} s steady load (MQTT {MEMORY_RATE:,} msg/s, HTTP "
                f"{HTTP_BATCH * 5:,} readings/s): start {series[0]:.0f} MB, mid {half:.0f} MB, "
                f"end {series[-1]:.0f} MB, max {max(series):.0f} MB, {len(series)} samples",
            )
        )
    lost = paced.sent - mqtt_stored
    results.append(
        Result(
            "sensor-kota MQTT during the memory run: lost",
            lost,
            "messages",
            "0",
            lost == 0,
            f"{paced.sent:,} sent, {mqtt_stored:,} stored; all rows since the start "
            f"{stored_rows() - before:,}",
        )
    )
    return results


def count_since(codes: list[str], start_ms: float, end_ms: float) -> int:
    """Readings of these sensors in [start_ms, end_ms)."""
    from django.db import connection

    from kotacerdas.apps.sensor_kota.models import Sensor

    ids = Sensor.objects.unscoped("bench").filter(code__in=codes).values_list("pk", flat=True)
    total = 0
    with connection.cursor() as cursor:
        for sensor_id in ids:
            cursor.execute(
                "SELECT COUNT(*) FROM sensor_kota_reading WHERE sensor_id = %s AND ts >= %s "
                "AND ts < %s",
                [sensor_id, int(start_ms), int(end_ms)],
            )
            total += int(cursor.fetchone()[0])
    return total


def measure_cli(backend: str) -> list[Result]:
    """Throughput on ``backend``; the memory run on SQLite only (it takes ten minutes)."""
    pg = f"postgresql://postgres@127.0.0.1:5432/{PG_DB}" if backend == "postgresql" else None
    setup_django(pg)
    label = "PostgreSQL" if pg else "SQLite"
    codes = seed()
    broker = Broker()
    try:
        results = throughput(label, broker, codes)
        if not pg:
            results += memory(broker, codes)
        return results
    finally:
        broker.stop()


def run() -> list[Result]:
    if not shutil.which("mosquitto") or not shutil.which("mosquitto_pub"):
        return [Result("sensor-kota MQTT: skipped", float("nan"), "", note="no mosquitto here")]
    return on_sqlite_and_postgresql("bench.bench_sensor_mqtt", "sensor-kota MQTT", PG_SERVER, PG_DB)
