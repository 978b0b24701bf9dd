"""Finds installed apps through the ``kotacerdas.apps`` entry point group."""

from __future__ import annotations

import logging
from functools import cache
from importlib.metadata import entry_points

from django.core.exceptions import AppRegistryNotReady

from kotacerdas.contract.app import SmartCityApp
from kotacerdas.contract.manifest import ManifestError

ENTRY_POINT_GROUP = "kotacerdas.apps"
log = logging.getLogger(__name__)


@cache
def load_apps() -> dict[str, SmartCityApp]:
    """Every installed app by key, in a stable order. A broken plugin fails loudly, by name."""
    found: dict[str, SmartCityApp] = {}
    for ep in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
        try:
            target = ep.load()
        except AppRegistryNotReady as exc:
            raise ManifestError(
                f"app {ep.name!r}: its plugin module imports models at import time; "
                "plugin modules are loaded with the settings, so import models inside hooks"
            ) from exc
        except ImportError as exc:
            raise ManifestError(f"app entry point {ep.name!r} cannot be imported: {exc}") from exc
        app = target() if isinstance(target, type) else target
        if not isinstance(app, SmartCityApp):
            raise ManifestError(f"app entry point {ep.name!r} is not a SmartCityApp")
        if app.key != ep.name:
            raise ManifestError(
                f"app entry point {ep.name!r} declares manifest key {app.key!r}; they must match"
            )
        if app.key in found:
            raise ManifestError(f"two installed packages both provide app {app.key!r}")
        found[app.key] = app
    return found


def all_apps() -> list[SmartCityApp]:
    return list(load_apps().values())


def get_app(key: str) -> SmartCityApp | None:
    return load_apps().get(key)


def django_apps() -> list[str]:
    """Dotted Django app paths for INSTALLED_APPS."""
    return [app.django_app for app in all_apps()]
