"""`kotacerdas backup` and `restore`: a restored installation answers like the one backed up.

The source is the test database (the seeded demo, committed). Each restore runs the real
command in a process of its own against a fresh, empty target (a new data folder; on
PostgreSQL also a new database), and the comparison reads that target from another process,
so nothing of the source's process (connections, caches) can stand in for the restored data.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

from kotacerdas.apps.aduan_warga.models import Report
from kotacerdas.apps.aduan_warga.services.tracking import tracking_path
from kotacerdas.apps.sensor_kota.config import typed_config
from kotacerdas.apps.sensor_kota.ingest.pipeline import store_rows
from kotacerdas.apps.sensor_kota.models import Sensor
from kotacerdas.config import postgres_conninfo
from kotacerdas.core.models import AppInstallation, Region
from kotacerdas.platform.demo import seed_demo
from tests.conftest import FAST_HASHERS, Demo, flush_all_tables
from tests.platform import backup_probe

ROOT = Path(__file__).resolve().parents[2]
PROBE = Path(backup_probe.__file__)


@dataclass
class Target:
    """A fresh installation to restore into, and how to run commands against it."""

    data_dir: Path
    env: dict[str, str]

    def run(self, *argv: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, *argv], env=self.env, capture_output=True, text=True, timeout=120
        )

    def restore(self, folder: Path) -> subprocess.CompletedProcess[str]:
        return self.run("-m", "kotacerdas", "restore", str(folder))

    def probe(self, what: str, *args: str) -> Any:
        done = self.run(str(PROBE), what, *args)
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout.strip().splitlines()[-1])


def _postgres_url(settings: dict[str, Any], name: str) -> str:
    user = quote(settings.get("USER") or "", safe="")
    password = quote(settings.get("PASSWORD") or "", safe="")
    auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = settings.get("HOST") or "localhost"
    return f"postgresql://{auth}{host}:{settings.get('PORT') or 5432}/{name}"


@pytest.fixture
def target(tmp_path: Path) -> Iterator[Target]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "SECRET_KEY", "KOTACERDAS_DATA_DIR"}
    }
    env.update(
        KOTACERDAS_DATA_DIR=str(tmp_path / "target"),
        KOTACERDAS_PROGRESS="0",
        PYTHONPATH=os.pathsep.join([str(ROOT / "src"), str(ROOT), env.get("PYTHONPATH", "")]),
        DJANGO_SETTINGS_MODULE="kotacerdas.settings",
        KOTACERDAS_TILE_URL="none",  # as conftest sets it for the source
    )
    if connection.vendor != "postgresql":
        yield Target(tmp_path / "target", env)
        return
    import psycopg

    source = connection.settings_dict
    name = f"{source['NAME']}_restored"[:63]
    admin = postgres_conninfo({**source, "NAME": "postgres"})

    def drop() -> None:
        with psycopg.connect(**admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    drop()
    with psycopg.connect(**admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    env["DATABASE_URL"] = _postgres_url(source, name)
    try:
        yield Target(tmp_path / "target", env)
    finally:
        drop()


@pytest.fixture
def uploads(settings: Any, tmp_path: Path) -> Path:
    """The source's MEDIA_ROOT, with one upload in it (not the shared test data folder)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    photo = settings.MEDIA_ROOT / "aduan-warga" / "2026" / "foto.jpg"
    photo.parent.mkdir(parents=True)
    photo.write_bytes(b"\xff\xd8\xff\xe0 a photo" + bytes(range(256)) * 40)
    return photo


def backup(folder: Path) -> dict[str, Any]:
    call_command("backup", str(folder))
    return json.loads((folder / "manifest.json").read_text())


def test_restore_gives_the_same_pages_and_api(
    demo: Demo, uploads: Path, tmp_path: Path, target: Target
) -> None:
    manifest = backup(tmp_path / "backup")
    applied = {(m.app, m.name) for m in MigrationRecorder(connection).applied_migrations().values()}
    assert manifest["engine"] == connection.vendor
    assert {tuple(m) for m in manifest["migrations"]} == {tuple(m) for m in applied}
    assert manifest["created_at"].endswith("+07:00")
    assert "catalog_signingkey" in manifest["signing_keys"]
    listed = {f["path"]: f for f in manifest["files"]}
    assert listed["media/aduan-warga/2026/foto.jpg"]["size"] == uploads.stat().st_size
    assert manifest["database_file"] in listed

    done = target.restore(tmp_path / "backup")
    assert done.returncode == 0, done.stderr
    restored_photo = target.data_dir / "media" / "aduan-warga" / "2026" / "foto.jpg"
    assert restored_photo.read_bytes() == uploads.read_bytes()

    # A citizen's tracking link made by the source keeps working: the secret key came along.
    report = Report.objects.unscoped("test").select_related("region").first()
    assert report is not None
    track = tracking_path(report)
    source = backup_probe.pages([track])
    assert source[track][0] == 200
    assert target.probe("pages", track) == source


def test_a_changed_file_is_named_and_nothing_is_restored(
    demo: Demo, uploads: Path, tmp_path: Path, target: Target
) -> None:
    folder = tmp_path / "backup"
    manifest = backup(folder)
    copied = folder / "media" / "aduan-warga" / "2026" / "foto.jpg"
    data = bytearray(copied.read_bytes())
    data[100] ^= 0xFF
    copied.write_bytes(bytes(data))

    with pytest.raises(CommandError, match=r"media/aduan-warga/2026/foto\.jpg does not match"):
        call_command("restore", str(folder))
    done = target.restore(folder)
    assert done.returncode == 2  # the CLI's one-line refusal
    error = done.stderr.strip()
    assert error.count("\n") == 0 and "Traceback" not in error
    assert "foto.jpg does not match its checksum" in error
    assert not (target.data_dir / "media").exists()

    (folder / manifest["database_file"]).unlink()
    with pytest.raises(CommandError, match=rf"{manifest['database_file']} is listed .* missing"):
        call_command("restore", str(folder))


def test_a_target_with_data_is_refused(demo: Demo, uploads: Path, tmp_path: Path) -> None:
    folder = tmp_path / "backup"
    backup(folder)
    regions = Region.objects.count()
    with pytest.raises(CommandError, match="already has tables: restore only into an empty"):
        call_command("restore", str(folder))
    assert Region.objects.count() == regions


def test_a_backup_never_overwrites_and_leaves_no_partial_copy(
    demo: Demo, uploads: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    used = tmp_path / "used"
    used.mkdir()
    (used / "keep.txt").write_text("mine")
    with pytest.raises(CommandError, match="exists and is not empty"):
        call_command("backup", str(used))
    assert [p.name for p in used.iterdir()] == ["keep.txt"]

    empty = tmp_path / "empty"
    empty.mkdir()
    backup(empty)  # an empty folder the operator made is fine
    assert (empty / "manifest.json").is_file()

    # The disk fills while the uploads are copied: the half-written copy is removed.
    def full(*args: Any) -> None:
        raise OSError(28, "No space left on device", str(tmp_path / "failed.partial"))

    monkeypatch.setattr("kotacerdas.platform.backup.make.copy_tree", full)
    failed = tmp_path / "failed"
    with pytest.raises(CommandError, match="could not be written: No space left on device"):
        call_command("backup", str(failed))
    assert not failed.exists()
    assert not failed.with_name("failed.partial").exists()


@pytest.mark.django_db(transaction=True)
def test_a_backup_taken_during_ingestion_restores_consistently(
    settings: Any, uploads: Path, tmp_path: Path, target: Target
) -> None:
    """Batches keep committing while the backup runs; the restored database holds a whole
    number of them (its count is one the source had between two batches) and every rollup
    level adds up to the raw readings it holds."""
    settings.PASSWORD_HASHERS = FAST_HASHERS
    seed_demo()
    try:
        region = Region.objects.get(slug="semarang")
        installation = AppInstallation.objects.unscoped("test").get(
            region=region, app_key="sensor-kota"
        )
        config = typed_config(installation.config)
        sensors = list(
            Sensor.objects.unscoped("test").filter(region=region).values_list("pk", flat=True)
        )
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM sensor_kota_reading")
            start = cursor.fetchone()[0]
        counts = [start]  # the source's count after each committed batch
        stop = threading.Event()
        failures: list[BaseException] = []

        def ingest() -> None:
            # Odd milliseconds: the demo's readings sit on whole seconds, so none collide.
            ts = int(time.time() * 1000) - 86_400_000 + 1
            try:
                while not stop.is_set():
                    rows = [(sid, ts, 10.0 + (ts // 1000) % 7) for sid in sensors]
                    result = store_rows(region, config, rows)
                    counts.append(counts[-1] + result.inserted)
                    ts += 1000
            except BaseException as exc:  # reported by the test below
                failures.append(exc)
            finally:
                connection.close()

        def committed(n: int) -> None:
            wanted = len(counts) + n
            deadline = time.monotonic() + 30
            while len(counts) < wanted and not failures and time.monotonic() < deadline:
                time.sleep(0.01)

        writer = threading.Thread(target=ingest)
        writer.start()
        try:
            committed(3)
            backup(tmp_path / "backup")
            committed(3)
        finally:
            stop.set()
            writer.join(30)
        assert not failures, failures
        assert len(counts) > 6

        done = target.restore(tmp_path / "backup")
        assert done.returncode == 0, done.stderr
        restored = target.probe("readings")
        assert restored["mismatches"] == []
        assert restored["integrity"] in {"ok", "not sqlite"}
        assert restored["count"] in counts
        assert start < restored["count"] < counts[-1]  # taken mid-ingestion, not before or after
    finally:
        flush_all_tables()
