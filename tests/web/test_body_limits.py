"""The request body limit per endpoint kind: 413 in the caller's format, before
authentication and before any byte of an oversized body is read."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

from kotacerdas.web.middleware.limits import MB, BodyLimitASGI, limit_for
from tests.situation.servers import free_port

DECLARED_200_MB = str(200 * MB)


@pytest.mark.parametrize(
    ("path", "kind", "limit"),
    [
        ("/api/apps/sensor-kota/ingest", "sensor ingest", 16 * MB),
        ("/influx/api/v2/write", "sensor ingest", 16 * MB),
        ("/open311/v2/requests.json", "Open311 (photos)", 12 * MB),
        ("/r/semarang/aduan-warga/lapor/", "report form (3 photos)", 32 * MB),
        ("/console/semarang/harga-pangan/impor/", "upload", 20 * MB),
        ("/console/semarang/catalog/", "upload", 20 * MB),
        ("/console/semarang/catalog/aduan-warga/logo/", "upload", 20 * MB),
        ("/admin/catalog/agreement/add/", "upload", 20 * MB),
        ("/api/apps/harga-pangan/semarang/prices", "default", 1 * MB),
        ("/accounts/login/", "default", 1 * MB),
    ],
)
def test_the_limit_table(path: str, kind: str, limit: int) -> None:
    found = limit_for(path)
    assert (found.kind, found.limit) == (kind, limit)


def test_the_sensor_limit_follows_its_setting(settings: Any) -> None:
    settings.SENSOR_KOTA_MAX_BODY_BYTES = 1234
    assert limit_for("/influx/api/v2/write").limit == 1234


def declared(path: str, size: str = DECLARED_200_MB, **extra: Any) -> Any:
    return Client().post(path, b"", content_type="application/json", CONTENT_LENGTH=size, **extra)


def test_an_unauthenticated_oversized_batch_is_413_not_401(db: None) -> None:
    response = declared("/api/apps/sensor-kota/ingest")
    assert response.status_code == 413
    assert response.json()["field"] == "body"
    assert "16 MB" in response.json()["detail"]


def test_an_oversized_influx_write_is_413_in_influx_shape(db: None) -> None:
    response = declared("/influx/api/v2/write?org=o&bucket=b")
    assert response.status_code == 413
    assert response.json()["code"] == "request too large"


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_an_oversized_open311_post_is_413_in_the_error_list(db: None, fmt: str) -> None:
    response = declared(f"/open311/v2/requests.{fmt}?jurisdiction_id=33.74")
    assert response.status_code == 413
    if fmt == "json":
        [error] = json.loads(response.content)
        assert error["code"] == 413 and error["description"].startswith("body:")
    else:
        root = ET.fromstring(response.content)  # noqa: S314 - our own answer
        assert root.tag == "errors" and root.findtext("error/code") == "413"


def test_an_oversized_form_is_413_as_a_page(db: None) -> None:
    response = Client().post(
        "/accounts/login/", {"username": "x" * (2 * MB)}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 413
    assert response["Content-Type"].startswith("text/html")
    assert "1 MB" in response.content.decode()


def test_an_oversized_api_body_is_413_before_the_operation(db: None) -> None:
    response = declared("/api/apps/harga-pangan/semarang/prices", str(MB + 1))
    assert response.status_code == 413
    assert response.json()["field"] == "body"


def test_a_body_within_the_limit_reaches_the_endpoint(db: None) -> None:
    response = Client().post("/api/apps/sensor-kota/ingest", b"[]", content_type="application/json")
    assert response.status_code == 401  # not refused for its size: the key check answers


# ---- The ASGI layer, which answers before Django reads the body -------------------------


class Inner:
    """An ASGI app that reads the whole body like Django's handler, then answers 200."""

    def __init__(self) -> None:
        self.body = b""
        self.disconnected = False

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                self.disconnected = True
                return
            self.body += message.get("body", b"")
            if not message.get("more_body"):
                break
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})


def run_asgi(
    path: str, headers: list[tuple[bytes, bytes]], chunks: list[bytes]
) -> tuple[Inner, list[Any], int]:
    inner = Inner()
    sent: list[Any] = []
    pulled = 0

    async def receive() -> Any:
        nonlocal pulled
        pulled += 1
        if pulled > len(chunks):
            return {"type": "http.disconnect"}
        return {
            "type": "http.request",
            "body": chunks[pulled - 1],
            "more_body": pulled < len(chunks),
        }

    async def send(message: Any) -> None:
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": path, "headers": headers}
    asyncio.run(BodyLimitASGI(inner)(scope, receive, send))
    return inner, sent, pulled


def test_asgi_declared_length_over_the_limit_reads_nothing(db: None) -> None:
    inner, sent, pulled = run_asgi(
        "/api/apps/sensor-kota/ingest", [(b"content-length", DECLARED_200_MB.encode())], [b"x"]
    )
    assert pulled == 0 and inner.body == b""
    assert sent[0]["status"] == 413
    assert json.loads(sent[1]["body"])["field"] == "body"


def test_asgi_chunked_body_is_cut_at_the_limit(db: None) -> None:
    chunks = [b"x" * (256 * 1024)] * 8  # 2 MB without a Content-Length, limit 1 MB
    inner, sent, pulled = run_asgi("/accounts/login/", [], chunks)
    assert inner.disconnected and len(inner.body) <= MB
    assert pulled <= 5
    assert sent[0]["status"] == 413
    assert b"1 MB" in sent[1]["body"]


def test_asgi_chunked_body_within_the_limit_passes(db: None) -> None:
    inner, sent, _pulled = run_asgi("/accounts/login/", [], [b"a=1", b"&b=2"])
    assert inner.body == b"a=1&b=2"
    assert sent[0]["status"] == 200


# ---- A real server ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def server() -> Iterator[int]:
    """uvicorn serving kotacerdas.asgi on an empty data directory: the refusals under test
    come before any database access."""
    port = free_port()
    data_dir = tempfile.mkdtemp(prefix="kc-limits-")
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["KOTACERDAS_DATA_DIR"] = data_dir
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "kotacerdas.asgi:application",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--lifespan",
            "off",
            "--log-level",
            "warning",
        ],
        env=env,
    )
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("uvicorn did not start") from None
                time.sleep(0.2)
        yield port
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def raw_request(port: int, head: str, body: bytes = b"", timeout: float = 5) -> tuple[int, bytes]:
    """Send ``head`` (and ``body``), read the answer; the status and the body."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(head.replace("\n", "\r\n").encode() + b"\r\n" + body)
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
        header, _sep, rest = data.partition(b"\r\n\r\n")
        length = 0
        for line in header.split(b"\r\n")[1:]:
            name, _c, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value.strip())
        while len(rest) < length:
            chunk = sock.recv(65536)
            if not chunk:
                break
            rest += chunk
    status = int(header.split(b" ", 2)[1])
    return status, rest


def test_a_200_mb_declared_body_without_a_key_is_413_at_once(server: int) -> None:
    started = time.monotonic()
    status, body = raw_request(
        server,
        "POST /api/apps/sensor-kota/ingest HTTP/1.1\nHost: 127.0.0.1\n"
        f"Content-Type: application/json\nContent-Length: {DECLARED_200_MB}\n",
    )
    assert status == 413  # not 401: no byte of the body was sent, none was awaited
    assert json.loads(body)["field"] == "body"
    assert time.monotonic() - started < 3


def test_a_client_expecting_100_continue_is_told_413_instead(server: int) -> None:
    status, body = raw_request(
        server,
        "POST /open311/v2/requests.xml?jurisdiction_id=33.74 HTTP/1.1\nHost: 127.0.0.1\n"
        "Content-Type: multipart/form-data; boundary=x\nExpect: 100-continue\n"
        f"Content-Length: {DECLARED_200_MB}\n",
    )
    assert status == 413
    root = ET.fromstring(body)  # noqa: S314 - our own server's answer
    assert root.findtext("error/code") == "413"


def test_a_chunked_body_over_the_limit_is_cut_off(server: int) -> None:
    piece = b"x" * (64 * 1024)
    chunk = f"{len(piece):x}\r\n".encode() + piece + b"\r\n"
    status, body = raw_request(
        server,
        "POST /healthz HTTP/1.1\nHost: 127.0.0.1\nTransfer-Encoding: chunked\n"
        "Content-Type: application/octet-stream\n",
        chunk * 24,  # 1.5 MB, over the default 1 MB
    )
    assert status == 413
    assert b"1 MB" in body


def test_a_small_body_still_reaches_django(server: int) -> None:
    status, _body = raw_request(
        server,
        "POST /healthz HTTP/1.1\nHost: 127.0.0.1\nContent-Type: text/plain\nContent-Length: 5\n",
        b"hello",
    )
    assert status == 403  # Django's CSRF check answered: the body was let through to it
