"""Open311 API keys: issued from the staff console, stored as SHA-256, shown once."""

from __future__ import annotations

import hashlib
import secrets

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from kotacerdas.apps.aduan_warga.models import ApiClient
from kotacerdas.apps.aduan_warga.services import NotPermitted, ReportInvalid
from kotacerdas.core.models import Region
from kotacerdas.core.tenancy import Action, Scope


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def issue_key(
    scope: Scope,
    region: Region,
    name: str,
    user_id: int | None = None,
    key: str | None = None,
) -> tuple[ApiClient, str]:
    """A new client and its key (the only time the key is seen). ``key`` is for the demo."""
    if not scope.is_region_admin(region.pk):
        raise NotPermitted(_("Only the region admin may issue API keys."))
    name = name.strip()
    if not name or len(name) > 120:
        raise ReportInvalid("name", _("Give the client a name (at most 120 characters)."))
    key = key or "kc311_" + secrets.token_urlsafe(24)
    client = ApiClient.objects.scoped(scope, Action.CHANGE).create(
        region=region, name=name, key_hash=key_hash(key), key_prefix=key[:8], created_by_id=user_id
    )
    return client, key


def revoke_key(scope: Scope, region: Region, client_id: int) -> None:
    rows = ApiClient.objects.scoped(scope, Action.CHANGE).filter(region=region, pk=client_id)
    if not rows.update(active=False):
        raise NotPermitted(_("No such client in this region."))
    from kotacerdas.apps.aduan_warga.open311 import answers  # the API depends on us, not back

    answers.forget()


def clients_holding(key: str) -> QuerySet[ApiClient]:
    """Active clients holding ``key``, any region: narrow it to the caller's region."""
    return ApiClient.objects.unscoped("Open311 checks a caller's key").filter(
        key_hash=key_hash(key), active=True
    )


def client_for_key(region: Region, key: str) -> ApiClient | None:
    """The active client of ``region`` holding ``key``; a key of another region is no key."""
    if not key:
        return None
    return clients_holding(key).filter(region=region).first()
