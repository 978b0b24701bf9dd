from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from kotacerdas.platform.backup import BackupError, restore_backup
from kotacerdas.platform.management.commands.backup import one_line


class Command(BaseCommand):
    help = (
        "Restore a backup made by `kotacerdas backup` into an empty data folder (SQLite) or an "
        "empty database (PostgreSQL), then run the migrations."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("dir", help="the backup folder")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            manifest = restore_backup(Path(options["dir"]), self.stderr.write)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        except DatabaseError as exc:
            raise CommandError(f"database error during the restore: {exc}") from exc
        except OSError as exc:
            raise CommandError(f"the restore could not be written: {one_line(exc)}") from exc
        self.stdout.write(
            f"Restored the backup of {manifest.created_at} (kotacerdas "
            f"{manifest.kotacerdas_version}, {len(manifest.files)} files) and migrated."
        )
