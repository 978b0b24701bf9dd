"""`kotacerdas simulate-sensors`: a bar over the ticks on a terminal, two plain lines elsewhere.

The server is a stand-in on loopback that answers like the ingestion endpoint (``stored``):
what is under test is what the command prints, not the ingestion it calls.
"""

from __future__ import annotations

import io
import re
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import orjson
import pytest
from django.core.management import call_command

from kotacerdas.apps.sensor_kota.models import Sensor
from tests.conftest import Demo


class _Ingest(BaseHTTPRequestHandler):
    batches: list[list[dict[str, object]]] = []

    def do_POST(self) -> None:
        body = orjson.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.batches.append(body)
        answer = orjson.dumps({"stored": len(body)})
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    _Ingest.batches = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Ingest)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def _simulate(url: str, capsys: pytest.CaptureFixture[str], ticks: int) -> tuple[str, str]:
    stdout = io.StringIO()
    capsys.readouterr()
    call_command("simulate_sensors", url=url, ticks=ticks, interval=0, stdout=stdout)
    return stdout.getvalue(), capsys.readouterr().err


def _sensors(demo: Demo) -> int:
    return (
        Sensor.objects.unscoped("the test counts the simulator's sensors")
        .filter(region=demo.semarang)
        .count()
    )


def test_not_a_terminal_two_lines_and_no_bar(
    demo: Demo,
    server: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("KOTACERDAS_PROGRESS", raising=False)
    out, err = _simulate(server, capsys, ticks=3)
    sensors = _sensors(demo)
    assert len(_Ingest.batches) == 3 and all(len(b) == sensors for b in _Ingest.batches)
    lines = out.strip().splitlines()
    assert len(lines) == 2 and "\r" not in out
    assert str(3 * sensors) in lines[1]  # the total stored, said once at the end
    assert err == ""


def test_forced_on_the_bar_counts_ticks_and_readings(
    demo: Demo,
    server: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("KOTACERDAS_PROGRESS", "1")
    out, err = _simulate(server, capsys, ticks=3)
    frames = [f for f in err.replace("\n", "\r").split("\r") if f.strip()]
    assert re.search(r"100%\|.*\b3(\.0+)?/3(\.0+)?\b", frames[-1]), frames[-1]
    assert str(3 * _sensors(demo)) in frames[-1]  # readings stored so far, in the bar
    assert len(out.strip().splitlines()) == 2
