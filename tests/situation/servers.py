"""Real uvicorn server processes and a minimal SSE client, for the multi-process tests."""

from __future__ import annotations

import http.client
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

CSRF = "k" * 32  # any 32-character secret works when cookie and header agree


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def database_url(settings: dict[str, Any]) -> str:
    """The URL of the database this test runs on (pytest's test database), for subprocesses."""
    auth = settings.get("USER") or ""
    if settings.get("PASSWORD"):
        auth += f":{settings['PASSWORD']}"
    host = settings.get("HOST") or "127.0.0.1"
    port = settings.get("PORT") or 5432
    return f"postgresql://{auth}@{host}:{port}/{settings['NAME']}"


@contextmanager
def uvicorn_server(db_url: str, data_dir: Path) -> Iterator[int]:
    from django.conf import settings

    port = free_port()
    # The same secret key as this process, so the sessions the test signs in are valid there.
    env = dict(
        os.environ,
        DATABASE_URL=db_url,
        KOTACERDAS_DATA_DIR=str(data_dir),
        SECRET_KEY=settings.SECRET_KEY,
    )
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
        deadline = time.monotonic() + 60
        while True:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                conn.request("GET", "/healthz")
                if conn.getresponse().status < 500:
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"uvicorn on port {port} did not start") from None
                time.sleep(0.2)
        yield port
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def cookies(session: str) -> str:
    return f"sessionid={session}; csrftoken={CSRF}"


class SSEClient:
    """Reads ``id:``/``data:`` frames from a text/event-stream response."""

    def __init__(self, port: int, path: str, headers: dict[str, str], timeout: float = 20) -> None:
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        self.conn.request("GET", path, headers=headers)
        self.response = self.conn.getresponse()
        assert self.response.status == 200, self.response.read()[:500]
        assert self.response.getheader("Content-Type", "").startswith("text/event-stream")

    def next_event(self) -> dict[str, Any]:
        """The next frame with data, skipping the retry hint and heartbeats."""
        fields: dict[str, str] = {}
        while True:
            # The response's own readline decodes chunked transfer; its raw ``fp`` would
            # hand over chunk sizes, and behind a proxy a chunk may split a line.
            line = self.response.readline().decode()
            if not line:
                raise ConnectionError("stream closed")
            line = line.rstrip("\n")
            if line == "":
                if "data" in fields:
                    return {"id": int(fields["id"]), "data": json.loads(fields["data"])}
                fields = {}
            elif not line.startswith(":"):
                key, _, value = line.partition(": ")
                fields[key] = value

    def close(self) -> None:
        self.conn.close()


def post(port: int, path: str, session: str) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    conn.request(
        "POST",
        path,
        body="",
        headers={"Cookie": cookies(session), "X-CSRFToken": CSRF, "HX-Request": "true"},
    )
    status = conn.getresponse().status
    conn.close()
    return status
