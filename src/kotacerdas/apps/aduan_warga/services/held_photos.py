"""Photos chosen in a form that came back with mistakes, held until it is sent again.

A browser cannot put a chosen file back into a file input, so the photos stay on the server:
already checked and re-encoded (EXIF gone), under ``MEDIA_ROOT/aduan-warga-held/<token>/``
for an hour, the random token in a hidden field of the form. Only whoever holds the form
(the token) sees or uses them; every new hold sweeps away the expired ones.
"""

from __future__ import annotations

import re
import secrets
import shutil
import time
from pathlib import Path

from django.conf import settings
from PIL import Image

from kotacerdas.apps.aduan_warga.services.photos import MAX_PHOTOS, CleanPhoto

MAX_AGE_SECONDS = 3600
TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,40}$")


def _root() -> Path:
    return Path(settings.MEDIA_ROOT) / "aduan-warga-held"


def _folder(token: str) -> Path | None:
    return _root() / token if TOKEN.match(token) else None


def _sweep(now: float) -> None:
    root = _root()
    if not root.is_dir():
        return
    for folder in root.iterdir():
        try:
            if now - folder.stat().st_mtime > MAX_AGE_SECONDS:
                shutil.rmtree(folder, ignore_errors=True)
        except OSError:  # another request swept it first
            continue


def hold(photos: list[CleanPhoto]) -> str:
    """Keep up to three cleaned photos; returns the token ('' when there is nothing)."""
    now = time.time()
    _sweep(now)
    if not photos:
        return ""
    token = secrets.token_urlsafe(18)
    folder = _root() / token
    folder.mkdir(parents=True)
    for n, photo in enumerate(photos[:MAX_PHOTOS], start=1):
        (folder / f"{n}.jpg").write_bytes(photo.image)
        (folder / f"{n}.thumb.jpg").write_bytes(photo.thumbnail)
    return token


def held(token: str) -> list[CleanPhoto]:
    """The photos held under ``token``, in order; none for an unknown or expired token."""
    folder = _folder(token)
    if folder is None or not folder.is_dir():
        return []
    if time.time() - folder.stat().st_mtime > MAX_AGE_SECONDS:
        return []
    photos = []
    for n in range(1, MAX_PHOTOS + 1):
        image, thumb = folder / f"{n}.jpg", folder / f"{n}.thumb.jpg"
        if not (image.is_file() and thumb.is_file()):
            break
        data = image.read_bytes()
        with Image.open(image) as img:
            width, height = img.size
        photos.append(CleanPhoto(data, thumb.read_bytes(), width, height))
    return photos


def thumbnail(token: str, n: int) -> Path | None:
    folder = _folder(token)
    if folder is None or not 1 <= n <= MAX_PHOTOS:
        return None
    path = folder / f"{n}.thumb.jpg"
    return path if path.is_file() else None


def drop(token: str) -> None:
    folder = _folder(token)
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)
