"""Each region's registered Ed25519 keys (``cryptography``): sign exports, verify imports,
register, generate, rotate with an overlap, retire. Every key change is audited."""

from __future__ import annotations

import datetime as dt
import hashlib
import re

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kotacerdas.catalog.models import SigningKey
from kotacerdas.catalog.services.errors import CatalogError
from kotacerdas.catalog.services.visibility import today
from kotacerdas.core import audit
from kotacerdas.core.models import Region
from kotacerdas.core.tenancy import Action, Scope

SYSTEM = "a region's signing key, read only to sign its own exports"
VERIFY = Scope.system("verifying a bundle against the claimed region's registered keys")
MAX_PEM = 4096
PEM_BLOCK = re.compile(r"-----BEGIN PUBLIC KEY-----[A-Za-z0-9+/=\s]+-----END PUBLIC KEY-----")


class KeyRefused(CatalogError):
    """A key that cannot be registered or retired (bad PEM, not Ed25519, not yours)."""


def public_pem(key: Ed25519PublicKey) -> str:
    return key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode()


def load_public(pem: str) -> Ed25519PublicKey | None:
    """The Ed25519 public key in ``pem``, or None when it is not one."""
    try:
        key = serialization.load_pem_public_key(pem.strip().encode())
    except (ValueError, TypeError, UnicodeError):
        return None
    return key if isinstance(key, Ed25519PublicKey) else None


def fingerprint(pem: str) -> str:
    """SHA-256 of the raw public key, in hex: what admins compare by phone ("" if no key)."""
    key = load_public(pem)
    if key is None:
        return ""
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()


def keys_of(scope: Scope, region: Region) -> list[SigningKey]:
    """The region's registered keys, newest first (region readers)."""
    return list(SigningKey.objects.scoped(scope).filter(region=region).defer("private_pem"))


def active_keys(region: Region, on: dt.date | None = None) -> list[SigningKey]:
    """The keys that verify ``region``'s bundles today (WIB), newest first."""
    on = on or today()
    rows = SigningKey.objects.scoped(VERIFY).filter(region=region, retired_at__isnull=True)
    return [k for k in rows if k.is_active(on)]


def _audit_key(action: str, key: SigningKey, user_id: int | None, **detail: object) -> None:
    audit.record(
        action,
        region=key.region_id,
        actor_id=user_id,
        actor_label="" if user_id else "system",
        app_key="catalog",
        target=f"key {key.fingerprint[:16]}",
        detail={"fingerprint": key.fingerprint, "label": key.label, **detail},
    )


def _require_admin(scope: Scope, region: Region) -> None:
    if not scope.is_region_admin(region.pk):
        raise KeyRefused(
            _("Only an admin of %(region)s may change its signing keys.") % {"region": region.name},
            "region",
        )


def _private_pem(private: Ed25519PrivateKey) -> str:
    return private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


def generate_key(
    scope: Scope, region: Region, user_id: int | None = None, label: str = ""
) -> SigningKey:
    """A new key pair for ``region``; its private part signs the region's exports."""
    _require_admin(scope, region)
    private = Ed25519PrivateKey.generate()
    pem = public_pem(private.public_key())
    with transaction.atomic():
        key = SigningKey.objects.scoped(scope, Action.CHANGE).create(
            region=region,
            label=label.strip()[:120] or _("generated here"),
            private_pem=_private_pem(private),
            public_pem=pem,
            fingerprint=fingerprint(pem),
            created_by_id=user_id,
        )
        _audit_key("catalog.key_registered", key, user_id, generated=True)
    return key


def register_key(
    scope: Scope, region: Region, pem: str, user_id: int | None = None, label: str = ""
) -> SigningKey:
    """Register a public key whose private part is kept elsewhere (another installation of
    the region, an offline signer). Refused, naming ``public_key``, unless Ed25519 PEM."""
    _require_admin(scope, region)
    pem = pem.strip()
    block = PEM_BLOCK.search(pem)
    if block is not None:  # the block alone, without a fingerprint line around it
        pem = block.group(0)
    if not pem:
        raise KeyRefused(_("Paste or upload a public key."), "public_key")
    if len(pem) > MAX_PEM:
        raise KeyRefused(_("This is too long to be a public key."), "public_key")
    key = load_public(pem)
    if key is None:
        raise KeyRefused(
            _("This is not an Ed25519 public key in PEM form (-----BEGIN PUBLIC KEY-----)."),
            "public_key",
        )
    pem = public_pem(key)
    print_ = fingerprint(pem)
    with transaction.atomic():
        rows = SigningKey.objects.scoped(scope, Action.CHANGE)
        if rows.filter(region=region, fingerprint=print_).exists():
            raise KeyRefused(
                _("This key is already registered for %(region)s.") % {"region": region.name},
                "public_key",
            )
        row = rows.create(
            region=region,
            label=label.strip()[:120],
            public_pem=pem,
            fingerprint=print_,
            created_by_id=user_id,
        )
        _audit_key("catalog.key_registered", row, user_id, generated=False)
    return row


def retire_key(
    scope: Scope,
    region: Region,
    key_id: object,
    until: dt.date | None = None,
    user_id: int | None = None,
) -> SigningKey:
    """Retire a key now (``until`` empty or not after today), or let it overlap with its
    successor until ``until`` (WIB), after which it verifies nothing."""
    _require_admin(scope, region)
    try:
        pk = int(str(key_id))
    except ValueError:
        raise KeyRefused(_("No such key."), "key") from None
    with transaction.atomic():
        key = (
            SigningKey.objects.scoped(scope, Action.CHANGE)
            .select_for_update()
            .filter(region=region, pk=pk)
            .first()
        )
        if key is None:
            raise KeyRefused(_("No such key."), "key")
        if key.retired_at is not None:
            raise KeyRefused(_("This key is already retired."), "key")
        now = today()
        if until is None or until <= now:
            key.retired_at = timezone.now()
            key.valid_until = min(key.valid_until or now, now)
        else:
            key.valid_until = until
        key.save(update_fields=["retired_at", "valid_until"])
        _audit_key(
            "catalog.key_retired",
            key,
            user_id,
            valid_until=key.valid_until.isoformat(),
            now=key.retired_at is not None,
        )
    return key


def signing_key(region: Region) -> SigningKey:
    """The key ``region``'s exports are signed with: its newest active key with a private
    part here; the first export of a region without one generates it (audited)."""
    rows = SigningKey.objects.unscoped(SYSTEM)
    on = today()
    for key in rows.filter(region=region, retired_at__isnull=True).exclude(private_pem=""):
        if key.is_active(on):
            return key
    return generate_key(
        Scope.region_system(region.pk, "first export of a region without a key pair"),
        region,
        label=_("generated on first export"),
    )


def key_of(region: Region) -> SigningKey:
    """Backwards-compatible name of ``signing_key``."""
    return signing_key(region)


def sign(region: Region, data: bytes) -> tuple[bytes, str]:
    """The signature of ``data`` by ``region``'s key, and the public key to check it."""
    stored = signing_key(region)
    private = serialization.load_pem_private_key(stored.private_pem.encode(), password=None)
    assert isinstance(private, Ed25519PrivateKey)
    return private.sign(data), stored.public_pem


def verify(pem: str, signature: bytes, data: bytes) -> bool:
    key = load_public(pem)
    if key is None:
        return False
    try:
        key.verify(signature, data)
    except InvalidSignature:
        return False
    return True


def verifying_key(region: Region, signature: bytes, data: bytes) -> SigningKey | None:
    """The active registered key of ``region`` that made ``signature``, if any."""
    for key in active_keys(region):
        if verify(key.public_pem, signature, data):
            return key
    return None
