"""Issuing, revoking and checking machine clients' API keys, for every app alike.

Keys are 32 random bytes shown once; only their SHA-256 is stored (a fast hash suffices for
random keys: there is nothing to guess by dictionary). A check is kept for
``CACHE_SECONDS`` per process so the hot paths (Open311 POSTs, sensor batches) do not read
the key on every request. That is also the documented bound on revocation: the revoking
process forgets at once, every other server process within ``CACHE_SECONDS``.

The time a key was last used is written at most once a minute per key, when the kept
check is renewed, so a busy client does not add a write to every request.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import threading
import time

from django.db import transaction
from django.utils import timezone

from kotacerdas.core.audit import record
from kotacerdas.core.models import Region
from kotacerdas.core.models.keys import ApiKey
from kotacerdas.core.tenancy import Action, Scope
from kotacerdas.core.vocab import KeyGrant

CACHE_SECONDS = 5.0
LAST_USED_EVERY = dt.timedelta(minutes=1)
SYSTEM = "checking a machine client's API key"
_lock = threading.Lock()
_cache: dict[str, tuple[float, KeyGrant | None]] = {}
_used: set[int] = set()


class KeyRefused(PermissionError):
    """The key cannot be issued or revoked; the message says why, for the caller."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def digest(clear: str) -> str:
    return hashlib.sha256(clear.encode()).hexdigest()


def issue_key(
    scope: Scope,
    region: Region,
    app_key: str,
    name: str,
    *,
    subject: tuple[str, int] | None = None,
    expires_at: dt.datetime | None = None,
    prefix: str = "kc_",
    clear: str = "",
) -> tuple[ApiKey, str]:
    """A new key and its clear text, which is never shown again. Region admins only.

    ``clear`` is for the demo's well-known keys; everything else gets a random key.
    """
    if not scope.is_region_admin(region.pk):
        raise KeyRefused("region", "only the region admin may issue API keys")
    name = " ".join(name.split())
    if not name or len(name) > 120:
        raise KeyRefused("name", "give the key a name of at most 120 characters")
    if expires_at is not None and expires_at <= timezone.now():
        raise KeyRefused("expires_at", "the expiry must be in the future")
    clear = clear or prefix + secrets.token_urlsafe(32)
    kind, subject_id = subject if subject else ("", None)
    with transaction.atomic():
        row = ApiKey.objects.scoped(scope, Action.CHANGE).create(
            region=region,
            app_key=app_key,
            name=name,
            subject_kind=kind,
            subject_id=subject_id,
            prefix=clear[:8],
            digest=digest(clear),
            created_by_id=scope.user_id,
            expires_at=expires_at,
        )
        record(
            "key.issued",
            region=region,
            actor_id=scope.user_id,
            app_key=app_key,
            target=f"{name} ({row.prefix}…)",
            detail={"key_id": row.pk, "subject": [kind, subject_id] if kind else None},
        )
    return row, clear


def revoke_key(scope: Scope, region: Region, app_key: str, key_id: object) -> ApiKey:
    """Revoke one of the region's keys of ``app_key``; any other id is 'no such key'."""
    try:
        pk = int(str(key_id))
    except ValueError:
        raise KeyRefused("key", "no such key in this region") from None
    with transaction.atomic():
        row = (
            ApiKey.objects.scoped(scope, Action.CHANGE)
            .select_for_update()
            .filter(region=region, app_key=app_key, pk=pk)
            .first()
        )
        if row is None:
            raise KeyRefused("key", "no such key in this region")
        if row.revoked_at is None:
            row.revoked_at = timezone.now()
            row.save(update_fields=["revoked_at"])
            record(
                "key.revoked",
                region=region,
                actor_id=scope.user_id,
                app_key=app_key,
                target=f"{row.name} ({row.prefix}…)",
                detail={"key_id": row.pk},
            )
    forget_cached_keys()
    return row


def keys_of(scope: Scope, region: Region, app_key: str) -> list[ApiKey]:
    """The region's keys of one app, newest first, for the console."""
    return list(ApiKey.objects.scoped(scope).filter(region=region, app_key=app_key))


def check_key(clear: str | None) -> KeyGrant | None:
    """The grant of an active key, or ``None`` (unknown, revoked, expired or empty)."""
    if not clear or len(clear) > 200:
        return None
    now = time.monotonic()
    hit = _cache.get(clear)
    if hit is None or hit[0] < now:
        hit = (now + CACHE_SECONDS, _load(clear))
        with _lock:
            if len(_cache) > 10_000:
                _cache.clear()
            _cache[clear] = hit
    grant = hit[1]
    if grant is not None:
        _used.add(grant.key_id)
    return grant


def _load(clear: str) -> KeyGrant | None:
    row = (
        ApiKey.objects.unscoped(SYSTEM)
        .filter(digest=digest(clear), revoked_at__isnull=True)
        .values_list(
            "pk", "region_id", "app_key", "subject_kind", "subject_id", "expires_at", "last_used_at"
        )
        .first()
    )
    if row is None:
        return None
    pk, region_id, app_key, kind, subject_id, expires_at, last_used = row
    now = timezone.now()
    if expires_at is not None and expires_at <= now:
        return None
    if pk in _used and (last_used is None or now - last_used > LAST_USED_EVERY):
        _used.discard(pk)
        ApiKey.objects.unscoped(SYSTEM).filter(pk=pk).update(last_used_at=now)
    elif last_used is None:
        # The first use is written at once, so the console shows the key works.
        ApiKey.objects.unscoped(SYSTEM).filter(pk=pk).update(last_used_at=now)
    return KeyGrant(pk, region_id, app_key, kind, subject_id)


def forget_cached_keys() -> None:
    with _lock:
        _cache.clear()
