"""The files in deploy/ that a region copies onto its server, checked by the programs that will
read them: nginx loads the site and does what its comments say, systemd accepts every unit
and each unit's command line is one the kotacerdas CLI takes, PostgreSQL accepts its
settings, and Mosquitto keeps a region's devices inside their region's topics.

The files name the deployed paths (/var/lib/kotacerdas, /etc/letsencrypt/..., /opt/...);
each test copies them into a temporary folder with those paths pointed there, and checks
that every path it rewrites is really in the file, so a renamed path cannot slip by.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import http.client
import ipaddress
import json
import os
import queue
import re
import shlex
import shutil
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import paho.mqtt.client as mqtt
import pytest
from paho.mqtt.enums import CallbackAPIVersion

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
SYSTEMD = DEPLOY / "systemd"
NGINX_DIR = DEPLOY / "nginx"
ENV_EXAMPLE = DEPLOY / "kotacerdas.env.example"
# The deployed paths the files use.
DATA_DIR = "/var/lib/kotacerdas"
BINARY = "/opt/kotacerdas/.venv/bin/kotacerdas"
NGINX_INCLUDES = "/etc/nginx/kotacerdas/"
CERT_DIR = "/etc/letsencrypt/live/kotacerdas.example.go.id/"
ACME_ROOT = "/var/www/html"
UNITS = [
    "kotacerdas-web.service",
    "kotacerdas-ingest-mqtt@.service",
    "kotacerdas-jobs.service",
    "kotacerdas-backup.service",
    "kotacerdas-backup.timer",
]
IN_CI = os.environ.get("CI") == "true"


def tool(name: str, debian_path: str, package: str) -> str:
    """The program's path; missing, the test skips on a developer's machine and fails in CI."""
    found = shutil.which(name) or (debian_path if Path(debian_path).exists() else None)
    if found:
        return found
    message = f"{name} is not installed ({debian_path}; Debian: apt-get install {package})"
    if IN_CI:
        pytest.fail(f"required in CI: {message}; .ci/run installs it")
    pytest.skip(message)


def replaced(text: str, old: str, new: str) -> str:
    assert old in text, f"expected {old!r} in the deployment file"
    return text.replace(old, new)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_port(port: int, proc: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"exited with {proc.returncode}: {log.read_text() if log.exists() else ''}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    pytest.fail(f"nothing listens on port {port} after 10 s")


def self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1/localhost and its key, as certbot names them."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    folder.mkdir(parents=True, exist_ok=True)
    chain, private = folder / "fullchain.pem", folder / "privkey.pem"
    chain.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    private.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return chain, private


def env_example() -> dict[str, str]:
    """NAME=value lines of the example, commented-out ones included (value prefixed "#")."""
    found: dict[str, str] = {}
    for line in ENV_EXAMPLE.read_text().splitlines():
        m = re.fullmatch(r"(# ?)?([A-Z][A-Z0-9_]*)=(.*)", line.strip())
        if m:
            found[m.group(2)] = ("#" if m.group(1) else "") + m.group(3)
    return found


def unit_directives(name: str) -> dict[str, list[str]]:
    values: dict[str, list[str]] = {}
    for line in (SYSTEMD / name).read_text().splitlines():
        if "=" in line and not line.lstrip().startswith(("#", ";", "[")):
            key, value = line.split("=", 1)
            values.setdefault(key.strip(), []).append(value.strip())
    return values


# --- nginx --------------------------------------------------------------------------------


@dataclass
class Site:
    """deploy/nginx/ installed into ``tmp`` (optionally listening on loopback ports)."""

    tmp: Path
    conf: Path
    data: Path
    cert: Path


def install_site(
    tmp: Path, upstream: int | None = None, ports: tuple[int, int] | None = None
) -> Site:
    etc, data, www = tmp / "etc", tmp / "data", tmp / "www"
    for folder in (etc, data / "static", www):
        folder.mkdir(parents=True, exist_ok=True)
    chain, _key = self_signed(tmp / "cert")
    for name in ("kotacerdas-upstream.conf", "kotacerdas-locations.conf", "kotacerdas.conf"):
        text = (NGINX_DIR / name).read_text()
        if name == "kotacerdas-locations.conf":
            text = replaced(text, DATA_DIR, str(data))
        if name == "kotacerdas.conf":
            text = replaced(text, NGINX_INCLUDES, f"{etc}/")
            text = replaced(text, CERT_DIR, f"{tmp / 'cert'}/")
            text = replaced(text, ACME_ROOT, str(www))
            text = replaced(text, "/var/log/nginx/", f"{tmp}/")
            if ports:
                text = replaced(text, "listen 80;", f"listen 127.0.0.1:{ports[0]};")
                text = replaced(text, "listen [::]:80;", "")
                text = replaced(
                    text, "listen 443 ssl http2;", f"listen 127.0.0.1:{ports[1]} ssl http2;"
                )
                text = replaced(text, "listen [::]:443 ssl http2;", "")
        if name == "kotacerdas-upstream.conf" and upstream:
            text = replaced(text, "server 127.0.0.1:8000", f"server 127.0.0.1:{upstream}")
        (etc / name).write_text(text)
    user = "user root root;" if os.geteuid() == 0 else ""
    conf = tmp / "nginx.conf"
    conf.write_text(
        f"""
daemon off;
{user}
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    access_log {tmp}/access.log;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    include {etc}/kotacerdas.conf;
}}
"""
    )
    return Site(tmp, conf, data, chain)


def nginx_test(nginx: str, site: Site) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [nginx, "-t", "-c", str(site.conf), "-p", str(site.tmp), "-e", str(site.tmp / "error.log")],
        capture_output=True,
        text=True,
        timeout=30,
    )


def test_nginx_accepts_the_site(tmp_path: Path) -> None:
    nginx = tool("nginx", "/usr/sbin/nginx", "nginx")
    site = install_site(tmp_path)
    result = nginx_test(nginx, site)
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr
    assert "[warn]" not in result.stderr, result.stderr

    # The check is real: a broken directive in the locations file is refused.
    locations = tmp_path / "etc" / "kotacerdas-locations.conf"
    locations.write_text(
        locations.read_text().replace("proxy_buffering off;", "proxy_buffering of;")
    )
    broken = nginx_test(nginx, site)
    assert broken.returncode != 0
    assert "proxy_buffering" in broken.stderr


@dataclass
class Upstream:
    """A stand-in for `kotacerdas serve`: records what nginx passes on, answers in JSON, and
    streams two events with a pause the test controls (no X-Accel-Buffering header: the
    nginx configuration alone must keep the stream live)."""

    seen: list[dict[str, Any]] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)
    server: ThreadingHTTPServer | None = None

    @property
    def port(self) -> int:
        assert self.server is not None
        return int(self.server.server_address[1])

    def start(self) -> None:
        upstream = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass

            def _record(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                upstream.seen.append(
                    {
                        "method": self.command,
                        "path": self.path,
                        "headers": dict(self.headers),
                        "body_bytes": len(body),
                    }
                )

            def do_GET(self) -> None:
                self._record()
                if self.path.split("?")[0].endswith(("/events/", "/buffered/")):
                    self.send_response(200)
                    self.send_header("Content-Type", "text/event-stream")
                    self.send_header("Connection", "close")
                    self.end_headers()
                    self.wfile.write(b"id: 1\ndata: first\n\n")
                    self.wfile.flush()
                    upstream.release.wait(10)
                    self.wfile.write(b"id: 2\ndata: second\n\n")
                    self.close_connection = True
                    return
                body = json.dumps({"upstream": self.path}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_POST = do_GET

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def paths(self) -> list[str]:
        return [r["path"] for r in self.seen]


@pytest.fixture
def running_site(tmp_path: Path) -> Iterator[tuple[Site, Upstream, int, int]]:
    nginx = tool("nginx", "/usr/sbin/nginx", "nginx")
    upstream = Upstream()
    upstream.start()
    http_port, https_port = free_port(), free_port()
    site = install_site(tmp_path, upstream.port, (http_port, https_port))
    log = tmp_path / "error.log"
    proc = subprocess.Popen(
        [nginx, "-c", str(site.conf), "-p", str(tmp_path), "-e", str(log)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_port(https_port, proc, log)
        yield site, upstream, http_port, https_port
    finally:
        upstream.release.set()
        proc.terminate()
        proc.wait(10)
        assert upstream.server is not None
        upstream.server.shutdown()


def tls(port: int, cert: Path, source: str = "") -> http.client.HTTPSConnection:
    context = ssl.create_default_context(cafile=str(cert))
    return http.client.HTTPSConnection(
        "127.0.0.1",
        port,
        context=context,
        timeout=10,
        source_address=(source, 0) if source else None,
    )


def get(
    conn: http.client.HTTPConnection, path: str, headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], bytes]:
    conn.request("GET", path, headers=headers or {})
    response = conn.getresponse()
    return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()


def test_nginx_site_serves_and_proxies_as_documented(
    running_site: tuple[Site, Upstream, int, int],
) -> None:
    site, upstream, http_port, https_port = running_site

    # Plain HTTP: a redirect to HTTPS, except the health check and ACME's challenges.
    plain = http.client.HTTPConnection("127.0.0.1", http_port, timeout=10)
    status, headers, _ = get(plain, "/r/semarang/?x=1")
    assert status == 301
    assert headers["location"] == "https://127.0.0.1/r/semarang/?x=1"
    for probe in ("/healthz", "/readyz"):
        status, _, body = get(plain, probe)
        assert (status, json.loads(body)) == (200, {"upstream": probe})
        assert upstream.seen[-1]["headers"]["X-Forwarded-Proto"] == "http"
    challenge = site.tmp / "www" / ".well-known" / "acme-challenge" / "token-1"
    challenge.parent.mkdir(parents=True)
    challenge.write_text("proof")
    assert get(plain, "/.well-known/acme-challenge/token-1")[::2] == (200, b"proof")

    # HTTPS: proxied with the headers Django trusts; a client's own X-Forwarded-Proto is
    # overwritten and its X-Forwarded-For gets nginx's view of the address appended.
    conn = tls(https_port, site.cert)
    status, _, body = get(
        conn, "/r/semarang/", {"X-Forwarded-Proto": "http", "X-Forwarded-For": "203.0.113.9"}
    )
    assert (status, json.loads(body)) == (200, {"upstream": "/r/semarang/"})
    passed = upstream.seen[-1]["headers"]
    assert passed["Host"] == f"127.0.0.1:{https_port}"
    assert passed["X-Forwarded-Proto"] == "https"
    assert passed["X-Forwarded-For"] == "203.0.113.9, 127.0.0.1"
    assert re.fullmatch(r"[0-9a-f]{32}", passed["X-Request-ID"])
    # The same id in nginx's access log (written when the request is done).
    deadline = time.monotonic() + 5
    access_log = site.tmp / "kotacerdas.access.log"
    while f"rid={passed['X-Request-ID']}" not in access_log.read_text():
        assert time.monotonic() < deadline, access_log.read_text()
        time.sleep(0.05)

    # /metrics: from this machine only. 127.0.0.2 is loopback too but not 127.0.0.1, so it
    # stands for any other address.
    assert get(conn, "/metrics")[0] == 200
    assert upstream.paths()[-1] == "/metrics"
    outside = tls(https_port, site.cert, source="127.0.0.2")
    assert get(outside, "/metrics")[0] == 403
    assert upstream.paths()[-1] == "/metrics" and len(upstream.paths()) == 4

    # Static files from STATIC_ROOT, cached briefly; never sent to the app.
    css = site.data / "static" / "kotacerdas" / "site.css"
    css.parent.mkdir(parents=True)
    css.write_text("body { color: #0f766e }\n" * 50)
    status, headers, body = get(conn, "/static/kotacerdas/site.css")
    assert (status, body) == (200, css.read_bytes())
    assert headers["cache-control"] == "public, max-age=600"
    assert headers["content-type"].startswith("text/css")
    assert get(conn, "/static/kotacerdas/missing.css")[0] == 404

    # Uploads: region logos are public files; the rest of MEDIA_ROOT goes out only through
    # the app's access checks, so nginx neither serves nor proxies /media/.
    logo = site.data / "media" / "logos" / "semarang.png"
    private = site.data / "media" / "maturity" / "evidence.pdf"
    for path in (logo, private):
        path.parent.mkdir(parents=True)
        path.write_bytes(b"\x89PNG not really")
    status, headers, body = get(conn, "/media/logos/semarang.png")
    assert (status, body, headers["cache-control"]) == (
        200,
        logo.read_bytes(),
        "public, max-age=86400",
    )
    assert get(conn, "/media/maturity/evidence.pdf")[0] == 404
    assert not any(p.startswith("/media/") for p in upstream.paths())

    # Bodies: up to 201 MB pass (1 MB sent here); a declared 201 MB + 1 is refused at once.
    conn.request("POST", "/api/apps/sensor-kota/ingest", body=b"x" * (1 << 20))
    response = conn.getresponse()
    assert response.status == 200
    response.read()
    assert upstream.seen[-1]["body_bytes"] == 1 << 20
    too_big = tls(https_port, site.cert)
    too_big.putrequest("POST", "/console/semarang/data-terbuka/dataset/x/unggah/")
    too_big.putheader("Content-Length", str(201 * 1024 * 1024 + 1))
    too_big.endheaders()
    assert too_big.getresponse().status == 413
    assert upstream.paths()[-1] == "/api/apps/sensor-kota/ingest"


def first_event_within(port: int, cert: Path, path: str, seconds: float) -> bytes:
    """What of the stream reaches the browser in ``seconds`` while the server holds back the
    second event (a buffering proxy sends not even the status line before the end)."""
    got: queue.Queue[bytes] = queue.Queue()

    def read() -> None:
        conn = tls(port, cert)
        conn.request("GET", path, headers={"Accept": "text/event-stream"})
        try:
            response = conn.getresponse()
        except (OSError, http.client.HTTPException):
            return  # nginx stopped at the end of the test while this one still waited
        got.put(f"{response.status} ".encode() + response.read1(1024))

    threading.Thread(target=read, daemon=True).start()
    try:
        return got.get(timeout=seconds)
    except queue.Empty:
        return b""


def test_nginx_passes_event_streams_unbuffered(
    running_site: tuple[Site, Upstream, int, int],
) -> None:
    site, upstream, _http_port, https_port = running_site
    for path in ("/r/semarang/situation/events/", "/province/33/situation/events/?after=5"):
        upstream.release.clear()
        assert first_event_within(https_port, site.cert, path, 3) == b"200 id: 1\ndata: first\n\n"
        upstream.release.set()
    # The same stream on another path is buffered (nginx's default), which is what the
    # events locations turn off: without them a situation room would wait for the end.
    upstream.release.clear()
    assert first_event_within(https_port, site.cert, "/r/semarang/buffered/", 1.5) == b""
    upstream.release.set()


# --- systemd ------------------------------------------------------------------------------


def kotacerdas_binary() -> Path:
    script = Path(sys.executable).with_name("kotacerdas")
    assert script.exists(), f"{script} missing: the project is not installed in this venv"
    return script


def test_systemd_accepts_every_unit(tmp_path: Path) -> None:
    analyze = tool("systemd-analyze", "/usr/bin/systemd-analyze", "systemd")
    # verify checks that ExecStart's program exists: the deployed venv becomes this one.
    for name in UNITS:
        text = (SYSTEMD / name).read_text()
        if name.endswith(".service"):
            text = replaced(text, BINARY, str(kotacerdas_binary()))
        (tmp_path / name).write_text(text)
    units = [str(tmp_path / n) for n in UNITS if "@." not in n]
    # A template is checked as an instance (worker 1), which is how it is enabled.
    units.append(str(tmp_path / "kotacerdas-ingest-mqtt@1.service"))
    result = subprocess.run(
        [analyze, "verify", *units], capture_output=True, text=True, timeout=60, cwd=tmp_path
    )
    # Any line is a finding (an unknown key is only a warning, and still a mistake).
    assert (result.returncode, result.stdout + result.stderr) == (0, "")

    # The check is real: a misspelt directive is reported.
    jobs = tmp_path / "kotacerdas-jobs.service"
    jobs.write_text(jobs.read_text().replace("NoNewPrivileges=", "NoNewPrivilege="))
    typo = subprocess.run(
        [analyze, "verify", str(jobs)], capture_output=True, text=True, timeout=60
    )
    assert "Unknown key" in typo.stderr and "NoNewPrivilege" in typo.stderr


def unit_command(name: str) -> list[str]:
    """The unit's ExecStart as the kotacerdas CLI receives it: the unit's Environment=
    defaults filled in for ${VAR}, specifiers %H/%i given sample values."""
    directives = unit_directives(name)
    defaults = dict(
        item.split("=", 1)
        for line in directives.get("Environment", [])
        for item in shlex.split(line)
    )
    (exec_start,) = directives["ExecStart"]
    argv = shlex.split(exec_start.replace("%%", "%").replace("%H", "host").replace("%i", "1"))
    if argv[:2] == ["/bin/sh", "-c"]:
        argv = shlex.split(argv[2])
        assert argv[0] == "exec"
        argv = argv[1:]
    assert argv[0] == BINARY
    return [re.sub(r"\$\{(\w+)\}", lambda m: defaults[m.group(1)], a) for a in argv[1:]]


@pytest.mark.parametrize(
    ("unit", "command"),
    [
        ("kotacerdas-web.service", "serve"),
        ("kotacerdas-ingest-mqtt@.service", "ingest-mqtt"),
        ("kotacerdas-jobs.service", "run-jobs"),
        ("kotacerdas-backup.service", "backup"),
    ],
)
def test_each_unit_runs_a_command_the_cli_takes(unit: str, command: str) -> None:
    """Through the same parsers `kotacerdas` uses: a flag the CLI does not know fails here."""
    from django.core.management import get_commands, load_command_class

    from kotacerdas.cli import build_parser

    argv = unit_command(unit)
    assert argv[0] == command
    if command == "serve":
        args = build_parser().parse_args(argv)
        assert (args.host, args.port, args.workers, args.no_jobs) == ("127.0.0.1", 8000, 2, True)
        return
    django_name = command.replace("-", "_")  # as cli.main maps it
    app = get_commands()[django_name]
    parser = load_command_class(app, django_name).create_parser("kotacerdas", django_name)
    options = vars(parser.parse_args(argv[1:]))
    if command == "ingest-mqtt":
        # A stable id per worker: the broker keeps its session across restarts.
        assert options["client_id"] == "kotacerdas-ingest-host-1"
    if command == "backup":
        assert options["dir"].startswith("/var/backups/kotacerdas/")


def test_backup_unit_names_each_folder_by_date_and_time(tmp_path: Path) -> None:
    """The shell line, run with `echo` for kotacerdas: one folder name per minute."""
    (exec_start,) = unit_directives("kotacerdas-backup.service")["ExecStart"]
    argv = shlex.split(exec_start.replace("%%", "%"))
    script = replaced(argv[2], f"exec {BINARY}", "exec echo")
    before = dt.datetime.now()
    out = subprocess.run(["/bin/sh", "-c", script], capture_output=True, text=True, check=True)
    m = re.fullmatch(r"backup /var/backups/kotacerdas/(\S+)\n", out.stdout)
    assert m, out.stdout
    stamp = dt.datetime.strptime(m.group(1), "%Y-%m-%dT%H%M")
    assert abs(stamp - before.replace(second=0, microsecond=0)) <= dt.timedelta(minutes=1)


# --- the environment file -------------------------------------------------------------------

# What a production region must decide; the units and the app read these.
REQUIRED = {
    "KOTACERDAS_DATA_DIR",
    "DATABASE_URL",
    "ALLOWED_HOSTS",
    "KOTACERDAS_HTTPS",
    "KOTACERDAS_TRUST_PROXY",
    "MQTT_URL",
    "KOTACERDAS_METRICS_TOKEN",
}


def test_env_example_names_what_the_units_and_the_app_need() -> None:
    example = env_example()
    missing = REQUIRED - {k for k, v in example.items() if not v.startswith("#")}
    assert not missing, f"set in kotacerdas.env.example: {sorted(missing)}"
    for unit in UNITS:
        text = (SYSTEMD / unit).read_text()
        for var in re.findall(r"\$\{(\w+)\}", text):
            assert var in example, f"{unit} uses ${{{var}}}, which the env example does not name"
        if unit.endswith(".service"):
            directives = unit_directives(unit)
            assert directives["EnvironmentFile"] == ["/etc/kotacerdas/kotacerdas.env"]
            assert directives["User"] == ["kotacerdas"]
            # The one writable folder is the data folder the env file names.
            assert example["KOTACERDAS_DATA_DIR"] in directives["ReadWritePaths"][0].split()
    assert example["KOTACERDAS_DATA_DIR"] == DATA_DIR
    assert f"alias {DATA_DIR}/static/;" in (NGINX_DIR / "kotacerdas-locations.conf").read_text()


def test_env_example_names_only_variables_something_reads() -> None:
    """A misspelt name would be silently ignored: each must be read by the app, a unit, or
    uvicorn (FORWARDED_ALLOW_IPS)."""
    import uvicorn.config

    sources = [p.read_text() for p in (ROOT / "src" / "kotacerdas").rglob("*.py")]
    sources += [(SYSTEMD / u).read_text() for u in UNITS]
    sources.append(Path(uvicorn.config.__file__).read_text())
    for name in env_example():
        assert any(f'"{name}"' in s or f"${{{name}}}" in s for s in sources), (
            f"{name} in the env example is read by nothing"
        )


def test_env_example_reads_the_same_in_sh_as_in_systemd() -> None:
    """kotacerdas-admin sources the file with /bin/sh; systemd reads NAME=value as it stands.
    A quote, a space or a $ would give the two different values."""
    shell = subprocess.run(
        ["/bin/sh", "-c", f'set -a; . "{ENV_EXAMPLE}"; env -0'],
        capture_output=True,
        text=True,
        check=True,
        env={"PATH": os.environ.get("PATH", "/usr/bin:/bin")},
    )
    seen = dict(item.split("=", 1) for item in shell.stdout.split("\0") if "=" in item)
    for name, value in env_example().items():
        if not value.startswith("#"):
            assert seen.get(name) == value, name


def test_env_example_is_a_valid_configuration(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from kotacerdas import config

    for name, value in env_example().items():
        if not value.startswith("#"):
            monkeypatch.setenv(name, value)
    monkeypatch.setenv("KOTACERDAS_DATA_DIR", str(tmp_path))
    db = config.database(tmp_path)
    # Peer authentication over the local socket: no password in the file.
    assert (db["ENGINE"], db["HOST"], db["USER"], db["NAME"]) == (
        "django.db.backends.postgresql",
        "/run/postgresql",
        "kotacerdas",
        "kotacerdas",
    )
    assert config.https() == config.Https(enabled=True, trust_proxy=True, redirect=True)
    assert config.allowed_hosts() == ["kotacerdas.example.go.id"]
    # nginx lets an upload through only 1 MB above the app's own limit.
    limit = re.search(
        r"client_max_body_size (\d+)m;", (NGINX_DIR / "kotacerdas-locations.conf").read_text()
    )
    assert limit and int(limit.group(1)) == int(env_example()["KOTACERDAS_DATA_UPLOAD_MAX_MB"]) + 1


# --- PostgreSQL -----------------------------------------------------------------------------


def postgres_binaries() -> Path:
    found = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/postgres"), key=lambda p: int(p.parts[-3])
    )
    if not found:
        tool("postgres", "/usr/lib/postgresql/15/bin/postgres", "postgresql")
    return found[-1].parent


@contextlib.contextmanager
def server_folder(tmp_path: Path) -> Iterator[tuple[Path, list[str]]]:
    """A folder the PostgreSQL server may use, and the prefix that runs a program as its
    user: as root that is the postgres user (the server refuses root), in a folder of its
    own, since pytest's folders are closed to other users."""
    if os.geteuid() != 0:
        yield tmp_path, []
        return
    folder = Path(tempfile.mkdtemp(prefix="kotacerdas-pg-"))
    shutil.chown(folder, "postgres")
    try:
        yield folder, ["runuser", "-u", "postgres", "--"]
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_postgresql_accepts_the_settings(tmp_path: Path) -> None:
    """A throwaway cluster includes the file; `postgres -C` reads the whole configuration
    and refuses an unknown name or a bad value."""
    bindir = postgres_binaries()
    with server_folder(tmp_path) as (folder, run_as):
        data = folder / "cluster"
        subprocess.run(
            [*run_as, str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres"],
            capture_output=True,
            check=True,
            timeout=120,
        )
        shutil.copy(DEPLOY / "postgresql" / "kotacerdas.conf", data / "kotacerdas.conf")
        with (data / "postgresql.conf").open("a") as fh:
            fh.write("\ninclude 'kotacerdas.conf'\n")
        for name, expected in [
            ("max_connections", "200"),
            ("synchronous_commit", "on"),
            ("idle_in_transaction_session_timeout", "60000"),
            ("log_min_duration_statement", "500"),
            ("wal_compression", "lz4"),
        ]:
            result = subprocess.run(
                [*run_as, str(bindir / "postgres"), "-D", str(data), "-C", name],
                capture_output=True,
                text=True,
                timeout=30,
            )
            assert (result.returncode, result.stdout.strip()) == (0, expected), result.stderr


# --- Mosquitto ------------------------------------------------------------------------------


@dataclass
class Broker:
    plain: int
    tls: int
    ca: Path
    passwords: dict[str, str]


@pytest.fixture
def broker(tmp_path: Path) -> Iterator[Broker]:
    mosquitto = tool("mosquitto", "/usr/sbin/mosquitto", "mosquitto")
    passwd_tool = tool("mosquitto_passwd", "/usr/bin/mosquitto_passwd", "mosquitto")
    chain, key = self_signed(tmp_path / "certs")
    plain, secure = free_port(), free_port()
    text = (DEPLOY / "mosquitto" / "kotacerdas.conf").read_text()
    text = replaced(text, "/etc/mosquitto/kotacerdas.passwd", str(tmp_path / "passwd"))
    text = replaced(text, "/etc/mosquitto/kotacerdas.acl", str(tmp_path / "acl"))
    text = replaced(text, "/etc/mosquitto/certs/fullchain.pem", str(chain))
    text = replaced(text, "/etc/mosquitto/certs/privkey.pem", str(key))
    text = replaced(text, "listener 1883 127.0.0.1", f"listener {plain} 127.0.0.1")
    text = replaced(text, "listener 8883", f"listener {secure} 127.0.0.1")
    if os.geteuid() == 0:
        text += "\n# the test's files belong to root\nuser root\n"
    conf = tmp_path / "mosquitto.conf"
    conf.write_text(text)
    shutil.copy(DEPLOY / "mosquitto" / "acl.example", tmp_path / "acl")
    passwords = {
        "kotacerdas-ingest": "ingest-pw",
        "sensor-33.74": "semarang-pw",
        "sensor-33.24": "kendal-pw",
    }
    for i, (user, password) in enumerate(passwords.items()):
        create = ["-c"] if i == 0 else []
        subprocess.run(
            [passwd_tool, *create, "-b", str(tmp_path / "passwd"), user, password], check=True
        )
    log = tmp_path / "mosquitto.log"
    with log.open("wb") as out:
        proc = subprocess.Popen([mosquitto, "-c", str(conf)], stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_port(plain, proc, log)
        wait_port(secure, proc, log)
        yield Broker(plain, secure, chain, passwords)
    finally:
        proc.terminate()
        proc.wait(10)


def mqtt_client(broker: Broker, user: str | None, secure: bool = False) -> tuple[mqtt.Client, Any]:
    """A connected MQTT v5 client and the reason code of its CONNACK."""
    client = mqtt.Client(
        CallbackAPIVersion.VERSION2, client_id=f"test-{user}-{secure}", protocol=mqtt.MQTTv5
    )
    connected: queue.Queue[Any] = queue.Queue()
    client.on_connect = lambda c, u, flags, reason, props: connected.put(reason)
    if user:
        client.username_pw_set(user, broker.passwords[user])
    if secure:
        client.tls_set(ca_certs=str(broker.ca))
    client.connect("127.0.0.1", broker.tls if secure else broker.plain)
    client.loop_start()
    return client, connected.get(timeout=10)


def test_mosquitto_keeps_each_region_inside_its_prefix(broker: Broker) -> None:
    from kotacerdas.apps.sensor_kota.ingest.mqtt import TOPIC

    # Nobody gets in without a password.
    anonymous, reason = mqtt_client(broker, None)
    assert reason.is_failure
    anonymous.loop_stop()

    # The ingest worker's subscription, as `kotacerdas ingest-mqtt` makes it.
    ingest, reason = mqtt_client(broker, "kotacerdas-ingest")
    assert not reason.is_failure
    received: queue.Queue[tuple[str, bytes]] = queue.Queue()
    subscribed: queue.Queue[Any] = queue.Queue()
    ingest.on_message = lambda c, u, msg: received.put((msg.topic, bytes(msg.payload)))
    ingest.on_subscribe = lambda c, u, mid, codes, props: subscribed.put(codes)
    ingest.subscribe(f"$share/kotacerdas/{TOPIC}", qos=1)
    (granted,) = subscribed.get(timeout=10)
    assert not granted.is_failure, granted

    # Kota Semarang's devices over TLS: another region's prefix and topics outside the
    # scheme are refused; only their own region's topic reaches the worker.
    device, reason = mqtt_client(broker, "sensor-33.74", secure=True)
    assert not reason.is_failure
    for topic in ("kotacerdas/33.24/PM-01/pm25", "kotacerdas/33.7/PM-01/pm25", "kotacerdas/x"):
        device.publish(topic, b"99", qos=1).wait_for_publish(10)
    device.publish("kotacerdas/33.74/PM-01/pm25", b"31.5", qos=1).wait_for_publish(10)
    # One publisher's messages arrive in order: anything let through would come first.
    assert received.get(timeout=10) == ("kotacerdas/33.74/PM-01/pm25", b"31.5")

    # The ingest user may read but not write, so it cannot forge readings either.
    ingest.publish("kotacerdas/33.74/PM-01/pm25", b"1", qos=1).wait_for_publish(10)
    kendal, _ = mqtt_client(broker, "sensor-33.24", secure=True)
    kendal.publish("kotacerdas/33.24/WL-02/water_level", b"120", qos=1).wait_for_publish(10)
    assert received.get(timeout=10) == ("kotacerdas/33.24/WL-02/water_level", b"120")
    assert received.empty()
    for client in (ingest, device, kendal):
        client.disconnect()
        client.loop_stop()
