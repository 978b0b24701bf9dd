from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from kotacerdas.platform.backup import BackupError, create_backup


def one_line(exc: OSError) -> str:
    where = f" ({exc.filename})" if exc.filename else ""
    return f"{exc.strerror or exc}{where}"


class Command(BaseCommand):
    help = (
        "Write a consistent backup (database, uploads, secret key, manifest.json with "
        "checksums) into DIR, which must be new or empty."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("dir", help="the backup folder to create")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            written = create_backup(Path(options["dir"]))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        except DatabaseError as exc:
            raise CommandError(f"database error during the backup: {exc}") from exc
        except OSError as exc:
            raise CommandError(f"the backup could not be written: {one_line(exc)}") from exc
        m = written.manifest
        size = m.total_bytes()
        self.stdout.write(
            f"Backup written to {written.folder}: {m.engine} database, {len(m.files)} files, "
            f"{size / 1e6:.1f} MB, {len(m.migrations)} migrations (see manifest.json)."
        )
