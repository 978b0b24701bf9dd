"""Backups of a region's installation and their restore (``kotacerdas backup|restore DIR``).

A backup folder holds a consistent copy of the database (SQLite's online backup API, or
``pg_dump --format=custom``), the uploaded files (``MEDIA_ROOT``), the generated secret key
when it lives in the data folder, and ``manifest.json`` with a size and SHA-256 for every
file. Catalog signing keys are rows of the database and travel with it.

Both directions refuse rather than leave something half done: a backup is written into
``DIR.partial`` and renamed when complete; a restore checks every checksum and that the
target is empty before it touches anything, and moves finished copies into place.
"""

from kotacerdas.platform.backup.errors import BackupError
from kotacerdas.platform.backup.make import create_backup
from kotacerdas.platform.backup.restore import restore_backup

__all__ = ["BackupError", "create_backup", "restore_backup"]
