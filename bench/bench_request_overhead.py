"""What the platform adds to an app's request: queries and time per request on the three
hot paths the app context sits in front of (Open311 POST, the situation room, a sensor
batch), through the Django test client in one process, warm, on SQLite.

Written so the same file runs against the release before the app context (it imports the
demo from wherever that release kept it), which is how the before/after figures in the
closing note were taken: both trees, one after the other, same machine, same minute.
"""

from __future__ import annotations

import json
import time

from bench.harness import Result, percentile, setup_django

ROUNDS = 300


def _seed() -> None:
    try:
        from kotacerdas.platform.demo import seed_demo
    except ImportError:  # the release before the app context
        from kotacerdas.core.demo import seed_demo  # type: ignore[import-not-found,no-redef]
    seed_demo()


def _measure(name: str, call: object) -> list[Result]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    assert callable(call)
    for _ in range(20):
        call()  # warm: caches, compiled templates, kept answers
    samples, queries = [], []
    for _ in range(ROUNDS):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            call()
            samples.append((time.perf_counter() - start) * 1000)
        queries.append(len(captured))
    p95 = percentile(samples, 95)
    per_request = sum(queries) / len(queries)
    note = f"{ROUNDS} requests after 20 warm-up; in-process test client, SQLite"
    return [
        Result(f"overhead: {name} p95", p95, "ms", note=note),
        Result(f"overhead: {name} queries per request", per_request, "queries", note=note),
    ]


def run() -> list[Result]:
    setup_django()
    from django.contrib.auth.models import User
    from django.test import Client

    _seed()
    citizen = Client()
    n = iter(range(10**9))

    def open311_post() -> None:
        i = next(n)
        response = citizen.post(
            "/open311/v2/requests.json",
            {
                "jurisdiction_id": "33.74",
                "api_key": "demo-open311-key",
                "service_code": "jalan-rusak",
                "lat": -7.0 + (i % 100) * 1e-4,
                "long": 110.42,
                "description": f"Jalan berlubang nomor {i}",
            },
        )
        assert response.status_code in (200, 201), response.content[:300]

    staff = Client()
    staff.force_login(User.objects.get(username="admin-semarang"))

    def room_page() -> None:
        assert staff.get("/r/semarang/situation/").status_code == 200

    gateway = Client()
    code = _a_sensor_code()
    start_s = int(time.time()) - 6 * 3600  # epoch seconds, inside the accepted window

    def sensor_batch() -> None:
        i = next(n)
        body = [{"sensor": code, "ts": start_s + i, "value": 100 + i % 50}]
        response = gateway.post(
            "/api/apps/sensor-kota/ingest",
            json.dumps(body),
            content_type="application/json",
            HTTP_AUTHORIZATION="Bearer demo-sensor-key",
        )
        assert response.status_code in (200, 202), response.content[:300]

    results: list[Result] = []
    results += _measure("Open311 POST requests.json", open311_post)
    results += _measure("situation room page (region admin)", room_page)
    results += _measure("sensor batch of 1 reading", sensor_batch)
    return results


def _a_sensor_code() -> str:
    from django.apps import apps

    sensor = apps.get_model("sensor_kota", "Sensor")
    row = (
        sensor.objects.unscoped("bench")
        .filter(station__region__slug="semarang", quantity="water_level")
        .first()
    )
    assert row is not None
    return str(row.code)


if __name__ == "__main__":
    for r in run():
        print(f"{r.name}: {r.value:.2f} {r.unit}")
