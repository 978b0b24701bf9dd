"""MQTT ingestion against a real broker (Mosquitto): topic scheme, payloads, shared groups."""

from __future__ import annotations

import os
import time
import uuid

import pytest

from kotacerdas.apps.sensor_kota import store
from kotacerdas.apps.sensor_kota.ingest.mqtt import BadMessage, Worker, decode
from tests.conftest import skip_or_fail

from .conftest import World

NOW = int(time.time()) - 120


def broker() -> str:
    url = os.environ.get("KOTACERDAS_TEST_MQTT_URL")
    if not url:
        skip_or_fail("KOTACERDAS_TEST_MQTT_URL is not set (e.g. mqtt://127.0.0.1:1883)")
    return str(url)


def publish(url: str, messages: list[tuple[str, bytes]]) -> None:
    import paho.mqtt.client as mqtt
    from paho.mqtt.enums import CallbackAPIVersion

    host, port = url.split("//")[1].split(":")
    client = mqtt.Client(CallbackAPIVersion.VERSION2, protocol=mqtt.MQTTv5)
    client.connect(host, int(port))
    client.loop_start()
    for info in [client.publish(topic, payload, qos=1) for topic, payload in messages]:
        info.wait_for_publish(timeout=10)
    client.loop_stop()
    client.disconnect()


def drain(workers: list[Worker], expected: int, seconds: float = 15) -> None:
    deadline = time.monotonic() + seconds
    while sum(w.stats.received for w in workers) < expected and time.monotonic() < deadline:
        time.sleep(0.02)
        for w in workers:
            w.flush()


def test_payload_forms() -> None:
    assert decode(b"42.5", 7) == (7, 42.5)
    assert decode(b'{"value": 3, "ts": 1700000000}', 7) == (1_700_000_000_000, 3.0)
    assert decode(b'{"value": 3, "ts": "2026-01-01T07:00:00+07:00"}', 7)[0] == 1_767_225_600_000
    for bad in (b"high", b'{"v": 1}', b'{"value": 1, "ts": "soon"}'):
        with pytest.raises(BadMessage):
            decode(bad, 7)


@pytest.mark.django_db(transaction=True)
def test_readings_arrive_through_the_broker(world: World) -> None:
    url = broker()
    group = uuid.uuid4().hex[:8]
    worker = Worker(url, group, f"test-{group}", session_seconds=0)
    worker.start()
    try:
        time.sleep(0.5)  # let the subscription settle
        topic = f"kotacerdas/33.74/{world.level.code}/water_level"
        messages = [(topic, b'{"ts": %d, "value": %d}' % (NOW + i, 30 + i)) for i in range(50)]
        messages += [
            (topic, b"55.5"),
            ("kotacerdas/33.74/no-such-sensor/water_level", b"1"),
            (f"kotacerdas/33.74/{world.level.code}/pm25", b"1"),  # wrong quantity
            (f"kotacerdas/33.24/{world.level.code}/water_level", b"1"),
        ]  # wrong region
        publish(url, messages)
        drain([worker], len(messages))
    finally:
        worker.stop()
    assert worker.stats.received == 54
    assert worker.stats.rejected == 3
    assert worker.stats.stored == 51
    points = store.series([world.level.pk], 0, (NOW + 3600) * 1000, "raw")[world.level.pk]
    assert len(points) == 51


@pytest.mark.django_db(transaction=True)
def test_a_shared_subscription_splits_messages_between_workers(world: World) -> None:
    url = broker()
    group = uuid.uuid4().hex[:8]
    workers = [Worker(url, group, f"test-{group}-{n}", session_seconds=0) for n in range(2)]
    for w in workers:
        w.start()
    try:
        time.sleep(0.5)
        topic = f"kotacerdas/33.74/{world.pm25.code}/pm25"
        publish(url, [(topic, b'{"ts": %d, "value": 12}' % (NOW - i)) for i in range(200)])
        drain(workers, 200)
    finally:
        for w in workers:
            w.stop()
    assert sum(w.stats.received for w in workers) == 200
    assert all(w.stats.received > 0 for w in workers)
    assert len(store.series([world.pm25.pk], 0, (NOW + 60) * 1000, "raw")[world.pm25.pk]) == 200
