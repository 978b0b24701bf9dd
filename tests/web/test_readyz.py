"""/readyz: ready only when the database answers, every migration is applied and the
broker (when MQTT_URL names one) accepts a connection; otherwise 503 naming what is not."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import OperationalError
from django.db.migrations.executor import MigrationExecutor
from django.test import Client

from kotacerdas.web.views import health


@pytest.fixture(autouse=True)
def _fresh_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(health, "_migrated", False)
    monkeypatch.setattr(health, "_broker_answers", {})
    monkeypatch.delenv("MQTT_URL", raising=False)


def test_ready_with_the_embedded_bus(db: None) -> None:
    response = Client().get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ready"
    assert body["database"] in {"sqlite", "postgresql"}
    assert body["migrations"] == "applied" and body["broker"] == "embedded"


def test_the_migration_answer_is_kept_once_all_are_applied(
    db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert Client().get("/readyz").status_code == 200
    assert health._migrated is True

    def costly(*args: Any) -> list[Any]:
        raise AssertionError("the plan was built again")

    monkeypatch.setattr(MigrationExecutor, "migration_plan", costly)
    assert Client().get("/readyz").status_code == 200


def test_an_unapplied_migration_is_not_ready(db: None, monkeypatch: pytest.MonkeyPatch) -> None:
    class Pending:
        app_label, name = "sensor_kota", "0099_future"

    monkeypatch.setattr(
        MigrationExecutor, "migration_plan", lambda self, targets: [(Pending, False)]
    )
    response = Client().get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "not ready"
    assert body["not_ready"] == {"migrations": "1 not applied, first sensor_kota.0099_future"}
    assert health._migrated is False  # asked again next time: a deploy may be under way


def test_the_database_down_is_not_ready(db: None, monkeypatch: pytest.MonkeyPatch) -> None:
    class DownConnection:
        vendor = "postgresql"

        def cursor(self) -> None:
            raise OperationalError("connection refused\nmore detail")

    monkeypatch.setattr(health, "connection", DownConnection())
    response = Client().get("/readyz")
    assert response.status_code == 503
    assert response.json()["not_ready"] == {"database": "unreachable: connection refused"}


@pytest.fixture
def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port  # nothing listens there any more


@pytest.fixture
def listening_port() -> Iterator[int]:
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        yield server.getsockname()[1]


def test_the_broker_down_is_not_ready(
    db: None, monkeypatch: pytest.MonkeyPatch, closed_port: int
) -> None:
    monkeypatch.setenv("MQTT_URL", f"mqtt://ingest:secret@127.0.0.1:{closed_port}")
    response = Client().get("/readyz")
    assert response.status_code == 503
    problem = response.json()["not_ready"]["broker"]
    assert problem.startswith(f"127.0.0.1:{closed_port} unreachable")
    assert "secret" not in response.content.decode()  # credentials never leave
    assert response.json()["migrations"] == "applied"  # what is ready is still said


def test_a_reachable_broker_is_ready(
    db: None, monkeypatch: pytest.MonkeyPatch, listening_port: int
) -> None:
    monkeypatch.setenv("MQTT_URL", f"mqtt://127.0.0.1:{listening_port}")
    response = Client().get("/readyz")
    assert response.status_code == 200
    assert response.json()["broker"] == f"127.0.0.1:{listening_port}"


def test_plain_http_probes_are_not_redirected_to_https(db: None) -> None:
    from django.test import override_settings

    with override_settings(SECURE_SSL_REDIRECT=True):
        assert Client().get("/readyz").status_code == 200
        assert Client().get("/metrics").status_code == 200
        assert Client().get("/r/semarang/").status_code == 301
