"""The request id: taken from a sane X-Request-ID or made, answered, and in the log lines."""

from __future__ import annotations

import io
import json
import logging
import logging.config
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.test import Client

from kotacerdas.web.middleware.request_id import ACCESS_LOGGER, logging_config

GENERATED = re.compile(r"[0-9a-f]{32}")


def test_a_sane_incoming_id_is_echoed(db: None) -> None:
    response = Client().get("/healthz", HTTP_X_REQUEST_ID="nginx-4f2a.9_B")
    assert response["X-Request-ID"] == "nginx-4f2a.9_B"


def test_an_id_is_made_when_none_comes(db: None) -> None:
    first = Client().get("/healthz")["X-Request-ID"]
    second = Client().get("/no/such/page/")["X-Request-ID"]  # error pages carry one too
    assert GENERATED.fullmatch(first) and GENERATED.fullmatch(second) and first != second


@pytest.mark.parametrize(
    "hostile",
    ["x" * 65, "a b", 'a"b', "<script>", "id\r\nX-Injected: 1", "ünï", "a/b", ""],
)
def test_a_hostile_id_is_replaced(db: None, hostile: str) -> None:
    answered = Client().get("/healthz", HTTP_X_REQUEST_ID=hostile)["X-Request-ID"]
    assert GENERATED.fullmatch(answered)


class Logs:
    """settings.LOGGING for one format, written to a buffer instead of stderr."""

    def __init__(self, log_format: str) -> None:
        self.root, self.access = logging.getLogger(), logging.getLogger(ACCESS_LOGGER)
        self.kept = (self.root.handlers[:], self.root.level, self.access.level)
        logging.config.dictConfig(logging_config(log_format))
        self.buffer = io.StringIO()
        handler = self.root.handlers[0]
        assert isinstance(handler, logging.StreamHandler)
        handler.setStream(self.buffer)

    def lines(self) -> list[dict[str, object]]:
        return [json.loads(line) for line in self.buffer.getvalue().splitlines()]

    def restore(self) -> None:
        self.root.handlers[:] = self.kept[0]
        self.root.setLevel(self.kept[1])
        self.access.setLevel(self.kept[2])


@pytest.fixture
def logs(request: pytest.FixtureRequest) -> Iterator[Logs]:
    configured = Logs(request.param)
    yield configured
    configured.restore()


@pytest.mark.parametrize("logs", ["json"], indirect=True)
def test_json_logs_carry_the_request_id(db: None, logs: Logs) -> None:
    Client().get("/healthz", HTTP_X_REQUEST_ID="probe-1")
    Client(REMOTE_ADDR="203.0.113.5").get("/metrics", HTTP_X_REQUEST_ID="probe-2")
    logging.getLogger("kotacerdas.test").warning("outside any request")
    lines = logs.lines()  # every line is one JSON object
    access = [line for line in lines if line["logger"] == ACCESS_LOGGER]
    assert [line["request_id"] for line in access] == ["probe-1", "probe-2"]
    assert access[0]["route"] == "healthz" and access[0]["status"] == 200
    assert access[0]["method"] == "GET" and access[0]["level"] == "INFO"
    assert isinstance(access[0]["duration_ms"], float)
    assert str(access[0]["time"]).endswith("+00:00")  # ISO 8601, UTC
    # Django's own line about the refusal, written after the middleware, has the id too.
    refused = [line for line in lines if line["logger"] == "django.request"]
    assert refused[0]["request_id"] == "probe-2" and refused[0]["level"] == "WARNING"
    outside = [line for line in lines if line["logger"] == "kotacerdas.test"]
    assert outside[0]["request_id"] == "-" and outside[0]["message"] == "outside any request"


@pytest.mark.parametrize("logs", ["text"], indirect=True)
def test_text_logs_stay_quiet(db: None, logs: Logs) -> None:
    Client().get("/healthz")
    logging.getLogger("kotacerdas.test").warning("a warning")
    assert logs.buffer.getvalue() == "a warning\n"  # no access line in the demo's console


def test_an_unknown_log_format_is_one_line_naming_the_variable(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "KOTACERDAS_DATA_DIR": str(tmp_path),
        "KOTACERDAS_LOG_FORMAT": "xml",
        "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "metrics"),
    }
    done = subprocess.run(
        [sys.executable, "-m", "kotacerdas", "check"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.strip() == (
        "kotacerdas: error: KOTACERDAS_LOG_FORMAT='xml' is not one of text, json"
    )
