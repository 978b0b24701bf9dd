"""Open311 clients' API keys: the core's keys (``kotacerdas.core.keys``) for this app.

Issued from the staff console by the region admin, shown once, stored as SHA-256; the
platform checks them on every Open311 POST (``api_key``). This layer only fixes the app's
key and prefix and words the refusals for the console.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from kotacerdas.apps.aduan_warga.config import AduanContext
from kotacerdas.apps.aduan_warga.services import NotPermitted, ReportInvalid
from kotacerdas.core.keys import KeyRefused, issue_key, keys_of, revoke_key
from kotacerdas.core.models import ApiKey

PREFIX = "kc311_"


def client_keys(ctx: AduanContext) -> list[ApiKey]:
    """The region's Open311 keys, newest first (revoked ones included, marked inactive)."""
    return keys_of(ctx.scope, ctx.region, ctx.app_key)


def issue_client_key(ctx: AduanContext, name: str, clear: str = "") -> tuple[ApiKey, str]:
    """A new key and its clear text (the only time it is seen). ``clear`` is for the demo."""
    if not ctx.is_admin:
        raise NotPermitted(_("Only the region admin may issue API keys."))
    try:
        return issue_key(ctx.scope, ctx.region, ctx.app_key, name, prefix=PREFIX, clear=clear)
    except KeyRefused as refused:
        if refused.field == "name":
            raise ReportInvalid(
                "name", _("Give the client a name (at most 120 characters).")
            ) from None
        raise NotPermitted(_("Only the region admin may issue API keys.")) from None


def revoke_client_key(ctx: AduanContext, key_id: object) -> ApiKey:
    if not ctx.is_admin:
        raise NotPermitted(_("Only the region admin may issue API keys."))
    try:
        return revoke_key(ctx.scope, ctx.region, ctx.app_key, key_id)
    except KeyRefused:
        raise NotPermitted(_("No such client in this region.")) from None
