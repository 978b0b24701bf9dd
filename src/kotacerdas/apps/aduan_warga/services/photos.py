"""Photos: real images only, EXIF dropped by re-encoding, thumbnails, files under MEDIA_ROOT."""

from __future__ import annotations

import io
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from django.conf import settings
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from kotacerdas.apps.aduan_warga.services import ReportInvalid

MAX_BYTES = 10 * 1024 * 1024
MAX_PHOTOS = 3
MAX_SIDE = 2048
THUMB_SIDE = 360
# A decompression bomb is refused before decoding: 50 megapixels is far above any phone.
MAX_PIXELS = 50_000_000


@dataclass(frozen=True)
class CleanPhoto:
    image: bytes
    thumbnail: bytes
    width: int
    height: int


def _encode(img: Image.Image) -> bytes:
    out = io.BytesIO()
    # Saving without exif= writes no EXIF: location and camera data are gone.
    img.save(out, "JPEG", quality=85, optimize=True)
    return out.getvalue()


def clean_photo(data: IO[bytes], size: int, index: int) -> CleanPhoto:
    """Check one upload by its content and re-encode it; ReportInvalid names the photo."""
    field = f"photo{index}"
    if size > MAX_BYTES:
        raise ReportInvalid(field, _("Photo %(n)d is larger than 10 MB.") % {"n": index})
    raw = data.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        raise ReportInvalid(field, _("Photo %(n)d is larger than 10 MB.") % {"n": index})
    try:
        with Image.open(io.BytesIO(raw)) as probe:
            if probe.format not in {"JPEG", "PNG", "WEBP", "GIF", "HEIF", "MPO"}:
                raise UnidentifiedImageError(probe.format)
            if probe.width * probe.height > MAX_PIXELS:
                raise UnidentifiedImageError("too many pixels")
            probe.verify()
        with Image.open(io.BytesIO(raw)) as img:
            # Apply the camera's rotation before the EXIF that carries it is dropped.
            upright = ImageOps.exif_transpose(img).convert("RGB")
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ReportInvalid(
            field, _("Photo %(n)d is not a picture we can read (JPEG, PNG or WebP).") % {"n": index}
        ) from None
    upright.thumbnail((MAX_SIDE, MAX_SIDE))
    thumb = upright.copy()
    thumb.thumbnail((THUMB_SIDE, THUMB_SIDE))
    return CleanPhoto(_encode(upright), _encode(thumb), upright.width, upright.height)


def store(region_code: str, photo: CleanPhoto) -> tuple[str, str]:
    """Write both files; returns their paths relative to MEDIA_ROOT."""
    name = secrets.token_hex(12)
    folder = Path("aduan-warga") / region_code.replace(".", "")
    target = Path(settings.MEDIA_ROOT) / folder
    target.mkdir(parents=True, exist_ok=True)
    (target / f"{name}.jpg").write_bytes(photo.image)
    (target / f"{name}.thumb.jpg").write_bytes(photo.thumbnail)
    return str(folder / f"{name}.jpg"), str(folder / f"{name}.thumb.jpg")
