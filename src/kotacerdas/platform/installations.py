"""Enabling apps for a region and changing their configuration."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from kotacerdas.contract import SmartCityApp, get_app
from kotacerdas.core.audit import record
from kotacerdas.core.models import AppInstallation, Region
from kotacerdas.core.services.config_schema import ConfigInvalid, validate_config
from kotacerdas.core.tenancy import Action, Scope


class UnknownApp(LookupError):
    def __init__(self, key: str) -> None:
        super().__init__(f"no installed app has the key {key!r}")
        self.key = key


class NotAllowed(PermissionError):
    """The caller's scope does not reach this region for this action."""


def require_app(key: str) -> SmartCityApp:
    app = get_app(key)
    if app is None:
        raise UnknownApp(key)
    return app


def enable_app(
    scope: Scope, region: Region, key: str, config: dict[str, Any] | None = None
) -> AppInstallation:
    """Enable (or re-configure) ``key`` for ``region``; all-or-nothing."""
    app = require_app(key)
    if not scope.can(Action.CHANGE, AppInstallation, region.pk):
        raise NotAllowed(f"you may not change the apps of {region.name}")
    valid = validate_config(app.manifest.config_schema, config or {})
    with transaction.atomic():
        rows = AppInstallation.objects.scoped(scope, Action.CHANGE)
        installation = rows.filter(region=region, app_key=key).first()
        if installation is None:
            installation = rows.create(
                region=region, app_key=key, config=valid, app_version=app.manifest.version
            )
            _audit(scope, region, key, "app.enabled", {"version": app.manifest.version})
            return installation
        changed = changed_keys(installation.config, valid)
        was_enabled = installation.enabled
        installation.config = valid
        installation.enabled = True
        installation.app_version = app.manifest.version
        installation.save()
        if not was_enabled:
            _audit(scope, region, key, "app.enabled", {"version": app.manifest.version})
        if changed:
            _audit(scope, region, key, "config.changed", {"keys": changed})
        return installation


def update_config(
    scope: Scope, region: Region, key: str, config: dict[str, Any]
) -> AppInstallation:
    """Replace the configuration of an enabled app, or raise and change nothing."""
    app = require_app(key)
    valid = validate_config(app.manifest.config_schema, config)
    with transaction.atomic():
        installation = (
            AppInstallation.objects.scoped(scope, Action.CHANGE)
            .select_for_update()
            .filter(region=region, app_key=key)
            .first()
        )
        if installation is None:
            raise NotAllowed(f"{key} is not enabled for {region.name}, or you may not change it")
        changed = changed_keys(installation.config, valid)
        installation.config = valid
        installation.save(update_fields=["config", "updated_at"])
        if changed:
            _audit(scope, region, key, "config.changed", {"keys": changed})
        return installation


def changed_keys(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """The top-level keys whose value differs (added and removed ones included)."""
    missing = object()
    return sorted(
        k for k in before.keys() | after.keys() if before.get(k, missing) != after.get(k, missing)
    )


def _audit(scope: Scope, region: Region, key: str, action: str, detail: dict[str, Any]) -> None:
    """One audit entry, inside the caller's transaction."""
    record(
        action,
        region=region,
        actor_id=scope.user_id,
        actor_label="" if scope.user_id is not None else "system",
        app_key=key,
        target=key,
        detail=detail,
    )


def enabled_apps(region: Region) -> list[tuple[SmartCityApp, AppInstallation]]:
    """The apps a region runs, for its public page and the situation room."""
    rows = AppInstallation.objects.scoped(Scope.public()).filter(region=region, enabled=True)
    pairs = []
    for row in rows:
        app = get_app(row.app_key)
        if app is not None:  # an uninstalled package leaves its rows; they just stop showing
            pairs.append((app, row))
    return pairs


__all__ = [
    "ConfigInvalid",
    "NotAllowed",
    "UnknownApp",
    "enable_app",
    "enabled_apps",
    "require_app",
    "update_config",
]
