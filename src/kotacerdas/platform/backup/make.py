"""``kotacerdas backup DIR``: database snapshot first, then uploads and the secret key."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone

import kotacerdas
from kotacerdas.platform.backup import postgres, sqlite
from kotacerdas.platform.backup.errors import BackupError
from kotacerdas.platform.backup.files import SECRET_FILE, copy_file, copy_tree, fingerprint
from kotacerdas.platform.backup.manifest import NAME, Manifest, entry_for

SQLITE_FILE = "database.sqlite3"
POSTGRES_FILE = "database.dump"
MEDIA = "media"


@dataclass(frozen=True)
class Written:
    folder: Path
    manifest: Manifest


def _check_target(target: Path) -> Path:
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise BackupError(f"{target} exists and is not empty: give a new or empty folder")
    if not target.parent.is_dir():
        raise BackupError(f"{target.parent} does not exist: create it first")
    partial = target.with_name(target.name + ".partial")
    if partial.exists():
        raise BackupError(
            f"{partial} is left from an interrupted backup: remove it and run the backup again"
        )
    return partial


def create_backup(target: Path) -> Written:
    target = target.expanduser().absolute()
    partial = _check_target(target)
    # Owner-only: the folder holds the database (signing keys included) and the secret key.
    partial.mkdir(mode=0o700)
    try:
        manifest = _write(partial)
        if target.exists():
            target.rmdir()  # the empty folder the operator made; replaced by the finished one
        os.rename(partial, target)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return Written(target, manifest)


def _write(folder: Path) -> Manifest:
    db = connection.settings_dict
    created_at = timezone.localtime(timezone.now()).isoformat(timespec="seconds")
    if connection.vendor == "sqlite":
        db_file = folder / SQLITE_FILE
        sqlite.snapshot(Path(db["NAME"]), db_file)
        migrations = sqlite.migrations(db_file)
    elif connection.vendor == "postgresql":
        # Read before the dump: a migration between the two would make the dump newer than
        # the list, and a restore runs `migrate` anyway.
        migrations = _applied()
        db_file = folder / POSTGRES_FILE
        postgres.dump(db, db_file)
    else:
        raise BackupError(f"backups of {connection.vendor} databases are not supported")
    files = [entry_for(folder, db_file)]
    files += copy_tree(Path(settings.MEDIA_ROOT), folder / MEDIA, folder, "uploads")
    secret = {"source": "environment", "included": False}
    key_file = Path(settings.DATA_DIR) / SECRET_FILE
    if not os.environ.get("SECRET_KEY") and key_file.is_file():
        files.append(copy_file(key_file, folder / SECRET_FILE, folder))
        os.chmod(folder / SECRET_FILE, 0o600)
        secret = {"source": "data folder", "included": True}
    secret["fingerprint"] = fingerprint(settings.SECRET_KEY)
    manifest = Manifest(
        kotacerdas_version=kotacerdas.__version__,
        engine=connection.vendor,
        created_at=created_at,
        database_file=db_file.name,
        migrations=migrations,
        secret_key=secret,
        files=files,
    )
    manifest.write(folder)
    return manifest


def _applied() -> list[list[str]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY id")
        return [[app, name] for app, name in cursor.fetchall()]


__all__ = ["MEDIA", "NAME", "POSTGRES_FILE", "SQLITE_FILE", "Written", "create_backup"]
