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


# HTTPS: secure cookies, HSTS and the redirect (config.Https, settings; docs/SECURITY.md).


def https_env(monkeypatch: pytest.MonkeyPatch, **values: str) -> None:
    for name in ("KOTACERDAS_HTTPS", "KOTACERDAS_TRUST_PROXY", "KOTACERDAS_SSL_REDIRECT"):
        monkeypatch.delenv(name, raising=False)
    for name, value in values.items():
        monkeypatch.setenv(name, value)


def test_plain_http_is_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    https_env(monkeypatch)
    assert config.https() == config.Https(enabled=False, trust_proxy=False, redirect=False)


def test_https_turns_the_redirect_on(monkeypatch: pytest.MonkeyPatch) -> None:
    https_env(monkeypatch, KOTACERDAS_HTTPS="1")
    assert config.https() == config.Https(enabled=True, trust_proxy=False, redirect=True)


def test_a_proxy_that_redirects_itself_may_turn_ours_off(monkeypatch: pytest.MonkeyPatch) -> None:
    https_env(
        monkeypatch, KOTACERDAS_HTTPS="1", KOTACERDAS_TRUST_PROXY="1", KOTACERDAS_SSL_REDIRECT="0"
    )
    assert config.https() == config.Https(enabled=True, trust_proxy=True, redirect=False)


def test_redirect_without_https_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    https_env(monkeypatch, KOTACERDAS_SSL_REDIRECT="1")
    with pytest.raises(
        config.ConfigError, match="KOTACERDAS_SSL_REDIRECT=1 needs KOTACERDAS_HTTPS"
    ):
        config.https()


def test_https_flag_must_be_yes_or_no(monkeypatch: pytest.MonkeyPatch) -> None:
    https_env(monkeypatch, KOTACERDAS_HTTPS="maybe")
    with pytest.raises(config.ConfigError, match="KOTACERDAS_HTTPS"):
        config.https()


def settings_under(env: dict[str, str], data_dir: Path, *names: str) -> dict[str, object]:
    """The values of settings ``names`` in a fresh process with ``env`` set."""
    import json
    import os
    import subprocess
    import sys

    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        f"print(json.dumps({{n: getattr(s, n, None) for n in {list(names)!r}}}))"
    )
    full = {k: v for k, v in os.environ.items() if not k.startswith("KOTACERDAS_")}
    full.pop("DATABASE_URL", None)
    full.update({"DJANGO_SETTINGS_MODULE": "kotacerdas.settings"}, **env)
    full["KOTACERDAS_DATA_DIR"] = str(data_dir)
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=full, check=True
    )
    values: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return values


HTTPS_SETTINGS = (
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_CONTENT_TYPE_NOSNIFF",
)


def test_https_settings(tmp_path: Path) -> None:
    on = settings_under({"KOTACERDAS_HTTPS": "1"}, tmp_path, *HTTPS_SETTINGS)
    assert on == {
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31_536_000,  # one year
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_PROXY_SSL_HEADER": None,  # no proxy trusted: a client could forge the header
        "SECURE_CONTENT_TYPE_NOSNIFF": True,
    }
    proxied = settings_under(
        {"KOTACERDAS_HTTPS": "1", "KOTACERDAS_TRUST_PROXY": "1"}, tmp_path, *HTTPS_SETTINGS
    )
    assert proxied["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert proxied["SECURE_SSL_REDIRECT"] is True
    off = settings_under({}, tmp_path, *HTTPS_SETTINGS)
    assert off["SESSION_COOKIE_SECURE"] is False and off["SECURE_HSTS_SECONDS"] == 0
    assert off["SECURE_SSL_REDIRECT"] is False


def test_check_deploy_is_clean_over_https(tmp_path: Path) -> None:
    """`kotacerdas check --deploy` in a production configuration: no warning at all."""
    import os
    import secrets
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if not k.startswith("KOTACERDAS_")}
    env.pop("DATABASE_URL", None)
    # The browser tests' fixture sets this for Playwright's event loop; a production server
    # never has it (Django's deploy check rightly refuses it).
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    env.update(
        KOTACERDAS_DATA_DIR=str(tmp_path),
        KOTACERDAS_HTTPS="1",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="kota.example.go.id",
    )
    done = subprocess.run(
        [sys.executable, "-m", "kotacerdas", "check", "--deploy", "--fail-level", "WARNING"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "System check identified no issues" in done.stdout
    # Without HTTPS the same check names what is missing: the test above is not vacuous.
    env.pop("KOTACERDAS_HTTPS")
    plain = subprocess.run(
        [sys.executable, "-m", "kotacerdas", "check", "--deploy"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=120,
    )
    assert "security.W004" in plain.stdout + plain.stderr  # no HSTS
    assert "security.W012" in plain.stdout + plain.stderr  # session cookie not secure


@pytest.mark.parametrize("raw", ["0", "70000", "25a", "-1", "²"])
def test_a_bad_port_is_named(monkeypatch: pytest.MonkeyPatch, raw: str) -> None:
    monkeypatch.setenv("EMAIL_PORT", raw)
    with pytest.raises(config.ConfigError, match=r"EMAIL_PORT=.* is not a port number"):
        config.env_port("EMAIL_PORT", 25)


def test_a_port_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("EMAIL_PORT", raising=False)
    assert config.env_port("EMAIL_PORT", 25) == 25
    monkeypatch.setenv("EMAIL_PORT", " 587 ")
    assert config.env_port("EMAIL_PORT", 25) == 587
