"""SIGKILL the real server in the middle of a stream; the client retries; every unique
reading is stored exactly once and the rollups count each once (idempotent (sensor, ts))."""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

SETUP = """
import django; django.setup()
from kotacerdas.core.models import Province, Region
from kotacerdas.platform.installations import enable_app
from kotacerdas.core.tenancy import Scope
from kotacerdas.apps.sensor_kota.services.keys import issue_ingest_key
from kotacerdas.apps.sensor_kota.models import Sensor, Station
scope = Scope.system("crash test setup")
p = Province.objects.create(code="33", name="Jawa Tengah")
r = Region.objects.create(province=p, code="33.74", name="Kota Semarang", kind="kota",
    slug="semarang", centre_lat=-7, centre_lng=110.4, bbox_west=110, bbox_south=-7.2,
    bbox_east=110.6, bbox_north=-6.8)
enable_app(scope, r, "sensor-kota")
st = Station.objects.unscoped("setup").create(region=r, code="s1", name="S1", kind="water",
    lat=-7, lng=110.4)
Sensor.objects.unscoped("setup").create(region=r, station=st, code="s1-level",
    quantity="water_level", unit="cm")
issue_ingest_key(scope, r, "crash", clear="crash-test-key")
"""
BATCHES, PER_BATCH = 40, 500


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "kotacerdas", "serve", "--port", str(port), "--workers", "1"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return proc
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise AssertionError("the server did not start")


def send_until_stored(url: str, body: bytes, acked: list[int]) -> None:
    request = urllib.request.Request(
        url, body, {"Authorization": "Bearer crash-test-key", "Content-Type": "application/json"}
    )
    while True:
        try:
            with urllib.request.urlopen(request, timeout=5) as response:
                acked.append(json.loads(response.read())["received"])
                return
        except (OSError, urllib.error.HTTPError):
            time.sleep(0.05)  # server gone: retry the same batch, as a logger would


def test_sigkill_mid_stream_then_retry_stores_each_reading_once(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}  # its own SQLite file
    env["KOTACERDAS_DATA_DIR"] = str(tmp_path)
    run = [sys.executable, "-m", "kotacerdas"]
    subprocess.run([*run, "migrate", "--no-input", "-v0"], env=env, check=True)
    subprocess.run(
        [sys.executable, "-c", SETUP],
        env={**env, "DJANGO_SETTINGS_MODULE": "kotacerdas.settings"},
        check=True,
    )
    port = free_port()
    server = start_server(env, port)
    url = f"http://127.0.0.1:{port}/api/apps/sensor-kota/ingest"
    start = int(time.time()) - 3 * 86400
    acked: list[int] = []

    def client() -> None:
        for b in range(BATCHES):
            rows = [
                {"sensor": "s1-level", "ts": start + b * PER_BATCH + i, "value": float(i % 50)}
                for i in range(PER_BATCH)
            ]
            send_until_stored(url, json.dumps(rows).encode(), acked)

    sender = threading.Thread(target=client)
    sender.start()
    try:
        while len(acked) < BATCHES // 3:
            time.sleep(0.01)
        server.send_signal(signal.SIGKILL)  # mid-stream, no shutdown of any kind
        server.wait()
        killed_after = len(acked)
        server = start_server(env, port)
        sender.join(timeout=120)
    finally:
        server.kill()
        server.wait()
    assert not sender.is_alive() and killed_after < BATCHES
    with sqlite3.connect(tmp_path / "kotacerdas.sqlite3") as db:
        raw = db.execute("SELECT count(*), count(DISTINCT ts) FROM sensor_kota_reading").fetchone()
        counted = db.execute("SELECT sum(n) FROM sensor_kota_rollup_minute").fetchone()[0]
        daily = db.execute("SELECT sum(n) FROM sensor_kota_rollup_day").fetchone()[0]
    assert raw == (BATCHES * PER_BATCH, BATCHES * PER_BATCH)
    assert counted == daily == BATCHES * PER_BATCH
