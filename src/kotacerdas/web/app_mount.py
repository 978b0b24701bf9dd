"""Mounting an app's URL patterns behind the platform's guards.

Every public view of an app answers 404 for a region that has not enabled the app; every
staff view additionally requires a signed-in user who may read the region's private pages.
The guards wrap the app's views here, so an app cannot forget them.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver

from kotacerdas.core.models import AppInstallation, Region
from kotacerdas.core.tenancy import Scope
from kotacerdas.web.views.access import console_region

View = Callable[..., HttpResponse]


def _enabled(region_slug: str, app_key: str) -> bool:
    return (
        AppInstallation.objects.scoped(Scope.public())
        .filter(region__slug=region_slug, app_key=app_key, enabled=True)
        .exists()
    )


def public_guard(view: View, app_key: str) -> View:
    @functools.wraps(view)
    def guarded(request: HttpRequest, *args: Any, region_slug: str, **kwargs: Any) -> HttpResponse:
        if not Region.objects.filter(slug=region_slug).exists() or not _enabled(
            region_slug, app_key
        ):
            raise Http404(f"{app_key} is not enabled for {region_slug}")
        return view(request, *args, region_slug=region_slug, **kwargs)

    return guarded


def staff_guard(view: View, app_key: str) -> View:
    @functools.wraps(view)
    def guarded(request: HttpRequest, *args: Any, region_slug: str, **kwargs: Any) -> HttpResponse:
        access = console_region(request, region_slug)
        if isinstance(access, HttpResponse):
            return access
        if not _enabled(region_slug, app_key):
            raise Http404(f"{app_key} is not enabled for {region_slug}")
        return view(request, *args, region_slug=region_slug, **kwargs)

    return guarded


def guard_patterns(
    patterns: list[URLPattern | URLResolver], app_key: str, guard: Callable[[View, str], View]
) -> list[URLPattern | URLResolver]:
    """Wrap every view in ``patterns`` (recursively through includes) with ``guard``."""
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            pattern.callback = guard(pattern.callback, app_key)
        else:
            guard_patterns(list(pattern.url_patterns), app_key, guard)
    return patterns
