"""The console's navigation, built from every enabled app's declared entries.

Each app lists its console entries in the contract (``console_entries``) with who sees them
and, for work queues, a live count; the console shell shows one navigation for all the
region's apps, filtered by the caller's access, so no console page is reached only by
typing its URL.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language

from kotacerdas.core.models import Region
from kotacerdas.platform.context import ConfigBroken, context_for_installation, scope_of
from kotacerdas.platform.installations import enabled_apps

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    kind: str
    count: int | None = None


@dataclass
class NavGroup:
    app_key: str
    label: str
    items: list[NavItem] = field(default_factory=list)


def console_namespace(app_key: str) -> str:
    """The URL namespace of an app's staff pages (see ``kotacerdas.urls``)."""
    return app_key.replace("-", "_") + "-console"


def app_navigation(request: HttpRequest, region: Region) -> list[NavGroup]:
    """One group per enabled app that has entries this caller may see."""
    language = (get_language() or "id")[:2]
    scope = scope_of(request)
    groups = []
    for app, installation in enabled_apps(region):
        entries = app.console_entries()
        if not entries:
            continue
        installation.region = region
        try:
            ctx = context_for_installation(app, installation, scope)
        except ConfigBroken:
            log.warning("console navigation: %s has a broken configuration in %s", app.key, region)
            continue
        group = NavGroup(app.key, app.manifest.label(language))
        for entry in entries:
            if not ctx.may(entry.access):
                continue
            try:
                url = reverse(
                    f"{console_namespace(app.key)}:{entry.url_name}",
                    kwargs={"region_slug": region.slug},
                )
            except NoReverseMatch:
                log.error("app %s: console entry %s names no staff URL", app.key, entry.key)
                continue
            count = entry.count(ctx) if entry.count is not None else None
            group.items.append(NavItem(entry.title(language), url, entry.kind, count))
        if group.items:
            groups.append(group)
    return groups
