"""Bundles: one zip file carrying a variant version between installations.

Inside: ``manifest.json`` (app, variant, version, publisher and its public key),
``config.json``, ``assets/logo`` when there is one, ``SHA256SUMS`` (a SHA-256 line per
file) and ``SHA256SUMS.sig`` (the publisher region's Ed25519 signature of ``SHA256SUMS``).

Reading is bounded: at most 5 MB compressed, 20 members, 20 MB uncompressed in all and 1 MB
per asset, checked from the zip's headers and again while inflating (in chunks, with a
running cap), so a bundle whose headers lie cannot allocate more than the limits.

Trust has three states (``verify``):

- *verified*: signed by an active registered key of the publisher, a region of this
  installation (``signing.py``);
- *unverified*: unsigned, or signed by a key this installation does not know (a publisher
  from another installation). Importable only as an imported copy inside the importing
  region, and only with explicit "trust unsigned" consent. Nothing is pinned.
- *refused*: files that do not match their sums, a signature that does not verify, or a
  bundle claiming a region of this installation without that region's registered key.

Where it goes (``import_bundle``): a region admin imports into their own region only, as
the publisher when the bundle is their own region's, else as a labelled imported copy; the
platform admin (CLI without ``--region``, or the console) imports a verified bundle as its
publisher. Every import and every refusal is written to the audit log.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from dataclasses import dataclass
from typing import Any, Literal

from django.db import transaction
from django.utils.translation import gettext as _

from kotacerdas.catalog.models import SigningKey, Variant, VariantVersion
from kotacerdas.catalog.services import manifest as manifests
from kotacerdas.catalog.services import signing
from kotacerdas.catalog.services.errors import BundleRefused
from kotacerdas.contract import get_app
from kotacerdas.core import audit
from kotacerdas.core.models import Region
from kotacerdas.core.services.config_schema import ConfigInvalid, validate_config
from kotacerdas.core.tenancy import Action, Scope

FORMAT = manifests.FORMAT
SUMS, SIGNATURE = "SHA256SUMS", "SHA256SUMS.sig"
LOGO = "assets/logo"
MAX_BYTES = 5 * 1024 * 1024  # the bundle file, compressed
MAX_TOTAL = 20 * 1024 * 1024  # every member, uncompressed
MAX_ASSET = 1024 * 1024  # each file under assets/, uncompressed
MAX_MEMBERS = 20
CHUNK = 64 * 1024
COPY_PREFIX = "Salinan impor: "
READ = Scope.system("an import reads the existing versions of the variant it writes to")

State = Literal["verified", "unverified"]


def _sums(files: dict[str, bytes]) -> bytes:
    lines = [f"{hashlib.sha256(data).hexdigest()}  {name}" for name, data in sorted(files.items())]
    return ("\n".join(lines) + "\n").encode()


def export(version: VariantVersion) -> bytes:
    """The signed bundle of ``version``."""
    variant = version.variant
    app = get_app(variant.app_key)
    key = signing.signing_key(variant.region)
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
            "public_key": key.public_pem,
        },
        "logo_type": version.logo_type,
    }
    files = {"config.json": json.dumps(version.config, indent=2, sort_keys=True).encode()}
    if version.logo:
        files[LOGO] = bytes(version.logo)
    files["manifest.json"] = json.dumps(manifest, indent=2, ensure_ascii=False).encode()
    sums = _sums(files)
    signature, _pem = signing.sign(variant.region, sums)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in sorted(files.items()):
            archive.writestr(name, data)
        archive.writestr(SUMS, sums)
        archive.writestr(SIGNATURE, signature)
    return buffer.getvalue()


def _member_cap(name: str) -> int:
    return MAX_ASSET if name.startswith("assets/") else MAX_TOTAL


def _too_big(name: str) -> BundleRefused:
    if name.startswith("assets/"):
        return BundleRefused(
            _("%(name)s expands to more than 1 MB; an asset may be at most 1 MB.") % {"name": name},
            name,
        )
    return BundleRefused(
        _("the bundle expands to more than 20 MB; at most 20 MB uncompressed are allowed."),
        "file",
    )


def _read(data: bytes) -> dict[str, bytes]:
    """The members of the zip, within the limits (headers first, then while inflating)."""
    if len(data) > MAX_BYTES:
        raise BundleRefused(
            _("the bundle is larger than 5 MB (%(size)d bytes).") % {"size": len(data)}, "file"
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise BundleRefused(
            _("this is not a kotacerdas bundle (not a zip file: %(error)s).") % {"error": exc},
            "file",
        ) from None
    with archive:
        members = [i for i in archive.infolist() if not i.is_dir()]
        if len(archive.infolist()) > MAX_MEMBERS:
            raise BundleRefused(
                _("the bundle has %(n)d members; at most %(max)d are allowed.")
                % {"n": len(archive.infolist()), "max": MAX_MEMBERS},
                "file",
            )
        names = [i.filename for i in members]
        if len(set(names)) != len(names):
            raise BundleRefused(_("the bundle holds the same file twice."), "file")
        declared = 0
        for info in members:
            if info.file_size > _member_cap(info.filename):
                raise _too_big(info.filename)
            declared += info.file_size
        if declared > MAX_TOTAL:
            raise _too_big("")
        files: dict[str, bytes] = {}
        total = 0
        try:
            for info in members:
                cap = _member_cap(info.filename)
                parts: list[bytes] = []
                size = 0
                with archive.open(info) as stream:
                    while chunk := stream.read(CHUNK):
                        size += len(chunk)
                        total += len(chunk)
                        if size > cap:
                            raise _too_big(info.filename)
                        if total > MAX_TOTAL:
                            raise _too_big("")
                        parts.append(chunk)
                files[info.filename] = b"".join(parts)
        except BundleRefused:
            raise
        except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError) as exc:
            raise BundleRefused(
                _("this is not a kotacerdas bundle (a damaged zip file: %(error)s).")
                % {"error": exc},
                "file",
            ) from None
    return files


@dataclass(frozen=True)
class Checked:
    """A bundle that may be imported (``state``) and what it carries."""

    manifest: manifests.Manifest
    config: dict[str, Any]
    logo: bytes
    logo_type: str
    state: State
    publisher: Region | None  # the claimed publisher when it is a region of this installation
    key: SigningKey | None  # the registered key that verified it
    problem: str  # why it is unverified ("" when verified)

    @property
    def verified(self) -> bool:
        return self.state == "verified"

    @property
    def signed(self) -> bool:  # the former name
        return self.verified


def _json(files: dict[str, bytes], name: str) -> Any:
    if name not in files:
        raise BundleRefused(_("the bundle has no %(name)s.") % {"name": name}, "file")
    try:
        return json.loads(files[name])
    except (ValueError, UnicodeDecodeError) as exc:
        raise BundleRefused(
            _("%(name)s is not readable JSON (%(error)s).") % {"name": name, "error": exc}, "file"
        ) from None


def verify(
    data: bytes, trust_unsigned: bool = False, claimed: dict[str, str] | None = None
) -> Checked:
    """The bundle's content and trust state when it may be imported, else ``BundleRefused``
    naming the field. ``trust_unsigned`` is the admin's consent to an unverified bundle;
    ``claimed`` receives the publisher the manifest claims, for the audit log."""
    files = _read(data)
    meta = manifests.parse(_json(files, "manifest.json"))
    if claimed is not None:
        claimed.update(code=meta.publisher.code, name=meta.publisher.name)
    config = _json(files, "config.json")
    if not isinstance(config, dict):
        raise BundleRefused(_("config.json is not a JSON object."), "config")
    logo, logo_type = files.get(LOGO, b""), ""
    if logo:
        try:
            logo_type = manifests.check_logo(logo)
        except manifests.LogoRefused as exc:
            raise BundleRefused(f"{LOGO}: {exc.message}", LOGO) from None
    content = {n: d for n, d in files.items() if n not in (SUMS, SIGNATURE)}
    has_sums = SUMS in files
    if has_sums and files[SUMS] != _sums(content):
        raise BundleRefused(
            _("the bundle was changed after it was signed: its files do not match SHA256SUMS."),
            "file",
        )
    signed = has_sums and SIGNATURE in files
    code, name = meta.publisher.code, meta.publisher.name
    publisher = Region.objects.filter(code=code).first()
    key: SigningKey | None = None
    problem = ""
    if publisher is not None:
        # A region of this installation: only its registered key can speak for it.
        if signed:
            key = signing.verifying_key(publisher, files[SIGNATURE], files[SUMS])
        if key is None:
            raise BundleRefused(
                _(
                    "publisher: the bundle claims %(name)s (%(code)s), a region of this "
                    "installation, but is not signed by a registered key of %(name)s. Refused."
                )
                % {"name": publisher.name, "code": code},
                "publisher",
            )
    elif not signed:
        problem = _("the bundle is not signed")
    elif not signing.verify(meta.publisher.public_key, files[SIGNATURE], files[SUMS]):
        raise BundleRefused(
            _("the signature does not verify against the key in the manifest. Refused."),
            "signature",
        )
    else:
        problem = _("the bundle is signed by a key this installation does not know (%(name)s)") % {
            "name": name
        }
    if problem and not trust_unsigned:
        raise BundleRefused(
            _(
                "%(problem)s: it is unverified. An admin may import it only as an imported "
                "copy into their region, trusting it explicitly."
            )
            % {"problem": problem},
            "signature",
        )
    return Checked(
        meta,
        config,
        logo,
        logo_type,
        "unverified" if problem else "verified",
        publisher,
        key,
        problem,
    )


@dataclass(frozen=True)
class Imported:
    version: VariantVersion
    state: State
    copy: bool  # an imported copy inside the importing region
    created: bool  # False when the same version was already here


def _target(scope: Scope, region: Region | None, bundle: Checked) -> tuple[Region, bool]:
    """(the region the variant is written in, whether it is an imported copy)."""
    publisher = bundle.publisher
    if region is not None and not scope.is_region_admin(region.pk):
        raise BundleRefused(
            _("only an admin of %(region)s may import bundles into it.") % {"region": region.name},
            "region",
        )
    if bundle.verified and publisher is not None:
        if region is None or region.pk == publisher.pk:
            if not scope.is_region_admin(publisher.pk):
                raise BundleRefused(
                    _("only an admin of %(region)s may import its bundles.")
                    % {"region": publisher.name},
                    "publisher",
                )
            return publisher, False
        if scope.is_platform_admin:
            return publisher, False
    if region is None:
        raise BundleRefused(
            _(
                "an unverified bundle, or one published outside this installation, can only be "
                "imported as a copy into a region: name the region (--region)."
            ),
            "region",
        )
    return region, True


def _write(scope: Scope, region: Region | None, bundle: Checked, user_id: int | None) -> Imported:
    meta = bundle.manifest
    app = meta.app.app
    try:
        validate_config(app.manifest.config_schema, bundle.config)
    except ConfigInvalid as exc:
        raise BundleRefused(
            _("the configuration breaks %(key)s's schema at %(field)s: %(message)s")
            % {"key": app.key, "field": exc.field, "message": exc.message},
            exc.field,
        ) from None
    # Stored as the publisher wrote it (validated, no defaults filled in), so the same
    # version imported twice compares equal.
    config = bundle.config
    target, copy = _target(scope, region, bundle)
    source_code = meta.publisher.code if copy else ""
    if copy and bundle.publisher is not None and bundle.publisher.pk == target.pk:
        raise BundleRefused(_("an imported copy of a region's own bundle is not needed."), "region")
    source_name = (bundle.publisher.name if bundle.publisher else meta.publisher.name)[:200]
    derived = None
    if copy and bundle.publisher is not None:
        derived = (
            VariantVersion.objects.scoped(READ)
            .filter(
                variant__region=bundle.publisher,
                variant__app_key=app.key,
                variant__imported_from_code="",
                version=meta.version,
            )
            .first()
        )
    variants = Variant.objects.scoped(scope, Action.CHANGE)
    variant = variants.filter(
        region=target, app_key=app.key, imported_from_code=source_code
    ).first()
    if variant is None:
        variant = variants.create(
            region=target,
            app_key=app.key,
            imported_from_code=source_code,
            imported_from_name=source_name if copy else "",
            name=(COPY_PREFIX + meta.variant_name)[:120] if copy else meta.variant_name,
            # A copy is shared no wider than with the importing region's partners until
            # its admin publishes it wider; the publisher's own variant keeps its scope.
            sharing="partners" if copy else meta.sharing,
            derived_from=derived,
        )
    existing = VariantVersion.objects.scoped(READ).filter(variant=variant, version=meta.version)
    found = existing.first()
    if found is not None:
        if found.config != config:
            raise BundleRefused(
                _("%(name)s v%(version)s exists here with another configuration.")
                % {"name": variant.name, "version": meta.version},
                "version.version",
            )
        return Imported(found, bundle.state, copy, False)
    version = VariantVersion.objects.scoped(scope, Action.CHANGE).create(
        variant=variant,
        version=meta.version,
        changelog=meta.changelog,
        config=config,
        app_version=meta.app.version,
        logo=bundle.logo,
        logo_type=bundle.logo_type,
        published_by_id=user_id,
    )
    return Imported(version, bundle.state, copy, True)


def import_bundle(
    data: bytes,
    scope: Scope,
    region: Region | None = None,
    trust_unsigned: bool = False,
    user_id: int | None = None,
    actor_label: str = "",
) -> Imported:
    """Import a bundle; all or nothing, and audited either way.

    ``region`` is the importing region (the console's, ``--region``); None for the
    platform admin importing as the publisher.
    """
    digest = hashlib.sha256(data).hexdigest()
    claimed: dict[str, str] = {}
    try:
        with transaction.atomic():
            bundle = verify(data, trust_unsigned, claimed)
            result = _write(scope, region, bundle, user_id)
            version = result.version
            audit.record(
                "catalog.imported",
                region=version.variant.region_id,
                actor_id=user_id,
                actor_label=actor_label or ("" if user_id else "import"),
                app_key=version.variant.app_key,
                target=f"{version.variant.name} v{version.version}"[:200],
                detail={
                    "variant_id": version.variant_id,
                    "version": version.version,
                    "publisher": claimed,
                    "state": result.state,
                    "copy": result.copy,
                    "created": result.created,
                    "key": bundle.key.fingerprint if bundle.key else "",
                    "unverified_because": bundle.problem,
                    "sha256": digest,
                },
            )
            return result
    except BundleRefused as exc:
        with transaction.atomic():
            audit.record(
                "catalog.import_refused",
                region=region,
                actor_id=user_id,
                actor_label=actor_label or ("" if user_id else "import"),
                app_key="catalog",
                target=_("bundle %(sha)s") % {"sha": digest[:16]},
                detail={
                    "field": exc.field or "",
                    "message": exc.message[:1000],
                    "publisher": claimed,
                    "trust_unsigned": trust_unsigned,
                    "sha256": digest,
                },
            )
        raise
