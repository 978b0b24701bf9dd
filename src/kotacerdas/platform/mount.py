"""Mounting apps' URLs behind the platform: every entry point gets its resolved context.

- Public pages (``/r/<region>/<app>/``): 404 unless the region runs the app.
- Console pages (``/console/<region>/<app>/``): the same, then sign-in, then the region's
  private-read check (403).
- Root routes (Open311, the InfluxDB write): the region from the request or the key, the
  machine client's key checked for that region and app, refusals in the standard's format.
- API routes (``/api/apps/<app>/<region>/…``): 404 unless the region runs the app, a
  ``Bearer`` key checked for the region and app before the operation runs.

The guards wrap the app's views here, so an app cannot forget them; views receive the
context as their second argument (API operations read ``request.app_context``).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import orjson
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, path, re_path
from django.utils.html import escape
from django.views.decorators.csrf import csrf_exempt

from kotacerdas.contract import RootRoute, SmartCityApp
from kotacerdas.core.keys import check_key
from kotacerdas.core.vocab import KeyGrant
from kotacerdas.platform.context import (
    ConfigBroken,
    build,
    find_installation,
    only_installation,
    request_context,
    scope_of,
)

View = Callable[..., HttpResponse]
URLList = list[URLPattern | URLResolver]


def _broken(exc: ConfigBroken) -> HttpResponse:
    # A stored configuration that no longer validates is the region admin's to fix; the
    # page says so instead of failing with a server error.
    text = (
        f"Konfigurasi aplikasi {exc.app_key} untuk {exc.region.name} tidak valid "
        f"({exc.problem}). Admin daerah dapat memperbaikinya di konsol. / "
        f"This app's configuration is invalid; the region admin can fix it in the console."
    )
    return HttpResponse(escape(text), status=503, content_type="text/plain; charset=utf-8")


def public_guard(view: View, app: SmartCityApp) -> View:
    @functools.wraps(view)
    def guarded(request: HttpRequest, *args: Any, region_slug: str, **kwargs: Any) -> HttpResponse:
        try:
            ctx = request_context(request, app, region_slug)
        except ConfigBroken as exc:
            return _broken(exc)
        if ctx is None:
            raise Http404(f"{app.key} is not enabled for {region_slug}")
        return view(request, ctx, *args, **kwargs)

    return guarded


def staff_guard(view: View, app: SmartCityApp) -> View:
    @functools.wraps(view)
    def guarded(request: HttpRequest, *args: Any, region_slug: str, **kwargs: Any) -> HttpResponse:
        try:
            ctx = request_context(request, app, region_slug)
        except ConfigBroken as exc:
            return _broken(exc)
        if ctx is None:
            raise Http404(f"{app.key} is not enabled for {region_slug}")
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not ctx.can_read_private:
            raise PermissionDenied
        return view(request, ctx, *args, **kwargs)

    return guarded


def guard_patterns(
    patterns: URLList, app: SmartCityApp, guard: Callable[[View, SmartCityApp], View]
) -> URLList:
    """Wrap every view in ``patterns`` (recursively through includes) with ``guard``."""
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            pattern.callback = guard(pattern.callback, app)
        else:
            guard_patterns(list(pattern.url_patterns), app, guard)
    return patterns


def key_from(request: HttpRequest, param: str = "") -> str:
    """A machine client's key: ``Authorization: Bearer|Token <key>``, ``X-Api-Key``, or the
    route's own parameter (Open311's ``api_key``)."""
    scheme, _sp, value = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() in ("bearer", "token") and value.strip():
        return value.strip()
    if param:
        data = request.POST if request.method == "POST" else request.GET
        if found := data.get(param, ""):
            return found
    return request.headers.get("X-Api-Key", "")


def _grant_for(app: SmartCityApp, clear: str, region_id: int | None) -> KeyGrant | None:
    grant = check_key(clear)
    if grant is None or grant.app_key != app.key:
        return None
    if region_id is not None and grant.region_id != region_id:
        return None  # a key of another region is no key here
    return grant


def root_view(route: RootRoute, app: SmartCityApp) -> View:
    def view(request: HttpRequest, **kwargs: Any) -> HttpResponse:
        if route.locate == "installation":
            # Installation-wide (the CKAN Action API, the DCAT catalogue at the root): no
            # region to resolve; the view gets no context and serves public data only.
            return route.view(request, None, **kwargs)
        clear = key_from(request, route.key_param)
        needs_key = request.method in route.key_required
        grant: KeyGrant | None = None
        if route.locate == "key":
            grant = _grant_for(app, clear, None)
            if grant is None:
                message = "missing API key" if not clear else "unknown, revoked or expired API key"
                return route.refuse(request, 401, message, kwargs)
            found = find_installation(app.key, grant.region_id)
            if found is None:
                return route.refuse(request, 404, f"{app.key} is not enabled here", kwargs)
        else:
            data = request.POST if request.method == "POST" else request.GET
            wanted = data.get(route.param, "").strip()
            found = find_installation(app.key, wanted) if wanted else only_installation(app.key)
            if found is None:
                if wanted:
                    return route.refuse(
                        request, 404, f"unknown {route.param} {wanted[:40]!r}", kwargs
                    )
                return route.refuse(
                    request,
                    400,
                    f"{route.param} is required: a region code such as 33.74 or its slug",
                    kwargs,
                )
            if needs_key or clear:
                grant = _grant_for(app, clear, found[0].pk)
                if needs_key and grant is None:
                    return route.refuse(
                        request,
                        403,
                        f"{route.key_param or 'API key'} is missing or not valid "
                        f"for this {route.param}",
                        kwargs,
                    )
        try:
            ctx = build(app, found[0], found[1], scope_of(request), grant)
        except ConfigBroken as exc:
            return route.refuse(request, 503, str(exc), kwargs)
        request.app_context = ctx  # type: ignore[attr-defined]
        return route.view(request, ctx, **kwargs)

    return csrf_exempt(view) if route.csrf_exempt else view


def root_patterns(app: SmartCityApp) -> URLList:
    patterns: URLList = []
    for route in app.root_urls():
        make = re_path if route.regex else path
        patterns.append(make(route.pattern, root_view(route, app), name=route.name))
    return patterns


def _json(status: int, detail: str, field: str) -> HttpResponse:
    body = orjson.dumps({"detail": detail, "field": field})
    return HttpResponse(body, status=status, content_type="application/json")


def api_guard(view: View, app: SmartCityApp) -> View:
    @functools.wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        region = str(kwargs.get("region", ""))
        found = find_installation(app.key, region)
        if found is None:
            return _json(404, f"{app.key} is not enabled for region {region[:40]!r}", "region")
        grant = None
        scheme, _sp, value = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() == "bearer":
            grant = _grant_for(app, value.strip(), found[0].pk)
            if grant is None:
                return _json(401, "unknown, revoked or expired API key for this region", "key")
        try:
            ctx = build(app, found[0], found[1], scope_of(request), grant)
        except ConfigBroken as exc:
            return _json(503, str(exc), "config")
        request.app_context = ctx  # type: ignore[attr-defined]
        return view(request, *args, **kwargs)

    return guarded


def guard_api_patterns(patterns: list[Any], apps: list[SmartCityApp]) -> None:
    """Wrap the API's URL patterns under ``apps/<key>/`` with ``api_guard``; an app route
    whose path does not start with ``{region}`` fails at start-up (it could not be scoped)."""
    by_prefix = {f"apps/{app.key}/": app for app in apps}
    for pattern in patterns:
        if not isinstance(pattern, URLPattern):
            continue
        route = str(pattern.pattern)
        for prefix, app in by_prefix.items():
            if route.startswith(prefix):
                if not route.startswith(prefix + "<region>/"):
                    raise RuntimeError(
                        f"app {app.key}: API route {route!r} must start with '/{{region}}/'"
                    )
                pattern.callback = api_guard(pattern.callback, app)
