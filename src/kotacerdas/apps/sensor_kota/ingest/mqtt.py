"""MQTT ingest worker: one reading per message, batched into the shared write path.

Topic scheme: ``kotacerdas/{region_code}/{sensor_code}/{quantity}`` (region code as in
Kemendagri, ``33.74``). Payload: a plain number (timestamp = arrival), a JSON number, or
JSON ``{"value": 31.5, "ts": "2026-11-27T10:00:00+07:00" | 1795000000}``.

Delivery: QoS 1 with manual acknowledgement. Messages are acknowledged only after the batch
holding them committed, so a worker killed mid-batch gets them again (persistent session,
fixed client id) and the (sensor, ts) key makes the redelivery harmless. Several workers
split the load with an MQTT v5 shared subscription ``$share/<group>/kotacerdas/+/+/+``.
The broker's ACLs decide who may publish to a region's topics; the worker trusts the topic.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import orjson

from kotacerdas.apps.sensor_kota.ingest.directory import directory
from kotacerdas.apps.sensor_kota.ingest.errors import KeyRejected
from kotacerdas.apps.sensor_kota.ingest.keys import KeyGrant
from kotacerdas.apps.sensor_kota.ingest.pipeline import region_config, store_rows
from kotacerdas.apps.sensor_kota.ingest.validate import Window, ts_ms
from kotacerdas.core.models import Region

log = logging.getLogger(__name__)
TOPIC = "kotacerdas/+/+/+"


class BadMessage(ValueError):
    pass


@dataclass
class Stats:
    received: int = 0
    stored: int = 0
    rejected: int = 0
    batches: int = 0
    started: float = field(default_factory=time.monotonic)
    first_message: float = 0.0
    last_message: float = 0.0


def decode(payload: bytes, now_ms: int) -> tuple[int, float]:
    """(ts_ms, value) from a plain-number or JSON payload."""
    try:
        data = orjson.loads(payload)
    except orjson.JSONDecodeError as exc:
        raise BadMessage(f"payload is neither a number nor JSON: {exc.msg}") from exc
    if type(data) in (int, float):
        return now_ms, float(data)
    if not isinstance(data, dict) or type(data.get("value")) not in (int, float):
        raise BadMessage("JSON payload needs a numeric 'value'")
    raw_ts = data.get("ts")
    try:
        return (now_ms if raw_ts is None else ts_ms(raw_ts)), float(data["value"])
    except (ValueError, TypeError, OverflowError) as exc:
        raise BadMessage(f"ts: {exc}") from exc


class Resolver:
    """Topic → (region id, sensor id) with the same directory and window as HTTP."""

    def __init__(self) -> None:
        self.regions = {r.code: r.pk for r in Region.objects.all()}

    def row(self, topic: str, payload: bytes, now_ms: int) -> tuple[int, tuple[int, int, float]]:
        parts = topic.split("/")
        if len(parts) != 4 or parts[0] != "kotacerdas":
            raise BadMessage(f"topic {topic!r} is not kotacerdas/region/sensor/quantity")
        region_id = self.regions.get(parts[1])
        if region_id is None:
            raise BadMessage(f"unknown region {parts[1]!r}")
        try:
            config = region_config(region_id)
        except KeyRejected as exc:
            raise BadMessage(str(exc)) from exc
        ref = directory(region_id).by_key.get(parts[2])
        if ref is None or ref.quantity != parts[3]:
            raise BadMessage(f"unknown sensor {parts[2]!r} measuring {parts[3]!r}")
        ts, value = decode(payload, now_ms)
        if not ref.low <= value <= ref.high:
            raise BadMessage(f"{value} is outside {ref.low}…{ref.high} for {ref.quantity}")
        if (why := Window(int(config.get("raw_retention_days", 400))).problem(ts)) is not None:
            raise BadMessage(why)
        return region_id, (ref.id, ts, value)


class Worker:
    """Collects messages from paho's network thread; the caller's thread writes and acks."""

    def __init__(
        self,
        url: str,
        group: str,
        client_id: str,
        batch: int = 5000,
        linger: float = 0.05,
        ack: str = "commit",
        session_seconds: int = 3600,
    ) -> None:
        import paho.mqtt.client as mqtt
        from paho.mqtt.enums import CallbackAPIVersion
        from paho.mqtt.packettypes import PacketTypes
        from paho.mqtt.properties import Properties

        parts = urlsplit(url)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 1883
        self.topic = f"$share/{group}/{TOPIC}" if group else TOPIC
        self.batch, self.linger = batch, linger
        # "commit": ack after the batch committed (nothing lost if the worker dies; the
        # broker's inflight window bounds throughput). "receipt": paho acks on arrival.
        self.ack_after_commit = ack == "commit"
        self._last_message = 0.0
        self.stats = Stats()
        self.resolver = Resolver()
        self._pending: list[tuple[str, bytes, int]] = []
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self.client = mqtt.Client(
            CallbackAPIVersion.VERSION2,
            client_id=client_id,
            protocol=mqtt.MQTTv5,
            manual_ack=self.ack_after_commit,
        )
        if parts.username:
            self.client.username_pw_set(parts.username, parts.password)
        self.client.on_connect = self._on_connect
        self.client.on_message = self._on_message
        self._props: Any = Properties(PacketTypes.CONNECT)  # type: ignore[no-untyped-call]
        # Keep unacked messages for a restarted worker with the same client id.
        self._props.SessionExpiryInterval = session_seconds
        self._props.ReceiveMaximum = 65535  # allow many unacked messages while a batch commits

    def _on_connect(self, client: Any, userdata: Any, flags: Any, reason: Any, props: Any) -> None:
        client.subscribe(self.topic, qos=1)

    def _on_message(self, client: Any, userdata: Any, msg: Any) -> None:
        with self._lock:
            self._pending.append((msg.topic, msg.payload, msg.mid))
            self._last_message = self.stats.last_message = time.monotonic()
            if not self.stats.first_message:
                self.stats.first_message = self._last_message
            if len(self._pending) >= self.batch:
                self._wake.set()

    def start(self) -> None:
        self.client.connect(
            self.host,
            self.port,
            clean_start=self._props.SessionExpiryInterval == 0,
            properties=self._props,
        )
        self.client.loop_start()

    def stop(self) -> None:
        self.client.loop_stop()
        self.client.disconnect()

    def run(
        self, until: Callable[[], bool], on_batch: Callable[[Stats], None] | None = None
    ) -> None:
        while not until():
            started = time.monotonic()
            # Flush when the batch is full, the stream pauses for 2 ms (the broker waits
            # for our acks), or the linger time is up.
            while not self._wake.wait(0.002):
                now = time.monotonic()
                if now - started >= self.linger or (
                    self._pending and now - self._last_message >= 0.002
                ):
                    break
            self._wake.clear()
            if self.flush() and on_batch is not None:
                on_batch(self.stats)
        self.flush()

    def flush(self) -> int:
        with self._lock:
            taken, self._pending = self._pending, []
        if not taken:
            return 0
        now_ms = int(time.time() * 1000)
        by_region: dict[int, list[tuple[int, int, float]]] = defaultdict(list)
        for topic, payload, _mid in taken:
            try:
                region_id, row = self.resolver.row(topic, payload, now_ms)
            except BadMessage as exc:
                self.stats.rejected += 1
                log.warning("sensor-kota mqtt: dropped %s: %s", topic, exc)
                continue
            by_region[region_id].append(row)
        for region_id, rows in by_region.items():
            result = store_rows(KeyGrant(0, region_id, None), rows)
            self.stats.stored += result.inserted
        if self.ack_after_commit:
            for _topic, _payload, mid in taken:  # only now: the rows are committed
                self.client.ack(mid, 1)
        self.stats.received += len(taken)
        self.stats.batches += 1
        return len(taken)
