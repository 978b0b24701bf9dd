"""Configuration read from the environment, with an embedded default for every setting.

No variable set means: SQLite (WAL) inside the data folder, a secret key generated there on
first run, DEBUG off. Every problem is raised as ``ConfigError`` with one line that names the
variable, so the CLI can print it instead of a traceback.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import dj_database_url


class ConfigError(Exception):
    """A setting from the environment cannot be used; the message names it."""


def env_flag(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ConfigError(f"{name}={raw!r} is not a yes/no value (use 1/0, true/false, yes/no)")


def env_port(name: str, default: int) -> int:
    """A TCP port number from the environment (1–65535)."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= 65535:
        raise ConfigError(f"{name}={raw[:20]!r} is not a port number (1–65535)")
    return int(raw)


def data_dir() -> Path:
    """The folder that holds the embedded database, the secret key and uploaded files."""
    path = Path(os.environ.get("KOTACERDAS_DATA_DIR") or "data").expanduser().resolve()
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(f"KOTACERDAS_DATA_DIR {path} cannot be created: {exc.strerror}") from exc
    return path


def secret_key(folder: Path) -> str:
    """SECRET_KEY from the environment, else the one generated into the data folder."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    key_file = folder / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    key = secrets.token_urlsafe(50)
    # Written with owner-only permissions: the key signs sessions and CSRF tokens.
    fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(key)
    return key


SUPPORTED_SCHEMES = {"sqlite", "postgres", "postgresql", "pgsql"}
# Connections per server process; a request holds one only while it runs (SSE streams
# give theirs back between reads).
POOL_MAX_SIZE = 20


def database(folder: Path) -> dict[str, Any]:
    """The Django DATABASES['default'] entry for DATABASE_URL, or SQLite in the data folder."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        return sqlite_database(folder / "kotacerdas.sqlite3")
    scheme = urlsplit(url).scheme
    if scheme not in SUPPORTED_SCHEMES:
        raise ConfigError(
            f"DATABASE_URL scheme {scheme or '(none)'!r} is not supported; "
            "use postgresql://user@host:5432/name or sqlite:///path/to/file.sqlite3"
        )
    try:
        parsed: dict[str, Any] = dict(dj_database_url.parse(url))
    except (ValueError, KeyError) as exc:
        raise ConfigError(f"DATABASE_URL cannot be parsed: {exc}") from exc
    if scheme == "sqlite":
        return sqlite_database(Path(str(parsed["NAME"])))
    if not parsed.get("NAME"):
        raise ConfigError("DATABASE_URL names no database (add /dbname at the end)")
    # Under ASGI Django serves every request in a thread of its own, so a persistent
    # connection (CONN_MAX_AGE) is never reused: they piled up until PostgreSQL refused
    # clients ("too many clients" under a POST load). A pool per process hands a warm
    # connection to whichever thread asks and takes it back when the request ends.
    parsed["CONN_MAX_AGE"] = 0
    options: dict[str, Any] = dict(parsed.get("OPTIONS") or {})
    options["pool"] = {"min_size": 1, "max_size": POOL_MAX_SIZE, "timeout": 10}
    parsed["OPTIONS"] = options
    return parsed


def postgres_conninfo(settings: dict[str, Any]) -> dict[str, Any]:
    """psycopg.connect() keywords for a DATABASES entry: for the connections that live outside
    Django's pool (the LISTEN relay, the CLI's reachability check)."""
    params = {
        "dbname": settings["NAME"],
        "user": settings.get("USER") or None,
        "password": settings.get("PASSWORD") or None,
        "host": settings.get("HOST") or None,
        "port": settings.get("PORT") or None,
    }
    return {k: v for k, v in params.items() if v is not None}


def sqlite_database(path: Path) -> dict[str, Any]:
    # WAL lets readers (dashboards) run while one writer (ingestion) commits; IMMEDIATE
    # transactions take the write lock up front so concurrent writers wait instead of failing.
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        # Tests get a file beside it, not Django's shared-cache in-memory database: there a
        # reader holding a table lock makes a writer fail at once with "database table is
        # locked" (no busy timeout applies), and the live-server tests (an SSE stream
        # reading events while a reading is ingested) failed that way under load. A file
        # in WAL mode behaves like production: readers never block the writer.
        "TEST": {"NAME": str(path.with_name(f"test_{path.name}"))},
        # Kept open across requests: Django's default (0) closes a thread's connection when
        # each request ends, so every request paid connect + PRAGMAs + parsing the schema
        # (triggers included) again. A file database has no server-side limit to exhaust.
        "CONN_MAX_AGE": None,
        "OPTIONS": {
            "init_command": (
                "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;"
                "PRAGMA busy_timeout=5000;PRAGMA foreign_keys=ON;"
            ),
            "transaction_mode": "IMMEDIATE",
        },
    }


def allowed_hosts() -> list[str]:
    raw = os.environ.get("ALLOWED_HOSTS", "")
    hosts = [h.strip() for h in raw.split(",") if h.strip()]
    return hosts or ["127.0.0.1", "localhost", "[::1]", "testserver"]


@dataclass(frozen=True)
class Https:
    """How browsers reach the site: over TLS or not, and through which proxy.

    ``KOTACERDAS_HTTPS=1`` says the public address is https://: cookies are sent only over
    TLS, browsers are told to stay on HTTPS for a year (HSTS) and plain-HTTP requests are
    redirected. ``KOTACERDAS_TRUST_PROXY=1`` says a reverse proxy in front terminates TLS and
    sets ``X-Forwarded-Proto`` (and drops that header from clients): Django then takes its
    word for which requests were secure, so the redirect does not loop. A proxy that does
    the redirect itself and cannot say so may turn Django's off with
    ``KOTACERDAS_SSL_REDIRECT=0``.
    """

    enabled: bool
    trust_proxy: bool
    redirect: bool


HSTS_SECONDS = 365 * 24 * 60 * 60


def https() -> Https:
    enabled = env_flag("KOTACERDAS_HTTPS")
    redirect = env_flag("KOTACERDAS_SSL_REDIRECT", default=enabled)
    if redirect and not enabled:
        raise ConfigError(
            "KOTACERDAS_SSL_REDIRECT=1 needs KOTACERDAS_HTTPS=1 (the site must be on HTTPS)"
        )
    return Https(enabled=enabled, trust_proxy=env_flag("KOTACERDAS_TRUST_PROXY"), redirect=redirect)


def tile_origin(url: str) -> str | None:
    """The origin a tile URL template loads images from, for the CSP's img-src.

    ``https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png`` gives
    ``https://*.tile.openstreetmap.org``; a path on this server (``/tiles/{z}/{x}/{y}.png``)
    gives None, as 'self' covers it already.
    """
    url = url.strip()
    if not url:
        return None
    parts = urlsplit(url.replace("{s}", "a"))
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        return None
    host = parts.netloc.rsplit("@", 1)[-1]
    if url.split("://", 1)[1].startswith("{s}."):
        host = "*" + host[1:]  # Leaflet's {s} stands for the a/b/c subdomains
    return f"{parts.scheme}://{host}"
