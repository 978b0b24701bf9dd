"""/metrics: who may read it, and that the numbers move when the platform works.

Metrics live in files shared by the test process's whole run (multiprocess mode), so each
test compares a scrape before and after what it does, never absolute values.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client, override_settings
from django.urls import resolve
from prometheus_client.mmap_dict import MmapedDict
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.parser import text_string_to_metric_families

from kotacerdas.apps.sensor_kota.ingest.mqtt import Worker
from kotacerdas.contract import PeriodicJob
from kotacerdas.core import metrics
from kotacerdas.core.alerts import raise_alert
from kotacerdas.core.vocab import Severity
from kotacerdas.platform import jobs
from tests.conftest import Demo

OUTSIDE = "203.0.113.5"
Mmap: Any = MmapedDict  # prometheus_client's file helpers carry no annotations
FileCollector: Any = MultiProcessCollector
SENSOR_KEY = "demo-sensor-key"  # the demo's gateway key for Kota Semarang


def scrape() -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    response = Client().get("/metrics")
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith("text/plain; version=0.0.4")
    samples = {}
    for family in text_string_to_metric_families(response.content.decode()):
        for s in family.samples:
            samples[(s.name, frozenset(s.labels.items()))] = s.value
    return samples


def value(samples: dict[Any, float], name: str, **labels: str) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


def test_requests_are_counted_by_route_name_not_by_path(db: None) -> None:
    before = scrape()
    client = Client()
    for _ in range(3):
        assert client.get("/healthz").status_code == 200
    client.get("/r/semarang/")
    client.get("/r/kendal/")
    client.get("/no/such/page/")
    after = scrape()
    healthz = {"route": "healthz", "status": "2xx"}
    counted = "kotacerdas_http_requests_total"
    assert value(after, counted, **healthz) - value(before, counted, **healthz) == 3
    region_route = resolve("/r/semarang/").view_name
    region = {"route": region_route, "status": "2xx"}
    assert value(after, counted, **region) - value(before, counted, **region) == 2
    missing = {"route": "unmatched", "status": "4xx"}
    assert value(after, counted, **missing) - value(before, counted, **missing) == 1
    latency = "kotacerdas_http_request_duration_seconds_count"
    assert value(after, latency, route="healthz") - value(before, latency, route="healthz") == 3
    # Bounded labels: no path, no region slug ever becomes a label value.
    routes = {dict(labels).get("route", "") for _name, labels in after}
    assert not any("semarang" in r or r.startswith("/") for r in routes)


def test_loopback_reads_without_a_token(db: None) -> None:
    assert Client().get("/metrics").status_code == 200
    assert Client(REMOTE_ADDR="::1").get("/metrics").status_code == 200


def test_other_callers_are_refused_in_plain_text(db: None) -> None:
    response = Client(REMOTE_ADDR=OUTSIDE).get("/metrics")
    assert response.status_code == 403
    assert response["Content-Type"].startswith("text/plain")
    assert b"kotacerdas_" not in response.content


@override_settings(KOTACERDAS_METRICS_TOKEN="s3cret-token")
def test_the_token_opens_it_to_other_callers(db: None) -> None:
    outside = Client(REMOTE_ADDR=OUTSIDE)
    good = outside.get("/metrics", HTTP_AUTHORIZATION="Bearer s3cret-token")
    assert good.status_code == 200 and b"kotacerdas_http_requests_total" in good.content
    assert outside.get("/metrics", HTTP_AUTHORIZATION="Bearer s3cret-tokeN").status_code == 403
    assert outside.get("/metrics", HTTP_AUTHORIZATION="Bearer ").status_code == 403
    assert outside.get("/metrics", HTTP_AUTHORIZATION="Basic s3cret-token").status_code == 403


def test_without_a_configured_token_no_bearer_is_accepted(db: None) -> None:
    # An empty expected token must not match an empty presented one.
    outside = Client(REMOTE_ADDR=OUTSIDE)
    assert outside.get("/metrics", HTTP_AUTHORIZATION="Bearer ").status_code == 403


@pytest.mark.parametrize(
    "header",
    [
        {"HTTP_X_FORWARDED_FOR": "198.51.100.7"},
        {"HTTP_X_FORWARDED_FOR": "127.0.0.1, 198.51.100.7"},
        {"HTTP_X_FORWARDED_FOR": "unknown"},
        {"HTTP_X_REAL_IP": "198.51.100.7"},
        {"HTTP_FORWARDED": 'for="198.51.100.7:4711";proto=https'},
    ],
)
def test_a_request_the_proxy_forwarded_from_outside_is_refused(
    db: None, header: dict[str, Any]
) -> None:
    # nginx on this machine connects from 127.0.0.1 and names its client in these headers.
    assert Client().get("/metrics", **header).status_code == 403


def test_the_proxy_forwarding_a_local_caller_is_allowed(db: None) -> None:
    assert Client().get("/metrics", HTTP_X_FORWARDED_FOR="127.0.0.1").status_code == 200
    assert Client().get("/metrics", HTTP_FORWARDED='for="[::1]:8080"').status_code == 200


def _water_level_code(demo: Demo) -> str:
    from kotacerdas.apps.sensor_kota.models import Sensor

    sensor = (
        Sensor.objects.unscoped("test")
        .filter(station__region=demo.semarang, quantity="water_level")
        .first()
    )
    assert sensor is not None
    return str(sensor.code)


def _post(body: object) -> int:
    import orjson

    response = Client().post(
        "/api/apps/sensor-kota/ingest",
        orjson.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {SENSOR_KEY}",
    )
    return response.status_code


def test_http_readings_ingested_and_rejected(demo: Demo) -> None:
    code = _water_level_code(demo)
    now = int(time.time())
    before = scrape()
    assert _post([{"sensor": code, "ts": now - 60 + i, "value": 50 + i} for i in range(2)]) == 200
    bad_batch = [
        {"sensor": code, "ts": now - 30, "value": 51},
        {"sensor": code, "ts": now - 29, "value": 52},
        {"sensor": "no-such-sensor", "ts": now - 28, "value": 53},
    ]
    assert _post(bad_batch) == 400
    after = scrape()
    ingested = "kotacerdas_sensor_readings_ingested_total"
    rejected = "kotacerdas_sensor_readings_rejected_total"
    assert value(after, ingested, channel="http") - value(before, ingested, channel="http") == 2
    # All or nothing: the two good readings of the refused batch were not stored either.
    assert value(after, rejected, channel="http") - value(before, rejected, channel="http") == 3


def test_mqtt_readings_and_the_lag_of_their_commit(demo: Demo) -> None:
    code = _water_level_code(demo)
    worker = Worker("mqtt://127.0.0.1:1", "", "metrics-test", ack="receipt")
    before = scrape()
    for mid, (topic, payload) in enumerate(
        [
            (f"kotacerdas/33.74/{code}/water_level", b"61.5"),
            (f"kotacerdas/33.74/{code}/water_level", b'{"value": 62}'),
            ("kotacerdas/99.99/nothing/water_level", b"1"),
        ],
        start=1,
    ):
        worker._on_message(None, None, SimpleNamespace(topic=topic, payload=payload, mid=mid))
    time.sleep(0.02)
    assert worker.flush() == 3
    after = scrape()
    ingested = "kotacerdas_sensor_readings_ingested_total"
    rejected = "kotacerdas_sensor_readings_rejected_total"
    # Both good payloads carry no timestamp: stored at the flush's time, the second one a
    # duplicate of the first (same sensor and millisecond) or a new row.
    stored = value(after, ingested, channel="mqtt") - value(before, ingested, channel="mqtt")
    assert stored == worker.stats.stored and stored >= 1
    assert value(after, rejected, channel="mqtt") - value(before, rejected, channel="mqtt") == 1
    lag_count = "kotacerdas_mqtt_lag_seconds_count"
    assert value(after, lag_count) - value(before, lag_count) == 1
    lag_sum = value(after, "kotacerdas_mqtt_lag_seconds_sum") - value(
        before, "kotacerdas_mqtt_lag_seconds_sum"
    )
    assert lag_sum >= 0.02  # the oldest message waited at least the sleep before its commit


def test_job_runs_and_failures_by_job(db: None, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken() -> None:
        raise RuntimeError("disk full")

    fine = jobs.PlatformJob("metrics-test", PeriodicJob("fine", 60, lambda: None, False))
    bad = jobs.PlatformJob("metrics-test", PeriodicJob("broken", 60, broken, False))
    monkeypatch.setattr(jobs, "registered_jobs", lambda: [fine, bad])
    before = scrape()
    outcomes = jobs.run_due()
    assert [(o.name, o.ok) for o in outcomes] == [(fine.name, True), (bad.name, False)]
    jobs.run_due()  # the leases are held until the next interval: nothing runs again
    after = scrape()
    runs, failures = "kotacerdas_job_runs_total", "kotacerdas_job_failures_total"
    for name, failed in ((fine.name, 0), (bad.name, 1)):
        assert value(after, runs, job=name) - value(before, runs, job=name) == 1
        assert value(after, failures, job=name) - value(before, failures, job=name) == failed


def test_open_alerts_are_counted_per_region_when_scraped(demo: Demo) -> None:
    name = "kotacerdas_open_alerts"
    before = value(scrape(), name, region="kendal", severity=Severity.CRITICAL)
    raise_alert(demo.kendal, "sensor-kota", "metrics-test", Severity.CRITICAL, "Uji metrik")
    assert value(scrape(), name, region="kendal", severity=Severity.CRITICAL) == before + 1


@pytest.fixture
def no_relay_left() -> Iterator[None]:
    yield
    # The stream starts the LISTEN relay; on PostgreSQL its connection would keep the test
    # database from being dropped (as tests/situation/conftest.py does).
    from kotacerdas.situation.bus import relay

    relay.stop()


def test_event_stream_clients_while_a_browser_reads(demo: Demo, no_relay_left: None) -> None:
    name = "kotacerdas_event_stream_clients"
    before = value(scrape(), name)
    response: Any = demo.client_for("admin-semarang").get("/r/semarang/situation/events/")
    assert response.status_code == 200
    assert next(iter(response.streaming_content)).startswith(b"retry:")
    assert value(scrape(), name) == before + 1
    # The browser leaves: closing the test client's wrapper around the stream closes the
    # response as the server would, without closing this test's database connection.
    response._iterator.close()
    assert value(scrape(), name) == before


def test_the_asgi_stream_is_counted_until_the_server_closes_it(db: None) -> None:
    from kotacerdas.situation.views.stream import _counted

    closed: list[bool] = []

    async def events() -> AsyncIterator[str]:
        try:
            yield "retry: 3000\n\n"
            yield "never read"
        finally:
            closed.append(True)

    name = "kotacerdas_event_stream_clients"
    before = value(scrape(), name)
    loop = asyncio.new_event_loop()
    try:
        body: Any = _counted(events())
        assert loop.run_until_complete(body.__anext__()).startswith("retry:")
        assert value(scrape(), name) == before + 1
        loop.run_until_complete(body.aclose())  # what the server does on a disconnect
    finally:
        loop.close()
    assert value(scrape(), name) == before and closed == [True]


def _dead_pid() -> int:
    child = subprocess.Popen(["true"])
    child.wait()
    return child.pid


def test_an_ended_process_s_totals_are_folded_and_kept(tmp_path: Path) -> None:
    dead, alive = _dead_pid(), os.getpid()
    key = '["kotacerdas_job_runs", "kotacerdas_job_runs_total", {"job": "x"}, "Runs."]'
    for pid, runs in ((dead, 4.0), (alive, 2.0)):
        values = Mmap(str(tmp_path / f"counter_{pid}.db"))
        values.write_value(key, runs, 0.0)
        values.close()
    stream_key = '["k_clients", "k_clients", {}, "Clients."]'
    gauge = Mmap(str(tmp_path / f"gauge_livesum_{dead}.db"))
    gauge.write_value(stream_key, 3.0, 0.0)
    gauge.close()

    def total() -> dict[str, float]:
        found = FileCollector(None, path=str(tmp_path)).collect()
        return {s.name: s.value for m in found for s in m.samples}

    assert total() == {"kotacerdas_job_runs_total": 6.0, "k_clients": 3.0}
    assert metrics.fold_ended_processes(tmp_path) == 2
    assert sorted(p.name for p in tmp_path.glob("*.db")) == [
        f"counter_{alive}.db",
        "counter_folded.db",
    ]
    # The counter never went down; the ended process's clients are gone with it.
    assert total() == {"kotacerdas_job_runs_total": 6.0}
    assert metrics.fold_ended_processes(tmp_path) == 0
