"""`kotacerdas upgrade` on a database the previous release made, and its refusals.

The fixture (tests/fixtures/previous-release/, see its README.md) is the previous release's
demo, made by that release's code: on SQLite the database file, on PostgreSQL a plain dump
restored into a scratch database. The upgrade runs as the operator runs it, in a process of
its own; what the old database held is read with plain SQL before, what the upgraded one
holds through today's models after (tests/platform/upgrade_probe.py), so nothing of this
process stands in for either.
"""

from __future__ import annotations

import lzma
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import orjson
import pytest
from django.conf import settings
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.utils import translation

import kotacerdas
from kotacerdas.config import postgres_conninfo
from kotacerdas.platform.management.commands.upgrade import report
from kotacerdas.platform.upgrade import Outcome
from tests.conftest import skip_or_fail
from tests.platform import upgrade_probe

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "previous-release"
PROBE = Path(upgrade_probe.__file__)

# The same counts as upgrade_probe.counts(), in the previous release's schema.
BEFORE = {
    "regions": "SELECT count(*) FROM core_region",
    "agencies": "SELECT count(*) FROM core_agency",
    "users": "SELECT count(*) FROM auth_user",
    "reports": "SELECT count(*) FROM aduan_warga_report",
    "report_actions": "SELECT count(*) FROM aduan_warga_reportaction",
    "prices": "SELECT count(*) FROM harga_pangan_price",
    "markets": "SELECT count(*) FROM (SELECT DISTINCT region_id, market FROM harga_pangan_price) m",
    "stations": "SELECT count(*) FROM sensor_kota_station",
    "sensors": "SELECT count(*) FROM sensor_kota_sensor",
    "readings": "SELECT count(*) FROM sensor_kota_reading",
}
SEMARANG = "SELECT name FROM core_region WHERE slug = 'semarang'"
SEMARANG_STATIONS = (
    "SELECT s.code FROM sensor_kota_station s JOIN core_region r ON r.id = s.region_id"
    " WHERE r.slug = 'semarang'"
)
APPLIED = "SELECT app, name FROM django_migrations"
# "  app_label: 0001_x, 0002_y" under the migrations heading, whatever the language.
MIGRATION_LINE = re.compile(r"^  ([a-z][a-z0-9_]*): ([0-9A-Za-z_]+(?:, [0-9A-Za-z_]+)*)$")


@dataclass
class Installation:
    """The previous release's database in a data folder of its own, and how to reach it."""

    data_dir: Path
    env: dict[str, str]
    query: Callable[[str], list[tuple[Any, ...]]]  # plain SQL, no Django

    def run(self, *argv: str, **env: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, *argv],
            env={**self.env, **env},
            capture_output=True,
            text=True,
            timeout=300,
        )

    def upgrade(self) -> subprocess.CompletedProcess[str]:
        return self.run("-m", "kotacerdas", "upgrade")


# The child is a server of its own. The browser tests' conftest sets
# DJANGO_ALLOW_ASYNC_UNSAFE in this process, and a production upgrade rightly refuses to run
# with it (async.E001).
NOT_INHERITED = {"DATABASE_URL", "SECRET_KEY", "KOTACERDAS_DATA_DIR", "DJANGO_ALLOW_ASYNC_UNSAFE"}


def _env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in NOT_INHERITED}
    env.update(
        KOTACERDAS_DATA_DIR=str(data_dir),
        KOTACERDAS_PROGRESS="0",
        PYTHONPATH=os.pathsep.join([str(ROOT / "src"), str(ROOT), env.get("PYTHONPATH", "")]),
        DJANGO_SETTINGS_MODULE="kotacerdas.settings",
        KOTACERDAS_TILE_URL="none",
    )
    return env


def _postgres_url(source: dict[str, Any], name: str) -> str:
    user = quote(source.get("USER") or "", safe="")
    password = quote(source.get("PASSWORD") or "", safe="")
    auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = source.get("HOST") or "localhost"
    return f"postgresql://{auth}{host}:{source.get('PORT') or 5432}/{name}"


def _sqlite(path: Path) -> Callable[[str], list[tuple[Any, ...]]]:
    def query(sql: str) -> list[tuple[Any, ...]]:
        db = sqlite3.connect(path)
        try:
            return db.execute(sql).fetchall()
        finally:
            db.close()

    return query


@pytest.fixture
def previous_release(tmp_path: Path) -> Iterator[Installation]:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    env = _env(data_dir)
    if connection.vendor != "postgresql":
        database = data_dir / "kotacerdas.sqlite3"
        database.write_bytes(lzma.decompress((FIXTURE / "db.sqlite3.xz").read_bytes()))
        yield Installation(data_dir, env, _sqlite(database))
        return

    import psycopg

    if shutil.which("psql") is None:
        skip_or_fail("psql (PostgreSQL's client) is needed to restore the previous release's dump")
    source = connection.settings_dict
    name = f"{source['NAME']}_upgrade"[:63]
    admin = postgres_conninfo({**source, "NAME": "postgres"})
    scratch = postgres_conninfo({**source, "NAME": name})

    def drop() -> None:
        with psycopg.connect(**admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def query(sql: str) -> list[tuple[Any, ...]]:
        with psycopg.connect(**scratch) as conn:
            return list(conn.execute(sql).fetchall())

    drop()
    with psycopg.connect(**admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = _postgres_url(source, name)
    restored = subprocess.run(
        ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url],
        input=lzma.decompress((FIXTURE / "db.postgresql.sql.xz").read_bytes()),
        capture_output=True,
        timeout=120,
    )
    assert restored.returncode == 0, restored.stderr.decode()
    env["DATABASE_URL"] = url
    try:
        yield Installation(data_dir, env, query)
    finally:
        drop()


def _listed_migrations(stdout: str, apps: set[str]) -> set[tuple[str, str]]:
    listed = set()
    for line in stdout.splitlines():
        match = MIGRATION_LINE.match(line)
        if match and match[1] in apps:
            listed |= {(match[1], name) for name in match[2].split(", ")}
    return listed


def _nothing_changed() -> str:
    # The command speaks the installation's language (LANGUAGE_CODE; no request activates
    # another), so the expected line is rendered in it too.
    same = Outcome(kotacerdas.__version__, kotacerdas.__version__, new_installation=False)
    with translation.override(settings.LANGUAGE_CODE):
        return "\n".join(report(same))


def test_the_previous_release_upgrades_with_its_data(previous_release: Installation) -> None:
    db = previous_release
    before = {what: db.query(sql)[0][0] for what, sql in BEFORE.items()}
    assert before["reports"] and before["prices"] and before["readings"]  # a real demo
    ((semarang_name,),) = db.query(SEMARANG)
    semarang_stations = sorted(code for (code,) in db.query(SEMARANG_STATIONS))
    applied_before = set(db.query(APPLIED))
    loader = MigrationLoader(None, ignore_no_migrations=True)
    expected = set(loader.graph.nodes) - applied_before
    assert expected, "the fixture has every migration: it is not from an older release"

    first = db.upgrade()
    assert first.returncode == 0, first.stderr

    # Every migration the old database lacked was applied, and the output names each one.
    assert set(db.query(APPLIED)) - applied_before == expected
    apps = {app for app, _name in loader.graph.nodes}
    assert _listed_migrations(first.stdout, apps) == expected
    assert kotacerdas.__version__ in first.stdout.splitlines()[0]
    # Static files are where the web server in front serves them from.
    assert (db.data_dir / "static" / "kotacerdas" / "app.css").is_file()

    probe = db.run(str(PROBE))
    assert probe.returncode == 0, probe.stderr
    after = orjson.loads(probe.stdout.strip().splitlines()[-1])
    assert after["counts"] == before
    for url in ("/r/semarang/", "/r/semarang/aduan-warga/", "/r/semarang/harga-pangan/"):
        assert after["pages"][url]["status"] == 200, url
    assert semarang_name in after["pages"]["/r/semarang/"]["html"]
    assert after["pages"]["stations"] == {"status": 200, "codes": semarang_stations}

    second = db.upgrade()
    assert second.returncode == 0, second.stderr
    assert second.stdout.strip() == _nothing_changed()
    assert set(db.query(APPLIED)) - applied_before == expected


def test_an_unreachable_database_is_one_line_and_a_failure(tmp_path: Path) -> None:
    # Port 1 on loopback: nothing listens, so the connection is refused at once.
    env = {**_env(tmp_path / "data"), "DATABASE_URL": "postgresql://kc@127.0.0.1:1/kotacerdas"}
    done = subprocess.run(
        [sys.executable, "-m", "kotacerdas", "upgrade"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "127.0.0.1" in lines[0] and "postgresql" in lines[0], lines
    assert not (tmp_path / "data" / "installed.json").exists()


def test_the_command_itself_refuses_a_database_it_cannot_open(tmp_path: Path) -> None:
    # Through Django's own entry point, without the kotacerdas CLI's check in front: the
    # SQLite file's place is taken by a folder, so it cannot be opened.
    data_dir = tmp_path / "data"
    (data_dir / "kotacerdas.sqlite3").mkdir(parents=True)
    done = subprocess.run(
        [sys.executable, "-m", "django", "upgrade"],
        env=_env(data_dir),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "sqlite" in done.stderr and "unable to open database file" in done.stderr
    assert not (data_dir / "installed.json").exists()


def test_an_unreadable_record_is_named_and_nothing_changes(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    (data_dir / "installed.json").write_text("{not json", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "kotacerdas", "upgrade"],
        env=_env(data_dir),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    assert str(data_dir / "installed.json") in done.stderr
    # Refused before migrating: the new database has no tables yet.
    assert _sqlite(data_dir / "kotacerdas.sqlite3")("SELECT name FROM sqlite_master") == []
