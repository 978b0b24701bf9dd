"""The region's brand: name, tagline, logo and colours on every public page of the region.

The brand is a *local* part of Agenda & Wisata's configuration (``"x-kotacerdas-local"``):
adopting a neighbour's variant, merging its updates or importing its bundle never replaces
it (``catalog.policy``), so Kendal keeps Kendal's logo and colours after adopting Semarang's
variant. The platform asks :func:`region_brand` through the contract hook
``SmartCityApp.brand`` and applies the answer to the region's public pages.

Colours are checked with the WCAG 2.x contrast ratio: text on the primary colour must reach
4.5:1 (success criterion 1.4.3). The text colour is chosen automatically (black or white,
whichever contrasts more, which always reaches 4.5:1) unless the admin picked one; a picked
colour below 4.5:1 is refused by the form and, should a stored configuration carry one
anyway (edited through the raw configuration page), replaced by the automatic choice.
"""

from __future__ import annotations

import hashlib
import io
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kotacerdas.contract import AppConfig, Brand

if TYPE_CHECKING:
    from kotacerdas.contract.app import Ctx

APP_KEY = "agenda-wisata"
MIN_TEXT_CONTRAST = 4.5
BLACK = "#000000"
WHITE = "#ffffff"
HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
# A logo file is named by its content: 32 hex digits of its SHA-256 and ``.png``.
LOGO_NAME = re.compile(r"^[0-9a-f]{32}\.png$")
# Text without control characters (a tagline is one line of plain text).
PLAIN = "^[^\\x00-\\x1f\\x7f]*$"


def _text(max_length: int, label_id: str, label_en: str) -> dict[str, Any]:
    return {
        "type": "string",
        "maxLength": max_length,
        "pattern": PLAIN,
        "x-kotacerdas-label": {"id": label_id, "en": label_en},
    }


def _bilingual(max_length: int, label_id: str, label_en: str) -> dict[str, Any]:
    return {
        "type": "object",
        "additionalProperties": False,
        "x-kotacerdas-label": {"id": label_id, "en": label_en},
        "properties": {
            # Defaults, so a form that leaves both empty comes back as the stored value.
            "id": {**_text(max_length, "Bahasa Indonesia", "Indonesian"), "default": ""},
            "en": {**_text(max_length, "Bahasa Inggris", "English"), "default": ""},
        },
    }


def _colour(label_id: str, label_en: str, help_id: str, help_en: str) -> dict[str, Any]:
    return {
        "type": "string",
        "pattern": "^(#[0-9a-fA-F]{6})?$",
        "x-kotacerdas-label": {"id": label_id, "en": label_en},
        "x-kotacerdas-help": {"id": help_id, "en": help_en},
    }


DEFAULT_BRAND: dict[str, Any] = {
    "name": {"id": "", "en": ""},
    "tagline": {"id": "", "en": ""},
    "logo": "",
    "primary": "",
    "on_primary": "",
    "accent": "",
}

# The "brand" property of Agenda & Wisata's schema: the region's own, never a neighbour's.
BRAND_SCHEMA: dict[str, Any] = {
    "type": "object",
    "x-kotacerdas-local": True,
    "x-kotacerdas-label": {"id": "Merek daerah", "en": "Region brand"},
    "additionalProperties": False,
    "default": DEFAULT_BRAND,
    "properties": {
        "name": _bilingual(80, "Nama merek", "Brand name"),
        "tagline": _bilingual(160, "Slogan", "Tagline"),
        "logo": {
            "type": "string",
            "pattern": "^([0-9a-f]{32}\\.png)?$",
            "x-kotacerdas-label": {"id": "Berkas logo", "en": "Logo file"},
            "x-kotacerdas-help": {
                "id": "Diisi oleh halaman Merek daerah saat logo diunggah.",
                "en": "Set by the Region brand page when a logo is uploaded.",
            },
        },
        "primary": _colour(
            "Warna utama",
            "Primary colour",
            "Latar kepala halaman, #rrggbb; kosong: tampilan bawaan.",
            "Background of the page header, #rrggbb; empty: the default look.",
        ),
        "on_primary": _colour(
            "Warna teks di atas warna utama",
            "Text colour on the primary colour",
            "Kosong: hitam atau putih, mana yang lebih kontras.",
            "Empty: black or white, whichever contrasts more.",
        ),
        "accent": _colour(
            "Warna aksen",
            "Accent colour",
            "Garis kepala halaman dan tombol utama, #rrggbb.",
            "The header's stripe and the main buttons, #rrggbb.",
        ),
    },
}


class BilingualText(AppConfig):
    id: str = ""
    en: str = ""

    def text(self, language: str) -> str:
        return (self.en if language == "en" else "") or self.id


class BrandSettings(AppConfig):
    """The typed ``brand`` part of the configuration (see :data:`BRAND_SCHEMA`)."""

    name: BilingualText = BilingualText()
    tagline: BilingualText = BilingualText()
    logo: str = ""
    primary: str = ""
    on_primary: str = ""
    accent: str = ""

    @property
    def is_set(self) -> bool:
        return bool(self.name.id or self.name.en or self.logo or self.primary)


# -- contrast (WCAG 2.x) -------------------------------------------------------------------


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: str) -> float:
    """WCAG 2.x relative luminance of ``#rrggbb``: 0 for black, 1 for white."""
    if not HEX.match(colour):
        raise ValueError(f"not a #rrggbb colour: {colour[:20]!r}")
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast(a: str, b: str) -> float:
    """The WCAG contrast ratio of two colours, from 1 (same) to 21 (black on white)."""
    la, lb = relative_luminance(a), relative_luminance(b)
    hi, lo = max(la, lb), min(la, lb)
    return (hi + 0.05) / (lo + 0.05)


def best_text(background: str) -> str:
    """Black or white, whichever contrasts more with ``background`` (always >= 4.5:1)."""
    return BLACK if contrast(background, BLACK) >= contrast(background, WHITE) else WHITE


def text_on(primary: str, chosen: str = "") -> str:
    """The text colour to use on ``primary``: ``chosen`` when it reaches 4.5:1, else the
    automatic black or white."""
    if chosen and HEX.match(chosen) and contrast(primary, chosen) >= MIN_TEXT_CONTRAST:
        return chosen.lower()
    return best_text(primary)


# -- the logo file ------------------------------------------------------------------------


def logo_folder(region_code: str) -> Path:
    """Where a region's logos are kept: ``MEDIA_ROOT/agenda-wisata/brand/<code>/``."""
    from django.conf import settings

    return Path(settings.MEDIA_ROOT) / APP_KEY / "brand" / region_code.replace(".", "")


def logo_name(png: bytes) -> str:
    return hashlib.sha256(png).hexdigest()[:32] + ".png"


# The demo's brands: public slogans of the two regions, colours chosen for the demo.
DEMO_BRANDS: dict[str, dict[str, Any]] = {
    "semarang": {
        "name": {"id": "Kota Semarang", "en": "Semarang City"},
        "tagline": {"id": "Semarang Kota ATLAS", "en": "Semarang, the ATLAS city"},
        "primary": "#0b5d3b",
        "accent": "#f2c200",
    },
    "kendal": {
        "name": {"id": "Kabupaten Kendal", "en": "Kendal Regency"},
        "tagline": {"id": "Kendal Beribadat", "en": "Kendal Beribadat"},
        "primary": "#7a1f2b",
        "accent": "#e8b923",
    },
}


def demo_logo(initial: str, primary: str, accent: str) -> bytes:
    """A round badge with the region's initial (demo data: no image files in the repo)."""
    from PIL import Image, ImageDraw

    img = Image.new("RGBA", (128, 128), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    draw.ellipse((4, 4, 124, 124), fill=accent, outline=primary, width=8)
    draw.text((64, 64), initial[:1].upper(), fill=primary, anchor="mm", font_size=72)
    out = io.BytesIO()
    img.save(out, "PNG")
    return out.getvalue()


def demo_brand(region_slug: str, region_code: str) -> dict[str, Any] | None:
    """The demo brand of Semarang or Kendal (its logo file written), for ``demo.py``;
    ``None`` for other regions."""
    found = DEMO_BRANDS.get(region_slug)
    if found is None:
        return None
    png = demo_logo(region_slug, found["primary"], found["accent"])
    name = logo_name(png)
    target = logo_folder(region_code) / name
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(png)
    return {**DEFAULT_BRAND, **found, "logo": name}


# -- the hook ------------------------------------------------------------------------------


def logo_url(region_slug: str, name: str) -> str:
    """The public path of a stored logo (served by ``views.brand.logo``)."""
    return f"/r/{region_slug}/{APP_KEY}/brand/logo/{name}" if LOGO_NAME.match(name) else ""


def settings_of(ctx: Ctx) -> BrandSettings:
    found = getattr(ctx.config, "brand", None)
    if isinstance(found, BrandSettings):
        return found
    if isinstance(found, dict):
        return BrandSettings.model_validate(found)
    return BrandSettings()


def region_brand(ctx: Ctx) -> Brand | None:
    """The region's brand from the local part of the configuration, or ``None`` when the
    region has not set one (its pages keep the platform's look)."""
    brand = settings_of(ctx)
    if not brand.is_set:
        return None
    region_name = str(ctx.region.name)
    name = {"id": brand.name.id or region_name, "en": brand.name.en or brand.name.id or region_name}
    tagline = {"id": brand.tagline.id, "en": brand.tagline.en or brand.tagline.id}
    primary = brand.primary.lower() if HEX.match(brand.primary) else ""
    return Brand(
        name=name,
        tagline=tagline,
        logo_url=logo_url(ctx.region.slug, brand.logo),
        primary=primary,
        on_primary=text_on(primary, brand.on_primary) if primary else "",
        accent=brand.accent.lower() if HEX.match(brand.accent) else "",
    )
