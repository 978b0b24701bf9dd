"""Bundles: one zip file carrying a variant version between installations.

Inside: ``manifest.json`` (app, variant, version, publisher and its public key),
``config.json``, ``assets/logo`` when there is one, ``SHA256SUMS`` (a SHA-256 line per
file) and ``SHA256SUMS.sig`` (the publisher region's Ed25519 signature of ``SHA256SUMS``).
A bundle whose files do not match their sums, whose signature does not verify, or that is
signed by another key than the one this installation knows for the publisher is refused
unless an admin explicitly trusts it.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from kotacerdas.catalog.models import SigningKey, TrustedKey, Variant, VariantVersion
from kotacerdas.catalog.services import signing
from kotacerdas.catalog.services.adoption import check_app_version
from kotacerdas.catalog.services.errors import BundleRefused, CatalogError
from kotacerdas.contract import get_app
from kotacerdas.core.models import Region
from kotacerdas.core.services.config_schema import ConfigInvalid, validate_config
from kotacerdas.core.tenancy import Action, Scope

FORMAT = "kotacerdas-bundle/1"
SUMS, SIGNATURE = "SHA256SUMS", "SHA256SUMS.sig"
MAX_BYTES = 5 * 1024 * 1024
SYSTEM = Scope.system("importing a bundle: the variant belongs to its publisher region")


def _sums(files: dict[str, bytes]) -> bytes:
    lines = [f"{hashlib.sha256(data).hexdigest()}  {name}" for name, data in sorted(files.items())]
    return ("\n".join(lines) + "\n").encode()


def export(version: VariantVersion) -> bytes:
    """The signed bundle of ``version``."""
    variant = version.variant
    app = get_app(variant.app_key)
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "app": {
            "key": variant.app_key,
            "version": version.app_version,
            "name": app.manifest.name if app else {},
        },
        "variant": {"name": variant.name, "sharing": variant.sharing},
        "version": {
            "version": version.version,
            "changelog": version.changelog,
            "published_at": version.published_at.isoformat(),
        },
        "publisher": {
            "code": variant.region.code,
            "name": variant.region.name,
            "public_key": signing.key_of(variant.region).public_pem,
        },
        "logo_type": version.logo_type,
    }
    files = {"config.json": json.dumps(version.config, indent=2, sort_keys=True).encode()}
    if version.logo:
        files["assets/logo"] = bytes(version.logo)
    files["manifest.json"] = json.dumps(manifest, indent=2, ensure_ascii=False).encode()
    sums = _sums(files)
    signature, _ = signing.sign(variant.region, sums)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in sorted(files.items()):
            archive.writestr(name, data)
        archive.writestr(SUMS, sums)
        archive.writestr(SIGNATURE, signature)
    return buffer.getvalue()


@dataclass(frozen=True)
class Verified:
    manifest: dict[str, Any]
    config: dict[str, Any]
    logo: bytes
    signed: bool  # False when an admin trusted an unsigned or unverifiable bundle
    fingerprint: str


def _read(data: bytes) -> dict[str, bytes]:
    if len(data) > MAX_BYTES:
        raise BundleRefused("the bundle is larger than 5 MB", "file")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return {i.filename: archive.read(i) for i in archive.infolist() if not i.is_dir()}
    except (zipfile.BadZipFile, ValueError) as exc:
        raise BundleRefused(
            f"this is not a kotacerdas bundle (not a zip file: {exc})", "file"
        ) from None


def _check_signature(files: dict[str, bytes], manifest: dict[str, Any]) -> str | None:
    """None when the sums and signature hold, else what is wrong."""
    content = {n: d for n, d in files.items() if n not in (SUMS, SIGNATURE)}
    if SUMS not in files or SIGNATURE not in files:
        return "the bundle is not signed"
    if files[SUMS] != _sums(content):
        return "the bundle was changed after it was signed: its files do not match SHA256SUMS"
    pem = str(manifest.get("publisher", {}).get("public_key", ""))
    if not signing.verify(pem, files[SIGNATURE], files[SUMS]):
        return "the signature does not verify against the publisher's key"
    code = str(manifest["publisher"].get("code", ""))
    known = TrustedKey.objects.filter(region_code=code).first()
    own = SigningKey.objects.unscoped("compare with our own key").filter(region__code=code).first()
    expected = known.public_pem if known else own.public_pem if own else None
    if expected is not None and signing.fingerprint(expected) != signing.fingerprint(pem):
        return f"the bundle is signed by a different key than the one known for region {code}"
    return None


def verify(data: bytes, trust_unsigned: bool = False) -> Verified:
    """The bundle's content when it may be imported here, else ``BundleRefused``."""
    files = _read(data)
    try:
        manifest = json.loads(files["manifest.json"])
        config = json.loads(files["config.json"])
    except (KeyError, ValueError) as exc:
        raise BundleRefused(
            f"the bundle lacks a readable manifest.json or config.json ({exc})", "file"
        ) from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BundleRefused(f"unknown bundle format; this installation reads {FORMAT}", "file")
    problem = _check_signature(files, manifest)
    if problem and not trust_unsigned:
        raise BundleRefused(
            f"{problem}. Refused; an admin may import it as trusted anyway.", "signature"
        )
    pem = str(manifest.get("publisher", {}).get("public_key", ""))
    return Verified(
        manifest,
        config,
        files.get("assets/logo", b""),
        problem is None,
        signing.fingerprint(pem) if problem is None else "",
    )


def import_bundle(
    data: bytes, trust_unsigned: bool = False, user_id: int | None = None
) -> VariantVersion:
    """Add the bundle's variant version to this installation's catalog; all or nothing."""
    bundle = verify(data, trust_unsigned)
    meta = bundle.manifest
    try:
        key, app_version = str(meta["app"]["key"]), str(meta["app"]["version"])
        number, code = str(meta["version"]["version"]), str(meta["publisher"]["code"])
    except (KeyError, TypeError):
        raise BundleRefused("the manifest lacks app, version or publisher", "file") from None
    app = get_app(key)
    if app is None:
        raise BundleRefused(f"this installation does not have the app {key!r}", "app")
    try:
        check_app_version(app, app_version)
    except CatalogError as exc:
        raise BundleRefused(exc.message, "app_version") from None
    try:
        config = validate_config(app.manifest.config_schema, bundle.config)
    except ConfigInvalid as exc:
        raise BundleRefused(
            f"the configuration breaks {key}'s schema at {exc.field}: {exc.message}", exc.field
        ) from None
    publisher = Region.objects.filter(code=code).first()
    if publisher is None:
        raise BundleRefused(
            f"the publisher region {code} does not exist on this installation", "publisher"
        )
    with transaction.atomic():
        variant, _ = Variant.objects.scoped(SYSTEM, Action.CHANGE).get_or_create(
            region=publisher,
            app_key=key,
            defaults={
                "name": str(meta["variant"]["name"]),
                "sharing": str(meta["variant"]["sharing"]),
            },
        )
        existing = (
            VariantVersion.objects.scoped(SYSTEM).filter(variant=variant, version=number).first()
        )
        if existing is not None:
            if existing.config != config:
                raise BundleRefused(
                    f"{variant.name} v{number} exists here with another configuration", "version"
                )
            return existing
        version = VariantVersion.objects.scoped(SYSTEM, Action.CHANGE).create(
            variant=variant,
            version=number,
            changelog=str(meta["version"]["changelog"]),
            config=config,
            app_version=app_version,
            logo=bundle.logo,
            logo_type=str(meta.get("logo_type", "")),
            published_by_id=user_id,
        )
        if bundle.signed and not TrustedKey.objects.filter(region_code=code).exists():
            TrustedKey.objects.create(
                region_code=code,
                public_pem=str(meta["publisher"]["public_key"]),
                fingerprint=bundle.fingerprint,
                trusted_by_id=user_id,
            )
        return version
