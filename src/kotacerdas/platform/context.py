"""Resolving an app's context once per request, hook call and job run.

One indexed query finds the region and the app's installation together (by slug or
Kemendagri code); the answer is kept ``CACHE_SECONDS`` per process, and forgotten at once in
this process when an installation or region is saved or deleted (other processes: within
``CACHE_SECONDS``, the same bound as API keys). The typed configuration is built once per
stored configuration text: validation against the app's schema with defaults filled (which
is also how configurations stored by older versions are upgraded), after the app's own
``upgrade_config``.
"""

from __future__ import annotations

import json
import threading
import time
from functools import lru_cache
from typing import Any

from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest

from kotacerdas.contract import Access, AppConfig, AppContext, SmartCityApp, get_app
from kotacerdas.core.models import AppInstallation, Region
from kotacerdas.core.services.config_schema import ConfigInvalid, validate_config
from kotacerdas.core.tenancy import Scope
from kotacerdas.core.vocab import KeyGrant

CACHE_SECONDS = 5.0
_lock = threading.Lock()
_found: dict[tuple[str, str], tuple[float, tuple[Region, AppInstallation] | None]] = {}


class ConfigBroken(RuntimeError):
    """The stored configuration no longer validates (edited by hand, or an app downgrade)."""

    def __init__(self, app_key: str, region: Region, problem: ConfigInvalid) -> None:
        super().__init__(f"{app_key} in {region.slug}: {problem}")
        self.app_key = app_key
        self.region = region
        self.problem = problem


def scope_of(request: HttpRequest) -> Scope:
    """The caller's scope, computed once per request."""
    cached: Scope | None = getattr(request, "_kotacerdas_scope", None)
    if cached is None:
        cached = Scope.for_user(request.user)
        request._kotacerdas_scope = cached  # type: ignore[attr-defined]
    return cached


@lru_cache(maxsize=256)
def _typed(app_key: str, text: str) -> AppConfig:
    app = get_app(app_key)
    assert app is not None
    stored = app.upgrade_config(json.loads(text))
    valid = validate_config(app.manifest.config_schema, stored)
    return app.config_model.model_validate(valid)


def typed_config(app: SmartCityApp, stored: dict[str, Any]) -> AppConfig:
    """The app's typed configuration for a stored one; ``ConfigInvalid`` when it is broken."""
    return _typed(app.key, json.dumps(stored, sort_keys=True, default=str))


def find_installation(app_key: str, region_ref: str | int) -> tuple[Region, AppInstallation] | None:
    """The region (by slug or code, or by id when ``region_ref`` is an int) and its enabled
    installation of ``app_key``, or ``None``."""
    ref = region_ref.strip()[:64] if isinstance(region_ref, str) else region_ref
    match = Q(region_id=ref) if isinstance(ref, int) else Q(region__slug=ref) | Q(region__code=ref)
    key = (app_key, f"#{ref}" if isinstance(ref, int) else ref)
    now = time.monotonic()
    hit = _found.get(key)
    if hit is not None and hit[0] >= now:
        return hit[1]
    row = (
        AppInstallation.objects.unscoped("which regions run an app is public")
        .filter(match, app_key=app_key, enabled=True)
        .select_related("region", "region__province")
        .first()
    )
    found = None if row is None else (row.region, row)
    with _lock:
        if len(_found) > 10_000:
            _found.clear()
        _found[key] = (now + CACHE_SECONDS, found)
    return found


def only_installation(app_key: str) -> tuple[Region, AppInstallation] | None:
    """The one region running ``app_key`` when exactly one does (Open311 without a
    jurisdiction), else ``None``."""
    rows = list(
        AppInstallation.objects.unscoped("which regions run an app is public")
        .filter(app_key=app_key, enabled=True)
        .select_related("region", "region__province")[:2]
    )
    return (rows[0].region, rows[0]) if len(rows) == 1 else None


def build(
    app: SmartCityApp,
    region: Region,
    installation: AppInstallation,
    scope: Scope,
    client: KeyGrant | None = None,
) -> AppContext[Any]:
    # The typed object rides on the installation row, which the resolution cache keeps:
    # a warm request neither encodes nor validates the configuration again.
    config: AppConfig | None = getattr(installation, "_kc_typed_config", None)
    if config is None:
        try:
            config = typed_config(app, installation.config)
        except ConfigInvalid as exc:
            raise ConfigBroken(app.key, region, exc) from exc
        installation._kc_typed_config = config  # type: ignore[attr-defined]
    return AppContext(
        app.key, region, installation, config, scope, Access.of(scope, region.pk), client
    )


def request_context(
    request: HttpRequest, app: SmartCityApp, region_ref: str, client: KeyGrant | None = None
) -> AppContext[Any] | None:
    """The context of ``app`` in the region ``region_ref`` for this request's caller, or
    ``None`` when the region is unknown or has not enabled the app."""
    found = find_installation(app.key, region_ref)
    if found is None:
        return None
    ctx = build(app, found[0], found[1], scope_of(request), client)
    request.app_context = ctx  # type: ignore[attr-defined]
    return ctx


def region_context(
    app: SmartCityApp, region: Region, scope: Scope | None = None
) -> AppContext[Any] | None:
    """The context of ``app`` in ``region`` for platform code (the room, jobs, the catalog):
    with ``scope``, for that caller; without, a system scope reaching only this region.
    ``None`` when the region has not enabled the app."""
    found = find_installation(app.key, region.slug)
    if found is None:
        return None
    reason = f"{app.key} for {region.slug}"
    return build(app, found[0], found[1], scope or Scope.region_system(region.pk, reason))


def context_for_installation(
    app: SmartCityApp, installation: AppInstallation, scope: Scope | None = None
) -> AppContext[Any]:
    """The context of an installation already read (the room reads them for every app)."""
    region = installation.region
    reason = f"{app.key} for {region.slug}"
    return build(app, region, installation, scope or Scope.region_system(region.pk, reason))


def forget_contexts(instance: object = None, **_: object) -> None:
    if instance is not None:
        vars(instance).pop("_kc_typed_config", None)
    with _lock:
        _found.clear()


post_save.connect(forget_contexts, sender=AppInstallation, dispatch_uid="kc-ctx-save")
post_delete.connect(forget_contexts, sender=AppInstallation, dispatch_uid="kc-ctx-delete")
post_save.connect(forget_contexts, sender=Region, dispatch_uid="kc-ctx-region-save")
post_delete.connect(forget_contexts, sender=Region, dispatch_uid="kc-ctx-region-delete")
