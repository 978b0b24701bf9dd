"""MQTT ingestion against a real broker (Mosquitto): topic scheme, payloads, shared groups."""

from __future__ import annotations

import os
import time
import uuid
from dataclasses import dataclass
from typing import Any

import pytest

from kotacerdas.apps.sensor_kota import store
from kotacerdas.apps.sensor_kota.ingest import mqtt as ingest_mqtt
from kotacerdas.apps.sensor_kota.ingest.mqtt import BadMessage, Worker, decode
from tests.conftest import skip_or_fail

from .conftest import World

NOW = int(time.time()) - 120


def broker() -> str:
    url = os.environ.get("KOTACERDAS_TEST_MQTT_URL")
    if not url:
        skip_or_fail("KOTACERDAS_TEST_MQTT_URL is not set (e.g. mqtt://127.0.0.1:1883)")
    return str(url)


def publish(url: str, messages: list[tuple[str, bytes]], qos: int = 1, props: Any = None) -> None:
    import paho.mqtt.client as mqtt
    from paho.mqtt.enums import CallbackAPIVersion

    host, port = url.split("//")[1].split(":")
    client = mqtt.Client(CallbackAPIVersion.VERSION2, protocol=mqtt.MQTTv5)
    client.connect(host, int(port))
    client.loop_start()
    sent = [
        client.publish(topic, payload, qos=qos, properties=props) for topic, payload in messages
    ]
    for info in sent:
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
    root = f"kc-{group}"  # a topic root of its own: other runs stay out
    worker = Worker(url, group, f"test-{group}", session_seconds=0, root=root)
    worker.start()
    try:
        time.sleep(0.5)  # let the subscription settle
        topic = f"{root}/33.74/{world.level.code}/water_level"
        messages = [(topic, b'{"ts": %d, "value": %d}' % (NOW + i, 30 + i)) for i in range(50)]
        messages += [
            (topic, b"55.5"),
            (f"{root}/33.74/no-such-sensor/water_level", b"1"),
            (f"{root}/33.74/{world.level.code}/pm25", b"1"),  # wrong quantity
            (f"{root}/33.24/{world.level.code}/water_level", b"1"),
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
    root = f"kc-{group}"  # a topic root of its own: other runs stay out
    workers = [
        Worker(url, group, f"test-{group}-{n}", session_seconds=0, root=root) for n in range(2)
    ]
    for w in workers:
        w.start()
    try:
        time.sleep(0.5)
        topic = f"{root}/33.74/{world.pm25.code}/pm25"
        publish(url, [(topic, b'{"ts": %d, "value": 12}' % (NOW - i)) for i in range(200)])
        drain(workers, 200)
    finally:
        for w in workers:
            w.stop()
    assert sum(w.stats.received for w in workers) == 200
    assert all(w.stats.received > 0 for w in workers)
    assert len(store.series([world.pm25.pk], 0, (NOW + 60) * 1000, "raw")[world.pm25.pk]) == 200


@dataclass
class FakeMessage:
    topic: str
    payload: bytes
    mid: int


class FakeClient:
    """Records acknowledgements in the order of events shared with the fake store."""

    def __init__(self, events: list[str]) -> None:
        self.events = events
        self.acked: list[int] = []

    def ack_many(self, mids: list[int]) -> None:
        self.events.append("ack")
        self.acked += mids


@pytest.mark.django_db(transaction=True)
def test_a_batch_is_acknowledged_only_after_its_commit(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    events: list[str] = []
    real_store = ingest_mqtt.store_rows

    def recording_store(region: Any, config: Any, rows: Any) -> Any:
        result = real_store(region, config, rows)
        events.append("commit")
        return result

    monkeypatch.setattr(ingest_mqtt, "store_rows", recording_store)
    worker = Worker("mqtt://127.0.0.1:1", "g", "unit")  # never connects
    worker.client = fake = FakeClient(events)  # type: ignore[assignment]
    topic = f"kotacerdas/33.74/{world.level.code}/water_level"
    for mid in range(1, 11):
        worker._on_message(
            None, None, FakeMessage(topic, b'{"ts": %d, "value": 5}' % (NOW + mid), mid)
        )
    worker._on_message(None, None, FakeMessage("kotacerdas/33.74/nope/water_level", b"1", 11))
    assert worker.flush() == 11
    assert events == ["commit", "ack"]
    # The bad message is acknowledged too: it would be dropped again on every redelivery.
    assert fake.acked == list(range(1, 12))
    assert len(store.series([world.level.pk], 0, (NOW + 60) * 1000, "raw")[world.level.pk]) == 10

    def failing_store(region: Any, config: Any, rows: Any) -> Any:
        raise RuntimeError("database went away")

    monkeypatch.setattr(ingest_mqtt, "store_rows", failing_store)
    worker._on_message(None, None, FakeMessage(topic, b'{"ts": %d, "value": 5}' % NOW, 12))
    with pytest.raises(RuntimeError):
        worker.flush()
    assert fake.acked == list(range(1, 12))  # message 12 was never acknowledged


@pytest.mark.django_db(transaction=True)
def test_an_unacknowledged_batch_comes_back_and_is_not_counted_twice(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = broker()
    group = uuid.uuid4().hex[:8]
    root = f"kc-{group}"  # a topic root of its own: other runs stay out
    topic = f"{root}/33.74/{world.rain.code}/rainfall"
    messages = [(topic, b'{"ts": %d, "value": 2.5}' % (NOW - i)) for i in range(20)]

    def failing_store(region: Any, config: Any, rows: Any) -> Any:
        raise RuntimeError("database went away")

    monkeypatch.setattr(ingest_mqtt, "store_rows", failing_store)
    first = Worker(url, group, f"test-{group}", session_seconds=30, root=root)
    first.start()
    try:
        time.sleep(0.5)
        publish(url, messages)
        deadline = time.monotonic() + 15
        while len(first._pending) < len(messages) and time.monotonic() < deadline:
            time.sleep(0.02)
        with pytest.raises(RuntimeError):
            first.flush()  # the commit fails: nothing may be acknowledged
    finally:
        first.stop()  # the session and its unacknowledged messages stay at the broker
    monkeypatch.undo()

    second = Worker(
        url, group, f"test-{group}", session_seconds=30, root=root
    )  # the restarted worker
    second.start()
    try:
        drain([second], len(messages))
        assert (second.stats.received, second.stats.stored) == (20, 20)
        publish(url, messages)  # a publisher retrying after its own crash
        drain([second], 2 * len(messages))
        assert (second.stats.received, second.stats.stored) == (40, 20)
    finally:
        second.stop(end_session=True)
    points = store.series([world.rain.pk], 0, (NOW + 60) * 1000, "raw")[world.rain.pk]
    assert len(points) == 20
    minute = store.series([world.rain.pk], 0, (NOW + 60) * 1000, "minute", "count")
    assert sum(v for _ts, v in minute[world.rain.pk]) == 20  # rollups counted each once


@pytest.mark.django_db(transaction=True)
def test_messages_split_across_socket_reads_arrive_intact(world: World) -> None:
    """Thousands of messages of uneven size cross the worker's 64 KiB read chunks; messages
    with properties and QoS 0 ones take paho's own decoder and arrive as well."""
    from paho.mqtt.packettypes import PacketTypes
    from paho.mqtt.properties import Properties

    url = broker()
    group = uuid.uuid4().hex[:8]
    root = f"kc-{group}"  # a topic root of its own: other runs stay out
    worker = Worker(url, group, f"test-{group}", session_seconds=0, root=root)
    worker.start()
    topic = f"{root}/33.74/{world.level.code}/water_level"
    expected = {}
    try:
        time.sleep(0.5)
        plain = []
        for i in range(3000):
            ts, value = NOW - i, float(i % 500)
            expected[ts * 1000] = value
            pad = b"x" * (i * 37 % 301)  # uneven sizes: packets straddle chunk boundaries
            plain.append((topic, b'{"ts": %d, "value": %r, "pad": "%s"}' % (ts, value, pad)))
        publish(url, plain)
        props: Any = Properties(PacketTypes.PUBLISH)  # type: ignore[no-untyped-call]
        props.UserProperty = ("gateway", "unit-7")
        with_props = [(topic, b'{"ts": %d, "value": 1.5}' % (NOW - 5000 - i)) for i in range(5)]
        publish(url, with_props, props=props)
        qos0 = [(topic, b'{"ts": %d, "value": 2.5}' % (NOW - 6000 - i)) for i in range(5)]
        publish(url, qos0, qos=0)
        expected.update({(NOW - 5000 - i) * 1000: 1.5 for i in range(5)})
        expected.update({(NOW - 6000 - i) * 1000: 2.5 for i in range(5)})
        drain([worker], len(expected))
    finally:
        worker.stop()
    assert worker.stats.rejected == 0
    points = store.series([world.level.pk], 0, (NOW + 60) * 1000, "raw")[world.level.pk]
    assert dict(points) == expected


def test_a_region_without_the_app_takes_no_mqtt_readings(world: World) -> None:
    from kotacerdas.apps.sensor_kota.ingest.mqtt import Resolver

    from .conftest import disable

    topic = f"kotacerdas/33.74/{world.level.code}/water_level"
    assert Resolver().row(topic, b"5", NOW * 1000)[0] == world.semarang.pk
    disable(world.semarang)
    with pytest.raises(BadMessage, match="not enabled"):
        Resolver().target(topic)


@pytest.mark.django_db
def test_broker_urls_credentials_and_tls() -> None:
    """The password of MQTT_URL may carry reserved characters %-encoded; mqtts:// is TLS on
    8883; any other scheme is refused by name."""
    worker = Worker("mqtt://ingest:p%40ss%2Fw0rd@broker.example:1884", "", "unit")
    assert (worker.host, worker.port, worker.tls) == ("broker.example", 1884, False)
    assert worker.client._username == b"ingest"
    assert worker.client._password == b"p@ss/w0rd"
    secure = Worker("mqtts://broker.example", "", "unit")
    assert (secure.port, secure.tls) == (8883, True)
    assert secure.client._ssl
    with pytest.raises(ValueError, match="mqtt:// or mqtts://"):
        Worker("http://broker.example", "", "unit")


def test_the_command_names_the_broker_but_not_the_password(world: World) -> None:
    from io import StringIO

    from django.core.management import CommandError, call_command

    out = StringIO()
    with pytest.raises(CommandError) as refused:
        call_command("ingest_mqtt", url="mqtt://ingest:s3cret@127.0.0.1:1", seconds=0.1, stdout=out)
    message = str(refused.value) + out.getvalue()
    assert "mqtt://127.0.0.1:1" in message
    assert "s3cret" not in message and "ingest:" not in message
    with pytest.raises(CommandError, match="mqtt:// or mqtts://"):
        call_command("ingest_mqtt", url="ftp://x", seconds=0.1, stdout=out)
