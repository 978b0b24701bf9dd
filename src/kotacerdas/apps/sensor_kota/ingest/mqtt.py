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
import struct
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote, urlsplit

import orjson
import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion, MQTTErrorCode
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties

from kotacerdas.apps.sensor_kota.ingest.directory import SensorRef, directory
from kotacerdas.apps.sensor_kota.ingest.pipeline import installed, store_rows
from kotacerdas.apps.sensor_kota.ingest.validate import Window, ts_ms
from kotacerdas.core import metrics
from kotacerdas.core.models import Region

log = logging.getLogger(__name__)
ROOT = "kotacerdas"
TOPIC = f"{ROOT}/+/+/+"
PUBACK = struct.Struct("!BBH")  # fixed header 0x40, remaining length 2, packet id
INGESTED = metrics.READINGS_INGESTED.labels("mqtt")
REJECTED = metrics.READINGS_REJECTED.labels("mqtt")


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
    last_commit: float = 0.0


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


Target = tuple[int, SensorRef, Window]


class Resolver:
    """Topic → (region id, sensor id) with the same directory and window as HTTP."""

    def __init__(self, root: str = ROOT) -> None:
        self.root = root
        self.regions = {r.code: r.pk for r in Region.objects.all()}

    def target(self, topic: str) -> Target:
        """The region, sensor and accepted time window a topic writes to."""
        parts = topic.split("/")
        if len(parts) != 4 or parts[0] != self.root:
            raise BadMessage(f"topic {topic!r} is not {self.root}/region/sensor/quantity")
        region_id = self.regions.get(parts[1])
        if region_id is None:
            raise BadMessage(f"unknown region {parts[1]!r}")
        # No request here, so no app context: ``installed`` reads the region's configuration
        # through the core models (cached), see its docstring.
        found = installed(region_id)
        if found is None:
            raise BadMessage(f"Sensor Kota is not enabled for region {parts[1]!r}")
        ref = directory(region_id).by_key.get(parts[2])
        if ref is None or ref.quantity != parts[3]:
            raise BadMessage(f"unknown sensor {parts[2]!r} measuring {parts[3]!r}")
        return region_id, ref, Window(found[1].raw_retention_days)

    def row(self, topic: str, payload: bytes, now_ms: int) -> tuple[int, tuple[int, int, float]]:
        return self.checked(self.target(topic), payload, now_ms)

    @staticmethod
    def checked(target: Target, payload: bytes, now_ms: int) -> tuple[int, tuple[int, int, float]]:
        region_id, ref, window = target
        ts, value = decode(payload, now_ms)
        if not ref.low <= value <= ref.high:
            raise BadMessage(f"{value} is outside {ref.low}…{ref.high} for {ref.quantity}")
        if (why := window.problem(ts)) is not None:
            raise BadMessage(why)
        return region_id, (ref.id, ts, value)


class BufferedClient(mqtt.Client):
    """paho's client reading the socket in 64 KiB chunks and acknowledging in bulk.

    Stock paho reads every packet with three or four ``recv`` calls after a ``select``,
    builds a v5 ``Properties`` object for every PUBLISH, and sends every PUBACK with its own
    ``send``: at tens of thousands of small messages a second that is most of the worker's
    time (profiled: docs/apps/sensor-kota.md, MQTT). This keeps paho's connection handling,
    state and callbacks. A read call stops once the chunk is used up, so ``select`` never
    sleeps on bytes that sit in the buffer, and it refills at most twice, so a flood cannot
    starve the writes (our PUBACKs). It overrides paho internals (checked against 2.2); the
    MQTT tests run every path against a real broker.
    """

    CHUNK = 65536

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._chunk = b""
        self._chunk_pos = 0
        self._refills = 0

    def _sock_recv(self, bufsize: int) -> bytes:
        if self._chunk_pos >= len(self._chunk):
            if self._refills <= 0:
                raise BlockingIOError  # paho keeps the half-read packet and selects again
            self._refills -= 1
            self._chunk, self._chunk_pos = super()._sock_recv(self.CHUNK), 0
            if not self._chunk:
                return b""  # the broker closed the connection
        start = self._chunk_pos
        self._chunk_pos = min(start + bufsize, len(self._chunk))
        return self._chunk[start : self._chunk_pos]

    def loop_read(self, max_packets: int = 1) -> MQTTErrorCode:
        self._refills = 2
        rc = super().loop_read(max_packets)
        while rc == MQTTErrorCode.MQTT_ERR_SUCCESS and self._chunk_pos < len(self._chunk):
            rc = super().loop_read(max_packets)
        return rc

    def _handle_publish(self) -> MQTTErrorCode:
        # paho builds a Properties object (about 30 attribute probes) for every v5 PUBLISH,
        # a third of its time per message. Sensors send none, so a QoS 1 message whose
        # property length is 0 skips it; anything else (properties, QoS 0/2, a short
        # packet) goes through paho's own decoder, errors included.
        packet, command = self._in_packet["packet"], self._in_packet["command"]
        end = 2 + ((packet[0] << 8) | packet[1]) if len(packet) >= 2 else 0
        if (command & 0x06) != 0x02 or len(packet) < end + 3 or packet[end + 2] != 0:
            return super()._handle_publish()
        message = mqtt.MQTTMessage((packet[end] << 8) | packet[end + 1], bytes(packet[2:end]))
        message.dup, message.qos, message.retain = bool(command & 0x08), 1, bool(command & 0x01)
        message.payload = bytes(packet[end + 3 :])
        message.timestamp = time.monotonic()
        self._handle_on_message(message)
        if self._manual_ack:
            return MQTTErrorCode.MQTT_ERR_SUCCESS
        return self._send_puback(message.mid)

    def reconnect(self) -> MQTTErrorCode:
        self._chunk, self._chunk_pos = b"", 0  # bytes of the old connection mean nothing now
        return super().reconnect()

    def ack_many(self, mids: list[int]) -> None:
        """PUBACK QoS 1 messages in one write (``ack()`` would queue and send one each)."""
        if mids:
            pack = PUBACK.pack
            blob = b"".join([pack(0x40, 2, mid) for mid in mids])
            self._packet_queue(0x40, blob, 0, 1)


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
        root: str = ROOT,
    ) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("mqtt", "mqtts"):
            raise ValueError(f"MQTT_URL must start with mqtt:// or mqtts://, not {url[:20]!r}")
        # mqtts: TLS to the broker (port 8883 by default), checked against the system's CAs.
        self.tls = parts.scheme == "mqtts"
        self.host = parts.hostname or "127.0.0.1"
        self.port = parts.port or (8883 if self.tls else 1883)
        # ``root`` replaces the first topic level, so two deployments (or test runs) can
        # share one broker without reading each other's readings.
        topic = f"{root}/+/+/+"
        self.topic = f"$share/{group}/{topic}" if group else topic
        self.batch, self.linger = batch, linger
        # "commit": ack after the batch committed (nothing lost if the worker dies; the
        # broker's inflight window bounds throughput). "receipt": paho acks on arrival.
        self.ack_after_commit = ack == "commit"
        self._last_message = 0.0
        self._oldest = 0.0  # arrival of the oldest pending message (the lag metric)
        self.stats = Stats()
        self.resolver = Resolver(root)
        self._pending: list[tuple[str, bytes, int]] = []
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self.client = BufferedClient(
            CallbackAPIVersion.VERSION2,
            client_id=client_id,
            protocol=mqtt.MQTTv5,
            manual_ack=self.ack_after_commit,
        )
        if parts.username:
            # A URL carries reserved characters of a password %-encoded ("p%40ss" for p@ss).
            password = unquote(parts.password) if parts.password is not None else None
            self.client.username_pw_set(unquote(parts.username), password)
        if self.tls:
            self.client.tls_set()
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
            if not self._pending:
                self._oldest = time.monotonic()
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

    def stop(self, end_session: bool = False) -> None:
        """Disconnect; ``end_session`` also ends a persistent session at the broker, so a
        worker retired for good stops getting its share of the group's messages."""
        self.client.loop_stop()
        props: Any = None
        if end_session:
            props = Properties(PacketTypes.DISCONNECT)  # type: ignore[no-untyped-call]
            props.SessionExpiryInterval = 0
        self.client.disconnect(properties=props)

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
            oldest = self._oldest
        if not taken:
            return 0
        now_ms = int(time.time() * 1000)
        by_region: dict[int, list[tuple[int, int, float]]] = defaultdict(list)
        # A batch holds few distinct topics (one per sensor): resolve each once.
        targets: dict[str, Target | BadMessage] = {}
        checked = self.resolver.checked
        for topic, payload, _mid in taken:
            target = targets.get(topic)
            if target is None:
                try:
                    target = targets[topic] = self.resolver.target(topic)
                except BadMessage as exc:
                    target = targets[topic] = exc
            try:
                if isinstance(target, BadMessage):
                    raise target
                region_id, row = checked(target, payload, now_ms)
            except BadMessage as exc:
                self.stats.rejected += 1
                REJECTED.inc()
                log.warning("sensor-kota mqtt: dropped %s: %s", topic, exc)
                continue
            by_region[region_id].append(row)
        for region_id, rows in by_region.items():
            found = installed(region_id)
            if found is None:  # the app was disabled since the topic was resolved
                self.stats.rejected += len(rows)
                REJECTED.inc(len(rows))
                continue
            result = store_rows(found[0], found[1], rows)
            self.stats.stored += result.inserted
            INGESTED.inc(result.inserted)
        if self.ack_after_commit:  # only now: the rows are committed
            self.client.ack_many([mid for _topic, _payload, mid in taken])
        self.stats.received += len(taken)
        self.stats.batches += 1
        self.stats.last_commit = time.monotonic()
        metrics.MQTT_LAG.observe(self.stats.last_commit - oldest)
        return len(taken)
