"""Photos: real images only, checked by content (Pillow), EXIF dropped by re-encoding,
a thumbnail, files under MEDIA_ROOT — the same checks as Aduan Warga's report photos."""

from __future__ import annotations

import io
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from django.conf import settings
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from kotacerdas.apps.agenda_wisata.services import Invalid

MAX_BYTES = 10 * 1024 * 1024
MAX_SIDE = 1600
THUMB_SIDE = 480
# A decompression bomb is refused before decoding.
MAX_PIXELS = 50_000_000


@dataclass(frozen=True)
class CleanPhoto:
    image: bytes
    thumbnail: bytes


def _encode(img: Image.Image) -> bytes:
    out = io.BytesIO()
    # Saving without exif= writes no EXIF: location and camera data are gone.
    img.save(out, "JPEG", quality=85, optimize=True)
    return out.getvalue()


def clean_photo(data: IO[bytes], size: int, field: str = "photo") -> CleanPhoto:
    if size > MAX_BYTES:
        raise Invalid(field, _("The photo is larger than 10 MB."))
    raw = data.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        raise Invalid(field, _("The photo is larger than 10 MB."))
    try:
        with Image.open(io.BytesIO(raw)) as probe:
            if probe.format not in {"JPEG", "PNG", "WEBP", "GIF", "MPO"}:
                raise UnidentifiedImageError(probe.format)
            if probe.width * probe.height > MAX_PIXELS:
                raise UnidentifiedImageError("too many pixels")
            probe.verify()
        with Image.open(io.BytesIO(raw)) as img:
            upright = ImageOps.exif_transpose(img).convert("RGB")
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise Invalid(field, _("This is not a picture we can read (JPEG, PNG or WebP).")) from None
    upright.thumbnail((MAX_SIDE, MAX_SIDE))
    thumb = upright.copy()
    thumb.thumbnail((THUMB_SIDE, THUMB_SIDE))
    return CleanPhoto(_encode(upright), _encode(thumb))


def store(region_code: str, photo: CleanPhoto) -> tuple[str, str]:
    """Write both files; returns their paths relative to MEDIA_ROOT."""
    name = secrets.token_hex(12)
    folder = Path("agenda-wisata") / region_code.replace(".", "")
    target = Path(settings.MEDIA_ROOT) / folder
    target.mkdir(parents=True, exist_ok=True)
    (target / f"{name}.jpg").write_bytes(photo.image)
    (target / f"{name}.thumb.jpg").write_bytes(photo.thumbnail)
    return str(folder / f"{name}.jpg"), str(folder / f"{name}.thumb.jpg")
