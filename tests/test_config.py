"""Configuration from the environment: each problem named in one line."""

from __future__ import annotations

from pathlib import Path

import pytest

from kotacerdas import config


def test_embedded_default_is_sqlite_wal_in_the_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    db = config.database(tmp_path)
    assert db["ENGINE"] == "django.db.backends.sqlite3"
    assert db["NAME"] == str(tmp_path / "kotacerdas.sqlite3")
    assert "journal_mode=WAL" in db["OPTIONS"]["init_command"]


def test_postgresql_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://kc:secret@db.example:5433/kotacerdas")
    db = config.database(tmp_path)
    assert (db["ENGINE"], db["HOST"], db["PORT"], db["NAME"]) == (
        "django.db.backends.postgresql",
        "db.example",
        5433,
        "kotacerdas",
    )
    # ASGI serves each request in a new thread: persistent connections would pile up, so
    # PostgreSQL connections come from a pool per process instead.
    assert db["CONN_MAX_AGE"] == 0
    assert db["OPTIONS"]["pool"]["max_size"] == config.POOL_MAX_SIZE


@pytest.mark.parametrize(
    ("raw", "value"), [("1", True), ("yes", True), ("off", False), ("", False)]
)
def test_env_flag(monkeypatch: pytest.MonkeyPatch, raw: str, value: bool) -> None:
    monkeypatch.setenv("KC_FLAG", raw)
    assert config.env_flag("KC_FLAG") is value


def test_allowed_hosts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALLOWED_HOSTS", "kota.example.go.id, 10.0.0.5")
    assert config.allowed_hosts() == ["kota.example.go.id", "10.0.0.5"]


def test_unwritable_data_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("KOTACERDAS_DATA_DIR", str(blocker / "data"))
    with pytest.raises(config.ConfigError, match="KOTACERDAS_DATA_DIR"):
        config.data_dir()
