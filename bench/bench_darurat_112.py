"""Darurat 112: 200 active incidents, 30 screens on the live stream.

* A responder's status change (an HTTP POST of the step, as the phone's button sends it)
  → its event read on every one of 30 SSE streams of the region, over a real uvicorn server
  (one process, SQLite: the in-process wake-up). The figure per change is the slowest of the
  30 screens; p95 over the changes.
* The room's incident layer (``map_layers``) for 200 active incidents with 400 dispatches,
  computed as the room does when its cache is stale (in-process), and ``layers.json``
  through the Django test client with every cache emptied before each request.
"""

from __future__ import annotations

import datetime as dt
import http.client
import os
import re
import socket
import subprocess
import sys
import threading
import time
from typing import Any

from bench.harness import Result, percentile, setup_django

INCIDENTS = 200
SCREENS = int(os.environ.get("D112_SCREENS", "30"))
CHANGES = 40


def _fill(region: Any) -> list[int]:
    """200 active incidents in Semarang, each with Damkar and PSC 119 dispatched."""
    from django.utils import timezone

    from kotacerdas.apps.darurat_112.models import Call, Dispatch, Incident
    from kotacerdas.core.models import Agency

    rows = Agency.objects.unscoped("bench")
    agencies = [rows.get(region=region, slug=s) for s in ("damkar", "psc119")]
    now = timezone.now()
    incidents = Incident.objects.unscoped("bench").bulk_create(
        [
            Incident(
                region=region,
                type_key="kebakaran",
                type_name="Kebakaran",
                severity="critical",
                lat=-7.0 + (i % 20) * 0.004,
                lng=110.40 + (i // 20) * 0.004,
                address=f"Jl. Bench {i}",
                opened_at=now - dt.timedelta(minutes=i % 50),
                first_dispatch_at=now - dt.timedelta(minutes=i % 50) + dt.timedelta(seconds=60),
            )
            for i in range(INCIDENTS)
        ]
    )
    Call.objects.unscoped("bench").bulk_create(
        [
            Call(region=region, incident=inc, caller_phone="0812000000", outcome="incident")
            for inc in incidents
        ]
    )
    dispatches = Dispatch.objects.unscoped("bench").bulk_create(
        [
            Dispatch(
                region=region, incident=inc, agency=a, dispatched_at=inc.first_dispatch_at or now
            )
            for inc in incidents
            for a in agencies
        ]
    )
    return [d.pk for d in dispatches]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _server() -> tuple[subprocess.Popen[bytes], int]:
    from django.conf import settings

    port = _free_port()
    env = dict(os.environ, SECRET_KEY=settings.SECRET_KEY)
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


class Screen(threading.Thread):
    """One browser's stream: records when each dispatch's event arrived."""

    def __init__(self, port: int, session: str) -> None:
        super().__init__(daemon=True)
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.conn.request(
            "GET", "/r/semarang/situation/events/", headers={"Cookie": f"sessionid={session}"}
        )
        self.stream = self.conn.getresponse()
        assert self.stream.status == 200, self.stream.status
        self.seen: dict[int, float] = {}
        self.stop = False

    def run(self) -> None:
        pattern = re.compile(r'"dispatch":(\d+)')
        while not self.stop:
            try:
                line = self.stream.fp.readline().decode()
            except OSError:
                return
            if not line:
                return
            if line.startswith("data: ") and '"kind":"dispatch.changed"' in line:
                found = pattern.search(line)
                if found:
                    self.seen.setdefault(int(found.group(1)), time.perf_counter())


def _latency(port: int, session: str, dispatch_ids: list[int]) -> list[float]:
    screens = [Screen(port, session) for _ in range(SCREENS)]
    for s in screens:
        s.start()
    time.sleep(0.5)
    cookie = f"sessionid={session}"
    page = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    page.request("GET", "/console/semarang/darurat-112/responden/", headers={"Cookie": cookie})
    response = page.getresponse()
    html = response.read().decode()
    set_cookie = response.getheader("Set-Cookie") or ""
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert token, "no CSRF token on the responder page"
    csrf = re.search(r"csrftoken=([^;]+)", set_cookie)
    if csrf:
        cookie += f"; csrftoken={csrf.group(1)}"
    samples = []
    try:
        for pk in dispatch_ids[:CHANGES]:
            body = f"csrfmiddlewaretoken={token.group(1)}"
            post = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            start = time.perf_counter()
            post.request(
                "POST",
                f"/console/semarang/darurat-112/penugasan/{pk}/acknowledged/",
                body=body,
                headers={
                    "Cookie": cookie,
                    "Content-Type": "application/x-www-form-urlencoded",
                    "HX-Request": "true",
                    "Referer": f"http://127.0.0.1:{port}/",
                    "Origin": f"http://127.0.0.1:{port}",
                },
            )
            status = post.getresponse().status
            assert status == 200, status
            post.close()
            deadline = time.monotonic() + 10
            while not all(pk in s.seen for s in screens):
                if time.monotonic() > deadline:
                    raise TimeoutError(f"dispatch {pk}: not on every screen within 10 s")
                time.sleep(0.002)
            samples.append((max(s.seen[pk] for s in screens) - start) * 1000)
            time.sleep(0.05)
    finally:
        for s in screens:
            s.stop = True
            s.conn.close()
    return samples


def _timed(run: object, repeat: int, before: object = None) -> list[float]:
    samples = []
    for _ in range(repeat):
        if before:
            before()  # type: ignore[operator]
        start = time.perf_counter()
        run()  # type: ignore[operator]
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def run() -> list[Result]:
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    setup_django()
    from django.contrib.auth.models import User
    from django.core.cache import cache
    from django.test import Client

    from kotacerdas.contract import get_app
    from kotacerdas.core.models import Region
    from kotacerdas.platform.context import region_context
    from kotacerdas.platform.demo import seed_demo

    seed_demo()
    region = Region.objects.get(slug="semarang")
    dispatch_ids = _fill(region)
    app = get_app("darurat-112")
    assert app is not None
    ctx = region_context(app, region)
    assert ctx is not None
    (layer,) = app.map_layers(ctx)
    points = len(layer.geojson["features"])
    layer_ms = _timed(lambda: app.map_layers(ctx), 100)
    operator = Client()
    operator.force_login(User.objects.get(username="admin-semarang"))

    def layers_json() -> None:
        assert operator.get("/r/semarang/situation/layers.json").status_code == 200

    json_ms = _timed(layers_json, 30, cache.clear)
    session = operator.cookies["sessionid"].value
    proc, port = _server()
    try:
        # Every other dispatch (one per incident) so the changes spread over the incidents.
        samples = _latency(port, session, dispatch_ids[::2])
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    lat95, layer95, json95 = (percentile(x, 95) for x in (samples, layer_ms, json_ms))
    note = f"{INCIDENTS} active incidents, {len(dispatch_ids)} dispatches, {points} points"
    return [
        Result(
            "darurat-112: status change → all 30 screens (SSE) p95",
            lat95,
            "ms",
            "≤ 1000 ms",
            lat95 <= 1000,
            f"real uvicorn, one process, SQLite; POST of the step → event read on the slowest "
            f"of {SCREENS} streams; {len(samples)} changes; p50 {percentile(samples, 50):.0f} ms",
        ),
        Result(
            "darurat-112: room incident layer p95",
            layer95,
            "ms",
            "≤ 100 ms",
            layer95 <= 100,
            f"map_layers() in-process, uncached; p50 {percentile(layer_ms, 50):.1f} ms; {note}",
        ),
        Result(
            "darurat-112: room layers.json p95, cold",
            json95,
            "ms",
            note=f"every app's layers, caches emptied before each; {note}",
        ),
    ]


if __name__ == "__main__":
    for result in run():
        print(result.as_dict())
