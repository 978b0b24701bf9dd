"""Uploaded files and the secret key: copied with their checksums computed on the way."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

from kotacerdas.core.progress import progress
from kotacerdas.platform.backup.manifest import CHUNK, FileEntry

SECRET_FILE = "secret_key"  # noqa: S105  (a file name, config.secret_key writes it)


def _walk(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    found = []
    # Symbolic links are not followed: a link out of MEDIA_ROOT is not the region's upload.
    for folder, _dirs, names in os.walk(root):
        for name in names:
            path = Path(folder) / name
            if path.is_file() and not path.is_symlink():
                found.append(path)
    return sorted(found)


def copy_tree(source: Path, dest: Path, base: Path, desc: str) -> list[FileEntry]:
    """Copy every regular file under ``source`` into ``dest``; entries relative to ``base``.

    A file deleted while the copy runs (a held photo claimed or expired) is skipped: the
    database snapshot was taken first, so what it refers to is older than the copy.
    """
    paths = _walk(source)
    sizes = {}
    for path in paths:
        try:
            sizes[path] = path.stat().st_size
        except FileNotFoundError:
            continue
    entries: list[FileEntry] = []
    if not sizes:
        return entries
    with progress(total=sum(sizes.values()), desc=desc, unit="B") as bar:
        for path in sizes:
            target = dest / path.relative_to(source)
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                entry = copy_file(path, target, base, bar.update)
            except FileNotFoundError:
                continue
            entries.append(entry)
    return entries


def copy_file(source: Path, target: Path, base: Path, advance: object = None) -> FileEntry:
    digest = hashlib.sha256()
    size = 0
    with source.open("rb") as src, target.open("wb") as dst:
        while chunk := src.read(CHUNK):
            digest.update(chunk)
            dst.write(chunk)
            size += len(chunk)
            if callable(advance):
                advance(len(chunk))
    shutil.copystat(source, target)
    return FileEntry(target.relative_to(base).as_posix(), size, digest.hexdigest())


def is_empty(folder: Path) -> bool:
    return not _walk(folder)


def fingerprint(secret: str) -> str:
    """Enough to tell two keys apart, not to recover one."""
    return hashlib.sha256(b"kotacerdas secret key fingerprint:" + secret.encode()).hexdigest()[:16]


def write_secret(path: Path, secret: str) -> None:
    """Replace the data folder's key, owner-only, atomically."""
    staged = path.with_name(path.name + ".restoring")
    staged.unlink(missing_ok=True)
    fd = os.open(staged, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(secret)
    os.replace(staged, path)
