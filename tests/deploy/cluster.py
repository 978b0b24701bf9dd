"""A small production cluster on loopback for tests/deploy/test_cluster.py.

nginx in front of two ``kotacerdas serve`` processes, two ``ingest-mqtt`` workers and two
job runners, all on one fresh PostgreSQL database and the test's Mosquitto; and the clients
that drive it: citizens' reports over Open311, sensor batches over HTTP and MQTT, and
situation-room streams that reconnect the way a browser's EventSource does.

Run as a module it is the two pieces of set-up that need Django on the cluster's database
(not on the test's own):

    python -m tests.deploy.cluster seed       # one region, two apps, keys, a signed-in operator
    python -m tests.deploy.cluster run-jobs   # `kotacerdas run-jobs` plus a 2-second job
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
NGINX = Path("/usr/sbin/nginx")
LOCATIONS = ROOT / "deploy" / "nginx" / "kotacerdas-locations.conf"
# The prefix the deployment's nginx files use for the data folder.
DEPLOYED_DATA_DIR = "/var/lib/kotacerdas"
REGION_CODE, REGION_SLUG = "33.74", "semarang"
# The short job the cluster's runners register (see ``_run_jobs``): its interval in seconds.
TICK_JOB = "cluster-test:tick"
TICK_EVERY = 2


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# --- processes ------------------------------------------------------------------------


def kotacerdas_command() -> list[str]:
    script = Path(sys.executable).with_name("kotacerdas")
    return [str(script)] if script.exists() else [sys.executable, "-m", "kotacerdas.cli"]


@dataclass
class Proc:
    """One process of the cluster, in a process group of its own so a kill takes all of it."""

    name: str
    argv: list[str]
    env: dict[str, str]
    log: Path
    popen: subprocess.Popen[bytes] | None = None
    starts: int = 0

    def start(self) -> Proc:
        self.starts += 1
        with self.log.open("ab") as out:
            out.write(f"--- start {self.starts}: {' '.join(self.argv)}\n".encode())
            out.flush()
            self.popen = subprocess.Popen(
                self.argv,
                env=self.env,
                cwd=ROOT,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        return self

    @property
    def pid(self) -> int:
        assert self.popen is not None
        return self.popen.pid

    def alive(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def signal_group(self, sig: signal.Signals) -> None:
        if self.popen is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.popen.pid, sig)

    def kill(self) -> None:
        """SIGKILL, as a crash or the OOM killer would: no handler runs."""
        self.signal_group(signal.SIGKILL)
        if self.popen is not None:
            self.popen.wait(timeout=10)

    def stop(self, grace: float = 5) -> None:
        if not self.alive():
            self.signal_group(signal.SIGKILL)  # children left behind, if any
            return
        self.signal_group(signal.SIGTERM)
        assert self.popen is not None
        try:
            self.popen.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            self.kill()
        self.signal_group(signal.SIGKILL)

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def wait_for_output(self, text: str, seconds: float = 60) -> None:
        """Until this start's output contains ``text`` (earlier starts' output is skipped)."""
        deadline = time.monotonic() + seconds
        marker = f"--- start {self.starts}:"
        while text not in self.output().rpartition(marker)[2]:
            if not self.alive():
                raise RuntimeError(f"{self.name} exited:\n{self.output()[-3000:]}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"{self.name} did not say {text!r}:\n{self.output()[-3000:]}")
            time.sleep(0.1)


def wait_http(port: int, proc: Proc | None = None, seconds: float = 60) -> None:
    """Until ``GET /healthz`` on ``port`` answers below 500."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            status = conn.getresponse().status
            conn.close()
            if status < 500:
                return
        except OSError:
            pass
        if proc is not None and not proc.alive():
            raise RuntimeError(f"{proc.name} exited:\n{proc.output()[-3000:]}")
        if time.monotonic() > deadline:
            raise RuntimeError(f"nothing answers on port {port}")
        time.sleep(0.1)


def run_checked(argv: list[str], env: dict[str, str], seconds: float = 120) -> str:
    done = subprocess.run(
        argv, env=env, cwd=ROOT, capture_output=True, text=True, timeout=seconds, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} failed:\n{done.stdout[-2000:]}{done.stderr[-3000:]}")
    return done.stdout


# --- nginx ----------------------------------------------------------------------------


def locations(data_dir: Path) -> str:
    """The deployment's locations file (deploy/nginx), for this data folder."""
    return LOCATIONS.read_text().replace(DEPLOYED_DATA_DIR, str(data_dir))


def nginx_conf(tmp: Path, port: int, upstreams: list[int], data_dir: Path) -> str:
    """nginx in the foreground with everything under ``tmp``: the deployment's locations
    behind an upstream of the cluster's servers (deploy/nginx/kotacerdas-upstream.conf
    names the production ports instead)."""
    (tmp / "kotacerdas-locations.conf").write_text(locations(data_dir))
    servers = "\n".join(f"    server 127.0.0.1:{p} max_fails=1 fail_timeout=2s;" for p in upstreams)
    user = "user root root;" if os.geteuid() == 0 else ""
    conf = f"""
daemon off;
{user}
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log warn;
events {{ worker_connections 512; }}
http {{
    access_log {tmp}/nginx-access.log;
    client_body_temp_path {tmp}/nginx-body;
    proxy_temp_path {tmp}/nginx-proxy;
    fastcgi_temp_path {tmp}/nginx-fastcgi;
    uwsgi_temp_path {tmp}/nginx-uwsgi;
    scgi_temp_path {tmp}/nginx-scgi;
    upstream kotacerdas {{
{servers}
        keepalive 16;
    }}
    server {{
        listen 127.0.0.1:{port};
        server_name 127.0.0.1 localhost;
        # A killed server's requests go to the other one (nginx's default is "error
        # timeout"; uvicorn never answers 502 itself, a proxy in between might). A POST
        # that reached the killed server is not sent again: its client retries.
        proxy_next_upstream error timeout http_502;
        include {tmp}/kotacerdas-locations.conf;
    }}
}}
"""
    return conf


# --- traffic --------------------------------------------------------------------------


RETRY_STATUSES = {409, 502, 503, 504}


@dataclass
class Tally:
    """What one kind of client sent, and how often it had to try again."""

    sent: dict[str, Any] = field(default_factory=dict)
    retries: int = 0
    statuses: dict[int, int] = field(default_factory=dict)
    gave_up: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def saw(self, status: int) -> None:
        with self.lock:
            self.statuses[status] = self.statuses.get(status, 0) + 1


def request(
    port: int, method: str, path: str, body: bytes | None, headers: dict[str, str]
) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
    try:
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def send_until_answered(
    port: int,
    path: str,
    body: bytes,
    headers: dict[str, str],
    tally: Tally,
    label: str,
    give_up_after: float = 15,
) -> tuple[int, bytes] | None:
    """POST the same request (same Idempotency-Key, same body) until it is answered: a
    502/503/504, a 409 (its first try is still being answered) or a dropped connection is
    tried again after a pause, as a careful client would."""
    deadline = time.monotonic() + give_up_after
    pause = 0.1
    while True:
        try:
            status, answer = request(port, "POST", path, body, headers)
        except OSError:
            status, answer = 0, b""
        tally.saw(status)
        if status and status not in RETRY_STATUSES:
            return status, answer
        if time.monotonic() > deadline:
            with tally.lock:
                tally.gave_up.append(f"{label}: last status {status} {answer[:200]!r}")
            return None
        with tally.lock:
            tally.retries += 1
        time.sleep(pause)
        pause = min(pause * 2, 1.0)


def report_sender(
    port: int, api_key: str, service_code: str, run_id: str, tally: Tally
) -> Callable[[int], None]:
    """Files citizen report ``n`` over Open311 with Idempotency-Key ``{run_id}-report-{n}``;
    the description carries the key, so the database can be counted per key."""

    def send(n: int) -> None:
        key = f"{run_id}-report-{n}"
        form = {
            "api_key": api_key,
            "jurisdiction_id": REGION_CODE,
            "service_code": service_code,
            "lat": f"{-7.0 + (n % 50) * 0.001:.4f}",
            "long": f"{110.42 + (n % 40) * 0.001:.4f}",
            "description": f"Jalan berlubang, uji klaster {key}",
            "first_name": "Warga",
        }
        body = urllib.parse.urlencode(form).encode()
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Idempotency-Key": key,
        }
        answer = send_until_answered(port, "/open311/v2/requests.json", body, headers, tally, key)
        if answer is None:
            return
        status, data = answer
        if status != 200:
            with tally.lock:
                tally.gave_up.append(f"{key}: refused {status} {data[:300]!r}")
            return
        ticket = json.loads(data)[0]["service_request_id"]
        with tally.lock:
            tally.sent[key] = ticket

    return send


def reading_sender(
    port: int, device_key: str, sensor: str, base_ms: int, per_batch: int, tally: Tally, run_id: str
) -> Callable[[int], None]:
    """Posts batch ``n`` of ``per_batch`` readings, one second apart, to the HTTP ingest."""

    def send(n: int) -> None:
        stamps = [base_ms + (n * per_batch + i) * 1000 for i in range(per_batch)]
        # ``ts`` in epoch seconds, as the endpoint takes it; the store keeps milliseconds.
        readings = [{"sensor": sensor, "ts": ts // 1000, "value": 40 + n % 7} for ts in stamps]
        headers = {
            "Content-Type": "application/json",
            "Authorization": f"Bearer {device_key}",
            "Idempotency-Key": f"{run_id}-batch-{n}",
        }
        answer = send_until_answered(
            port,
            "/api/apps/sensor-kota/ingest",
            json.dumps(readings).encode(),
            headers,
            tally,
            f"batch {n}",
        )
        if answer is not None and answer[0] == 200:
            with tally.lock:
                tally.sent.update({str(ts): json.loads(answer[1]) for ts in stamps})
        elif answer is not None:
            with tally.lock:
                tally.gave_up.append(f"batch {n}: refused {answer[0]} {answer[1][:300]!r}")

    return send


class MqttPublisher:
    """A sensor gateway publishing QoS 1 readings; ``published`` holds those the broker
    acknowledged (PUBACK): from then on they are the broker's and the workers' to keep."""

    def __init__(self, url: str, topic: str, base_ms: int) -> None:
        import paho.mqtt.client as mqtt
        from paho.mqtt.enums import CallbackAPIVersion

        parts = urllib.parse.urlsplit(url)
        self.topic, self.base_ms = topic, base_ms
        self.published: list[int] = []
        self.client = mqtt.Client(
            CallbackAPIVersion.VERSION2,
            client_id=f"cluster-gateway-{uuid.uuid4().hex[:8]}",
            protocol=mqtt.MQTTv5,
        )
        if parts.username:
            self.client.username_pw_set(parts.username, parts.password)
        self.client.connect(parts.hostname or "127.0.0.1", parts.port or 1883)
        self.client.loop_start()

    def send(self, n: int, per_round: int = 10) -> None:
        infos = []
        for i in range(per_round):
            ts = self.base_ms + (n * per_round + i) * 1000
            payload = json.dumps({"ts": ts // 1000, "value": 30 + i}).encode()  # epoch seconds
            infos.append((ts, self.client.publish(self.topic, payload, qos=1)))
        for ts, info in infos:
            info.wait_for_publish(timeout=10)
            if info.is_published():
                self.published.append(ts)

    def close(self) -> None:
        if self.client.is_connected():
            self.client.disconnect()
        self.client.loop_stop()


def end_mqtt_sessions(url: str, client_ids: list[str]) -> None:
    """Remove the workers' persistent sessions from the broker (they would outlive the test
    by an hour): connect with each id, clean start, no session expiry, and leave."""
    import paho.mqtt.client as mqtt
    from paho.mqtt.enums import CallbackAPIVersion

    parts = urllib.parse.urlsplit(url)
    for client_id in client_ids:
        client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=client_id, protocol=mqtt.MQTTv5)
        with contextlib.suppress(OSError):
            client.connect(parts.hostname or "127.0.0.1", parts.port or 1883, clean_start=True)
            client.loop_start()
            time.sleep(0.2)
            client.loop_stop()
            client.disconnect()


class StreamClient(threading.Thread):
    """A browser's EventSource on the situation room: reads ``id:``/``data:`` frames; when the
    stream drops it reconnects after the server's ``retry:`` hint (capped at one second to
    keep the test short) with ``Last-Event-ID`` set to the last id it got."""

    def __init__(self, name: str, port: int, path: str, headers: dict[str, str]) -> None:
        super().__init__(name=name, daemon=True)
        self.port, self.path, self.headers = port, path, headers
        self.ids: list[int] = []
        self.connects = 0
        self.errors: list[str] = []
        self.last_id: int | None = None
        # Per connection: (wall time, the Last-Event-ID it sent, events received before it).
        self.history: list[tuple[float, int | None, int]] = []
        self.trace: list[tuple[float, bytes]] = []  # every line read, for a diagnosis
        self.retry = 1.0
        self._stop_now = threading.Event()
        self._conn: http.client.HTTPConnection | None = None

    def run(self) -> None:
        while not self._stop_now.is_set():
            try:
                self._read_one_connection()
            except (OSError, http.client.HTTPException, ValueError) as exc:
                if not self._stop_now.is_set():
                    self.errors.append(f"{type(exc).__name__}: {exc}"[:200])
            if not self._stop_now.is_set():
                self._stop_now.wait(self.retry)

    def _read_one_connection(self) -> None:
        headers = dict(self.headers, Accept="text/event-stream")
        if self.last_id is not None:
            headers["Last-Event-ID"] = str(self.last_id)
        self._conn = conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.request("GET", self.path, headers=headers)
            response = conn.getresponse()
            self.connects += 1
            self.history.append((round(time.time(), 3), self.last_id, len(self.ids)))
            if response.status != 200:
                self.errors.append(f"status {response.status}")
                return
            fields: dict[str, str] = {}
            while True:
                # Through the response, not its socket: nginx re-chunks the stream, and a
                # chunk may end in the middle of a line (response.fp would show the chunk
                # sizes inside the lines).
                raw = response.readline()
                self.trace.append((time.time(), raw))
                if not raw:
                    raise ConnectionError("stream closed")
                line = raw.decode().rstrip("\n")
                if line == "":
                    if "retry" in fields:
                        self.retry = min(int(fields["retry"]) / 1000, 1.0)
                    if "id" in fields:  # as EventSource: the last id is kept even alone
                        self.last_id = int(fields["id"])
                    if "data" in fields and "id" in fields:
                        self.ids.append(int(fields["id"]))
                    fields = {}
                elif not line.startswith(":"):
                    key, _sep, value = line.partition(":")
                    fields[key] = value.removeprefix(" ")
        finally:
            conn.close()

    def stop(self) -> None:
        self._stop_now.set()
        conn = self._conn
        if conn is not None and conn.sock is not None:
            with contextlib.suppress(OSError):
                conn.sock.shutdown(socket.SHUT_RDWR)
        self.join(timeout=10)


def paced(send: Callable[[int], None], every: float, stop: threading.Event) -> threading.Thread:
    """A thread calling ``send(0)``, ``send(1)``, … every ``every`` seconds until ``stop``."""

    def loop() -> None:
        n = 0
        while not stop.is_set():
            started = time.monotonic()
            send(n)
            n += 1
            stop.wait(max(0.0, every - (time.monotonic() - started)))

    thread = threading.Thread(target=loop, daemon=True)
    thread.start()
    return thread


# --- the database, from the test process ---------------------------------------------


@contextlib.contextmanager
def fresh_database(admin_url: str) -> Iterator[str]:
    """A new, empty PostgreSQL database on the test's server; its URL. Dropped afterwards."""
    import psycopg

    parts = urllib.parse.urlsplit(admin_url)
    name = f"kc_cluster_{uuid.uuid4().hex[:10]}"
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield parts._replace(path=f"/{name}").geturl()
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def query(url: str, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    import psycopg

    with psycopg.connect(url) as conn:
        return list(conn.execute(sql, params).fetchall())


# --- the cluster ----------------------------------------------------------------------


class Cluster:
    """Two servers, two MQTT workers and two job runners behind nginx, on ``db_url``.

    A context manager: on exit every process group is stopped (killed if it lingers) and
    the workers' sessions are removed from the broker.
    """

    def __init__(self, tmp: Path, db_url: str, mqtt_url: str) -> None:
        self.tmp, self.db_url, self.mqtt_url = tmp, db_url, mqtt_url
        self.run_id = uuid.uuid4().hex[:8]
        self.data_dir = tmp / "data"
        self.data_dir.mkdir()
        self.job_log = tmp / "jobs.log"
        self.topic_root = f"kc-cluster-{self.run_id}"
        path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
        self.env = dict(
            os.environ,
            DATABASE_URL=db_url,
            KOTACERDAS_DATA_DIR=str(self.data_dir),
            SECRET_KEY=f"cluster-test-{uuid.uuid4().hex}",
            MQTT_URL=mqtt_url,
            PYTHONPATH=path,
            PYTHONUNBUFFERED="1",
            CLUSTER_JOB_LOG=str(self.job_log),
        )
        self.procs: list[Proc] = []
        self.servers: list[Proc] = []
        self.server_ports: list[int] = []
        self.workers: list[Proc] = []
        self.runners: list[Proc] = []
        self.nginx: Proc | None = None
        self.port = 0
        self.runners_started = 0.0
        self.world: dict[str, Any] = {}

    def __enter__(self) -> Cluster:
        return self

    def __exit__(self, *exc: object) -> None:
        for proc in reversed(self.procs):
            proc.stop()
        end_mqtt_sessions(self.mqtt_url, self.client_ids)

    @property
    def client_ids(self) -> list[str]:
        return [f"cluster-{self.run_id}-{n}" for n in (1, 2)]

    def _proc(self, name: str, argv: list[str]) -> Proc:
        proc = Proc(name, argv, self.env, self.tmp / f"{name}.log")
        self.procs.append(proc)
        return proc

    def prepare(self) -> dict[str, Any]:
        """``kotacerdas migrate`` on the empty database, then the small seed."""
        run_checked([*kotacerdas_command(), "migrate", "--no-input"], self.env)
        out = run_checked([sys.executable, "-m", "tests.deploy.cluster", "seed"], self.env)
        self.world = json.loads(out.strip().splitlines()[-1])
        return self.world

    def start(self) -> None:
        kc = kotacerdas_command()
        self.server_ports = [free_port(), free_port()]
        for n, port in enumerate(self.server_ports, start=1):
            serve = ["serve", "--host", "127.0.0.1", "--port", str(port), "--workers", "1"]
            self.servers.append(self._proc(f"serve-{n}", [*kc, *serve, "--no-jobs"]).start())
        for n, client_id in enumerate(self.client_ids, start=1):
            argv = [
                *kc,
                "ingest-mqtt",
                "--url",
                self.mqtt_url,
                "--group",
                f"cluster-{self.run_id}",
                "--client-id",
                client_id,
                "--topic-root",
                self.topic_root,
                "--batch",
                "500",
            ]
            self.workers.append(self._proc(f"ingest-{n}", argv).start())
        self.runners_started = time.monotonic()  # jobs may be claimed from here on
        for n in (1, 2):
            argv = [sys.executable, "-m", "tests.deploy.cluster", "run-jobs", "--tick", "0.5"]
            self.runners.append(self._proc(f"run-jobs-{n}", argv).start())
        self.port = free_port()
        conf = nginx_conf(self.tmp, self.port, self.server_ports, self.data_dir)
        (self.tmp / "nginx.conf").write_text(conf)
        argv = [str(NGINX), "-p", str(self.tmp), "-c", str(self.tmp / "nginx.conf")]
        run_checked([*argv, "-t"], self.env)
        self.nginx = self._proc("nginx", argv).start()
        for proc, port in zip(self.servers, self.server_ports, strict=True):
            wait_http(port, proc)
        wait_http(self.port, self.nginx)
        for proc in self.workers:
            proc.wait_for_output("listening on")
        for proc in self.runners:
            proc.wait_for_output("Periodic jobs:")

    def restart(self, procs: list[Proc]) -> None:
        """Start killed processes again (servers on their old ports), all at once, and wait
        until each is ready."""
        for proc in procs:
            proc.start()
        for proc in procs:
            if proc in self.servers:
                wait_http(self.server_ports[self.servers.index(proc)], proc)
            else:
                proc.wait_for_output("listening on")

    def mqtt_topic(self) -> str:
        sensor = self.world["mqtt_sensor"]
        return f"{self.topic_root}/{REGION_CODE}/{sensor['code']}/{sensor['quantity']}"

    def sql(self, text: str, *params: Any) -> list[tuple[Any, ...]]:
        return query(self.db_url, text, *params)

    def readings(self, sensor_id: int, low_ms: int, high_ms: int) -> list[int]:
        rows = self.sql(
            "SELECT ts FROM sensor_kota_reading WHERE sensor_id = %s AND ts BETWEEN %s AND %s",
            sensor_id,
            low_ms,
            high_ms,
        )
        return [int(r[0]) for r in rows]

    def newest_event(self) -> int:
        return int(self.sql("SELECT coalesce(max(id), 0) FROM core_event")[0][0])


# --- run as a module: set-up on the cluster's database --------------------------------


AGENCIES = [
    ("dpu", "Dinas Pekerjaan Umum", "DPU"),
    ("dlh", "Dinas Lingkungan Hidup", "DLH"),
    ("bpbd", "Badan Penanggulangan Bencana Daerah", "BPBD"),
    ("dishub", "Dinas Perhubungan", "Dishub"),
    ("disperkim", "Dinas Perumahan dan Kawasan Permukiman", "Disperkim"),
    ("satpolpp", "Satuan Polisi Pamong Praja", "Satpol PP"),
    ("diskominfo", "Dinas Komunikasi dan Informatika", "Diskominfo"),
    ("dinkes", "Dinas Kesehatan", "Dinkes"),
]


def _seed() -> dict[str, Any]:
    """Kota Semarang with Aduan Warga and Sensor Kota, its public room open, an Open311
    key, a device key, and a signed-in operator: what the cluster's traffic needs (the whole
    demo takes four times as long)."""
    from django.contrib.auth.models import User
    from django.test import Client

    from kotacerdas.apps.aduan_warga.config import DEFAULT_CATEGORIES
    from kotacerdas.apps.aduan_warga.services.clients import PREFIX
    from kotacerdas.apps.sensor_kota.models import Sensor, Station
    from kotacerdas.apps.sensor_kota.services.keys import issue_ingest_key
    from kotacerdas.core.keys import issue_key
    from kotacerdas.core.models import Agency, Membership, Province, Region
    from kotacerdas.core.tenancy import Role, Scope
    from kotacerdas.platform.installations import enable_app
    from kotacerdas.situation.models import RoomSettings

    reason = "seeding the cluster test"
    scope = Scope.system(reason)
    province = Province.objects.create(code="33", name="Jawa Tengah")
    region = Region.objects.create(
        province=province,
        code=REGION_CODE,
        name="Kota Semarang",
        kind="kota",
        slug=REGION_SLUG,
        centre_lat=-7.005,
        centre_lng=110.42,
        bbox_west=110.27,
        bbox_south=-7.15,
        bbox_east=110.51,
        bbox_north=-6.93,
    )
    for slug, name, short in AGENCIES:
        Agency.objects.unscoped(reason).create(
            region=region, slug=slug, name=name, short_name=short
        )
    enable_app(scope, region, "aduan-warga")
    enable_app(scope, region, "sensor-kota")
    RoomSettings.objects.unscoped(reason).create(region=region, public_room=True)
    sensors = {}
    for code, kind, quantity, unit in (
        ("sungai", "water", "water_level", "cm"),
        ("pompa", "water", "water_level", "cm"),
    ):
        station = Station.objects.unscoped(reason).create(
            region=region, code=code, name=code.title(), kind=kind, lat=-7.0, lng=110.42
        )
        sensors[code] = Sensor.objects.unscoped(reason).create(
            region=region,
            station=station,
            code=f"{code}-{quantity}",
            quantity=quantity,
            unit=unit,
            interval_seconds=60,
        )
    _row, open311_key = issue_key(scope, region, "aduan-warga", "Cluster test", prefix=PREFIX)
    http_sensor = sensors["sungai"]
    _row, device_key = issue_ingest_key(scope, region, "Cluster device", http_sensor.station)
    operator = User.objects.create_user("operator", password=uuid.uuid4().hex)
    Membership.objects.unscoped(reason).create(user=operator, role=Role.REGION_ADMIN, region=region)
    browser = Client()
    browser.force_login(operator)
    return {
        "region_id": region.pk,
        "open311_key": open311_key,
        "service_code": DEFAULT_CATEGORIES[0]["service_code"],
        "device_key": device_key,
        "http_sensor": {"id": http_sensor.pk, "code": http_sensor.code},
        "mqtt_sensor": {
            "id": sensors["pompa"].pk,
            "code": sensors["pompa"].code,
            "quantity": sensors["pompa"].quantity,
        },
        "session": browser.cookies["sessionid"].value,
    }


def _tick(log: Path) -> None:
    """The short job: one line per run (which runner, the time its lease was claimed) and a
    public event, so the job runners write to the situation room's streams as well."""
    from kotacerdas.core.events import publish
    from kotacerdas.core.models import JobLease, Region

    region = Region.objects.get(code=REGION_CODE)
    event = publish(region, "cluster-test", "tick", {"pid": os.getpid()}, public=True)
    claimed = JobLease.objects.get(name=TICK_JOB).last_started_at
    assert claimed is not None
    with log.open("a") as out:
        out.write(f"{os.getpid()} {claimed.timestamp():.6f} {event.pk}\n")


def _run_jobs(argv: list[str]) -> None:
    """``kotacerdas run-jobs`` with one more job, registered the way platform modules do
    (``register_platform_job``): the runner takes no job list from settings or the
    environment, and the apps' shortest interval (30 s) is too long for a test."""
    from django.core.management import call_command

    from kotacerdas.contract import PeriodicJob
    from kotacerdas.platform.jobs import register_platform_job

    log = Path(os.environ["CLUSTER_JOB_LOG"])
    module, name = TICK_JOB.split(":")
    register_platform_job(module, PeriodicJob(name, TICK_EVERY, lambda: _tick(log), False))
    call_command("run_jobs", *argv)


def main(argv: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kotacerdas.settings")
    import django

    django.setup()
    if argv[:1] == ["seed"]:
        print(json.dumps(_seed()))
    elif argv[:1] == ["run-jobs"]:
        _run_jobs(argv[1:])
    else:
        raise SystemExit("usage: python -m tests.deploy.cluster seed | run-jobs [--tick S]")


if __name__ == "__main__":
    main(sys.argv[1:])
