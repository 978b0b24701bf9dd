"""``kotacerdas restore DIR``: checks first, then the database, uploads, key and migrate.

Nothing is written until every checksum matched, the backup's engine and migrations fit this
installation and the target is empty. The database goes in whole (SQLite: a checked copy
moved into place; PostgreSQL: pg_restore in one transaction); uploads are staged beside
MEDIA_ROOT and moved in after it.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import connection, connections
from django.db.migrations.loader import MigrationLoader

from kotacerdas.core.progress import progress
from kotacerdas.platform.backup import postgres, sqlite
from kotacerdas.platform.backup.errors import BackupError
from kotacerdas.platform.backup.files import (
    SECRET_FILE,
    copy_tree,
    fingerprint,
    is_empty,
    write_secret,
)
from kotacerdas.platform.backup.make import MEDIA
from kotacerdas.platform.backup.manifest import Manifest, verify

Say = Callable[[str], None]


def restore_backup(folder: Path, say: Say) -> Manifest:
    folder = folder.expanduser().absolute()
    manifest = Manifest.read(folder)
    _check_engine(manifest)
    _check_release(manifest)
    with progress(total=manifest.total_bytes(), desc="checksums", unit="B") as bar:
        verify(folder, manifest, bar.update)
    _check_empty()
    media_root = Path(settings.MEDIA_ROOT)
    staged_media = media_root.with_name(media_root.name + ".restoring")
    shutil.rmtree(staged_media, ignore_errors=True)
    try:
        copy_tree(folder / MEDIA, staged_media, staged_media, "uploads")
        _restore_database(folder / manifest.database_file)
        if media_root.exists():
            media_root.rmdir()  # checked empty (of files) above
        staged_media.mkdir(exist_ok=True)
        os.rename(staged_media, media_root)
    finally:
        shutil.rmtree(staged_media, ignore_errors=True)
    _restore_secret(folder, manifest, say)
    # A backup from an older release is brought up to this one's schema.
    call_command("migrate", interactive=False, verbosity=0)
    return manifest


def _check_engine(manifest: Manifest) -> None:
    if manifest.engine != connection.vendor:
        raise BackupError(
            f"this backup is of a {manifest.engine} database but the configured database is "
            f"{connection.vendor}: set DATABASE_URL to match"
        )


def _check_release(manifest: Manifest) -> None:
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    for app, name in manifest.migrations:
        if (app, name) not in known:
            raise BackupError(
                f"the backup has migration {app}.{name}, which this installation does not "
                f"know: it was made by kotacerdas {manifest.kotacerdas_version} or with an app "
                "not installed here; install that release first"
            )


def _check_empty() -> None:
    if connection.vendor == "sqlite":
        path = Path(connection.settings_dict["NAME"])
        if sqlite.has_tables(path):
            raise BackupError(
                f"the database {path} already has tables: restore only into an empty data "
                "folder (move this one aside first)"
            )
    else:
        with connection.cursor() as cursor:
            if postgres.has_tables(cursor):
                raise BackupError(
                    f"the {postgres.describe(connection.settings_dict)} already has tables: "
                    "restore only into an empty database (createdb a new one)"
                )
    media_root = Path(settings.MEDIA_ROOT)
    if not is_empty(media_root):
        raise BackupError(
            f"{media_root} already holds files: restore only into an empty data folder"
        )


def _restore_database(dump_file: Path) -> None:
    if connection.vendor == "sqlite":
        sqlite.install(dump_file, Path(connection.settings_dict["NAME"]), connections.close_all)
    else:
        postgres.restore(connection.settings_dict, dump_file)


def _restore_secret(folder: Path, manifest: Manifest, say: Say) -> None:
    backup_print = manifest.secret_key.get("fingerprint")
    from_env = bool(os.environ.get("SECRET_KEY"))
    if manifest.secret_key.get("included"):
        secret = (folder / SECRET_FILE).read_text().strip()
        write_secret(Path(settings.DATA_DIR) / SECRET_FILE, secret)
        if from_env and fingerprint(os.environ["SECRET_KEY"]) != backup_print:
            say(
                "note: SECRET_KEY in the environment differs from the backup's key, restored "
                f"to {Path(settings.DATA_DIR) / SECRET_FILE}; unset SECRET_KEY (or set it to "
                "that key) or sessions and citizens' tracking links stop working"
            )
    elif not from_env or fingerprint(os.environ["SECRET_KEY"]) != backup_print:
        say(
            "note: the backup's SECRET_KEY came from the environment and is not in the backup; "
            "set the same SECRET_KEY here or sessions and citizens' tracking links stop working"
        )
