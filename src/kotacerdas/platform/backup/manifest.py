"""manifest.json: what a backup holds, and the checks a restore runs before anything else."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from kotacerdas.platform.backup.errors import BackupError

NAME = "manifest.json"
FORMAT = "kotacerdas-backup"
FORMAT_VERSION = 1
CHUNK = 1 << 20
SIGNING_KEYS_NOTE = (
    "catalog signing keys (private and public) are rows of the database "
    "(catalog_signingkey) and are restored with it"
)


@dataclass(frozen=True)
class FileEntry:
    path: str  # relative to the backup folder, with forward slashes
    size: int
    sha256: str


@dataclass
class Manifest:
    kotacerdas_version: str
    engine: str  # "sqlite" or "postgresql"
    created_at: str  # ISO 8601 in WIB
    database_file: str
    migrations: list[list[str]]  # [app, name], as in django_migrations
    secret_key: dict[str, Any]
    files: list[FileEntry] = field(default_factory=list)
    signing_keys: str = SIGNING_KEYS_NOTE
    format: str = FORMAT
    format_version: int = FORMAT_VERSION

    def write(self, folder: Path) -> None:
        data = asdict(self)
        (folder / NAME).write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")

    @classmethod
    def read(cls, folder: Path) -> Manifest:
        path = folder / NAME
        if not folder.is_dir():
            raise BackupError(f"{folder} is not a folder")
        if not path.is_file():
            raise BackupError(f"{path} is missing: {folder} is not a complete kotacerdas backup")
        try:
            data = json.loads(path.read_text())
            if data.get("format") != FORMAT:
                raise BackupError(f"{path} is not a kotacerdas backup manifest")
            if data.get("format_version") != FORMAT_VERSION:
                raise BackupError(
                    f"{path} has backup format {data.get('format_version')!r}; this release "
                    f"reads format {FORMAT_VERSION}"
                )
            files = [FileEntry(**entry) for entry in data.pop("files")]
            return cls(files=files, **data)
        except BackupError:
            raise
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            raise BackupError(f"{path} cannot be read: {exc}") from exc

    def total_bytes(self) -> int:
        return sum(entry.size for entry in self.files)


def hashed_chunks(path: Path, digest: Any) -> Iterator[bytes]:
    with path.open("rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
            yield chunk


def entry_for(folder: Path, path: Path) -> FileEntry:
    digest = hashlib.sha256()
    size = sum(len(chunk) for chunk in hashed_chunks(path, digest))
    return FileEntry(path.relative_to(folder).as_posix(), size, digest.hexdigest())


def verify(folder: Path, manifest: Manifest, advance: Any) -> None:
    """Every listed file present with its size and checksum; the first that is not is named."""
    root = folder.resolve()
    for entry in manifest.files:
        path = (root / entry.path).resolve()
        if not path.is_relative_to(root):
            raise BackupError(f"manifest lists {entry.path!r}, which is outside the backup folder")
        if not path.is_file():
            raise BackupError(f"{entry.path} is listed in the manifest but missing from {folder}")
        digest = hashlib.sha256()
        size = 0
        for chunk in hashed_chunks(path, digest):
            size += len(chunk)
            advance(len(chunk))
        if size != entry.size or digest.hexdigest() != entry.sha256:
            raise BackupError(
                f"{entry.path} does not match its checksum in the manifest "
                "(the backup is damaged or was changed)"
            )
