"""Ingest keys: issued once in clear, stored as SHA-256, looked up per request.

Keys are 32 random bytes, so a fast hash is enough (no password stretching needed); the
lookup is cached for a few seconds per process to keep it off the hot path, which is also
how long a revocation takes to reach other processes (this process forgets at once).
"""

from __future__ import annotations

import hashlib
import secrets
import time
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from kotacerdas.apps.sensor_kota.ingest.errors import KeyRejected
from kotacerdas.apps.sensor_kota.models import IngestKey, Station
from kotacerdas.core.models import Region
from kotacerdas.core.tenancy import Action, Scope

CACHE_SECONDS = 5.0
_cache: dict[str, tuple[float, KeyGrant | None]] = {}


@dataclass(frozen=True)
class KeyGrant:
    """What a key may write: every sensor of a region (gateway) or one station's (device)."""

    key_id: int
    region_id: int
    station_id: int | None


def digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def issue_key(
    scope: Scope, region: Region, name: str, station: Station | None = None, clear: str = ""
) -> tuple[IngestKey, str]:
    """Create a key and return it with its clear text, which is never shown again."""
    clear = clear or "kc_" + secrets.token_urlsafe(32)
    with transaction.atomic():
        row = IngestKey.objects.scoped(scope, Action.CHANGE).create(
            region=region, name=name, station=station, prefix=clear[:8], digest=digest(clear)
        )
    return row, clear


def revoke_key(scope: Scope, key_id: int) -> IngestKey:
    with transaction.atomic():
        row = IngestKey.objects.scoped(scope, Action.CHANGE).select_for_update().get(pk=key_id)
        if row.revoked_at is None:
            row.revoked_at = timezone.now()
            row.save(update_fields=["revoked_at"])
    _cache.clear()
    return row


def authenticate(clear: str | None) -> KeyGrant:
    if not clear:
        raise KeyRejected("missing ingest key: send 'Authorization: Bearer <key>'")
    now = time.monotonic()
    hit = _cache.get(clear)
    if hit is None or hit[0] < now:
        row = (
            IngestKey.objects.unscoped("authenticating an ingest key")
            .filter(digest=digest(clear), revoked_at__isnull=True)
            .values_list("pk", "region_id", "station_id")
            .first()
        )
        grant = KeyGrant(*row) if row else None
        if len(_cache) > 10_000:
            _cache.clear()
        _cache[clear] = hit = (now + CACHE_SECONDS, grant)
    if hit[1] is None:
        raise KeyRejected("unknown or revoked ingest key")
    return hit[1]


def forget_cached_keys() -> None:
    _cache.clear()
