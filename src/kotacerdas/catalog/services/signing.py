"""Each region's Ed25519 key pair (``cryptography``), created on first use."""

from __future__ import annotations

import hashlib

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from kotacerdas.catalog.models import SigningKey
from kotacerdas.core.models import Region

SYSTEM = "a region's signing key, read only to sign its own exports"


def key_of(region: Region) -> SigningKey:
    rows = SigningKey.objects.unscoped(SYSTEM)
    found = rows.filter(region=region).first()
    if found is not None:
        return found
    private = Ed25519PrivateKey.generate()
    return rows.create(
        region=region,
        private_pem=private.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ).decode(),
        public_pem=public_pem(private.public_key()),
    )


def public_pem(key: Ed25519PublicKey) -> str:
    return key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode()


def fingerprint(pem: str) -> str:
    """SHA-256 of the raw public key, in hex: what admins compare by phone."""
    key = serialization.load_pem_public_key(pem.encode())
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()


def sign(region: Region, data: bytes) -> tuple[bytes, str]:
    """The signature of ``data`` by ``region``'s key, and the public key to check it."""
    stored = key_of(region)
    private = serialization.load_pem_private_key(stored.private_pem.encode(), password=None)
    assert isinstance(private, Ed25519PrivateKey)
    return private.sign(data), stored.public_pem


def verify(pem: str, signature: bytes, data: bytes) -> bool:
    try:
        key = serialization.load_pem_public_key(pem.encode())
    except ValueError:
        return False
    if not isinstance(key, Ed25519PublicKey):
        return False
    try:
        key.verify(signature, data)
    except InvalidSignature:
        return False
    return True
