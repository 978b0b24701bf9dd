"""A bundle's manifest checked field by field, and its logo decoded within limits.

Every refusal names the field (``version.version``, ``variant.sharing`` …) and what is
wrong with it, so an admin can tell the publisher. Nothing here touches the database.
"""

from __future__ import annotations

import io
import re
import unicodedata
import warnings
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from PIL import Image

from kotacerdas.catalog import semver
from kotacerdas.catalog.services.errors import BundleRefused
from kotacerdas.contract import SmartCityApp, get_app

FORMAT = "kotacerdas-bundle/1"
SHARING = ("public", "province", "partners")
REGION_CODE = re.compile(r"^\d{2}(\.\d{2})?$")
MAX_CHANGELOG = 5000
MAX_NAME = 120
MAX_PUBLISHER_NAME = 200
MAX_PIXELS = 4096 * 4096
MAX_SVG = 256 * 1024
RASTER = {"PNG": "image/png", "JPEG": "image/jpeg", "GIF": "image/gif", "WEBP": "image/webp"}


@dataclass(frozen=True)
class App:
    key: str
    version: str
    app: SmartCityApp


@dataclass(frozen=True)
class Publisher:
    code: str
    name: str
    public_key: str


@dataclass(frozen=True)
class Manifest:
    app: App
    variant_name: str
    sharing: str
    version: str
    changelog: str
    publisher: Publisher


def _refuse(field: str, message: str) -> BundleRefused:
    return BundleRefused(
        _("manifest.json, field %(field)s: %(message)s") % {"field": field, "message": message},
        field,
    )


def _part(raw: dict[str, Any], name: str) -> dict[str, Any]:
    value = raw.get(name)
    if not isinstance(value, dict):
        raise _refuse(name, _("missing or not an object"))
    return value


def _text(part: dict[str, Any], field: str, name: str, required: bool = True) -> str:
    value = part.get(name, "" if not required else None)
    if not isinstance(value, str):
        raise _refuse(field, _("missing or not text"))
    if required and not value.strip():
        raise _refuse(field, _("must not be empty"))
    return value


def _has_control(text: str, allow_newlines: bool = False) -> bool:
    allowed = {"\n", "\r", "\t"} if allow_newlines else set()
    return any(unicodedata.category(c) == "Cc" and c not in allowed for c in text)


def parse(raw: object) -> Manifest:
    """The typed manifest, or ``BundleRefused`` naming the first bad field."""
    if not isinstance(raw, dict):
        raise _refuse("format", _("the manifest is not a JSON object"))
    if raw.get("format") != FORMAT:
        raise _refuse(
            "format",
            _("unknown bundle format %(value)r; this installation reads %(format)s")
            % {"value": raw.get("format"), "format": FORMAT},
        )
    app_part = _part(raw, "app")
    key = _text(app_part, "app.key", "key")
    app = get_app(key)
    if app is None:
        raise _refuse(
            "app.key", _("this installation does not have the app %(key)r") % {"key": key}
        )
    app_version = _text(app_part, "app.version", "version")
    if not semver.is_valid(app_version):
        raise _refuse(
            "app.version",
            _("%(value)r is not a semantic version such as 1.2.0") % {"value": app_version},
        )
    have = app.manifest.version
    if semver.parse(app_version)[0] != semver.parse(have)[0] or semver.parse(
        app_version
    ) > semver.parse(have):
        raise _refuse(
            "app.version",
            _("this configuration needs %(key)s %(needed)s; this installation has %(have)s")
            % {"key": key, "needed": app_version, "have": have},
        )
    variant = _part(raw, "variant")
    name = _text(variant, "variant.name", "name").strip()
    if len(name) > MAX_NAME:
        raise _refuse("variant.name", _("longer than %(n)d characters") % {"n": MAX_NAME})
    if _has_control(name):
        raise _refuse("variant.name", _("contains control characters"))
    sharing = variant.get("sharing")
    if sharing not in SHARING:
        raise _refuse(
            "variant.sharing",
            _("%(value)r is not one of %(allowed)s")
            % {"value": sharing, "allowed": ", ".join(SHARING)},
        )
    version = _part(raw, "version")
    number = _text(version, "version.version", "version")
    if not semver.is_valid(number):
        raise _refuse(
            "version.version",
            _("%(value)r is not a semantic version such as 1.2.0") % {"value": number},
        )
    changelog = _text(version, "version.changelog", "changelog").strip()
    if len(changelog) > MAX_CHANGELOG:
        raise _refuse("version.changelog", _("longer than %(n)d characters") % {"n": MAX_CHANGELOG})
    if _has_control(changelog, allow_newlines=True):
        raise _refuse("version.changelog", _("contains control characters"))
    publisher = _part(raw, "publisher")
    code = _text(publisher, "publisher.code", "code")
    if not REGION_CODE.match(code):
        raise _refuse(
            "publisher.code",
            _("%(value)r is not a Kemendagri region code such as 33 or 33.74") % {"value": code},
        )
    publisher_name = _text(publisher, "publisher.name", "name").strip()
    if len(publisher_name) > MAX_PUBLISHER_NAME or _has_control(publisher_name):
        raise _refuse("publisher.name", _("not a region name"))
    public_key = publisher.get("public_key", "")
    if not isinstance(public_key, str) or len(public_key) > 4096:
        raise _refuse("publisher.public_key", _("not a public key"))
    return Manifest(
        App(key, app_version, app),
        name,
        str(sharing),
        number,
        changelog,
        Publisher(code, publisher_name, public_key),
    )


class LogoRefused(ValueError):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _svg(data: bytes) -> str:
    if len(data) > MAX_SVG:
        raise LogoRefused(_("An SVG logo may be at most 256 KB."))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise LogoRefused(_("This logo is not a readable image.")) from None
    head = text.lstrip("\ufeff \t\r\n")[:2048].lower()
    if not (head.startswith("<svg") or (head.startswith("<?xml") and "<svg" in head)):
        raise LogoRefused(_("This logo is not a readable image."))
    # Entities expand (the "billion laughs"); a logo needs none.
    if "<!entity" in text.lower() or "<!doctype" in text.lower():
        raise LogoRefused(_("An SVG logo may not declare entities or a DOCTYPE."))
    return "image/svg+xml"


def check_logo(data: bytes, kinds: tuple[str, ...] = ("PNG", "JPEG", "GIF", "WEBP", "SVG")) -> str:
    """The content type of a logo that decodes within ``MAX_PIXELS`` (or is a small SVG
    without entities), else ``LogoRefused`` with what is wrong. Never lets a broken or
    bomb image through to a 500."""
    if "SVG" in kinds and data.lstrip()[:5].lower() in (b"<svg ", b"<svg>", b"<?xml"):
        return _svg(data)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                kind = image.format or ""
                width, height = image.size
                if width * height > MAX_PIXELS:
                    raise LogoRefused(
                        _("The logo is %(w)d×%(h)d pixels; at most 4096×4096 are allowed.")
                        % {"w": width, "h": height}
                    )
                if kind not in kinds or kind not in RASTER:
                    raise LogoRefused(_("This logo is not a PNG or JPEG image."))
                image.load()  # decode it all: a truncated or corrupt file fails here
    except LogoRefused:
        raise
    except Exception:  # any decoder failure means "not a usable image"
        raise LogoRefused(_("This logo is not a readable image (broken or too large).")) from None
    return RASTER[kind]
