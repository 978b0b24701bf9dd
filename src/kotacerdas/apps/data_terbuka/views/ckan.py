"""The CKAN Action API's HTTP side: one view for every action, region portal and installation.

``/r/<region>/data-terbuka/api/3/action/<name>`` (and ``api/action/<name>``) answer for one
region's portal (mounted with the app's public URLs); ``/api/3/action/<name>`` and
``/api/action/<name>`` at the site root for every region running the app (root routes whose
``param`` is empty: the platform calls them without a region context). GET reads the query
string; POST a JSON body or a form; both with or without a trailing slash, never redirecting
(``ckanapi`` refuses redirects), CSRF-exempt, answering CKAN's envelope.
"""

from __future__ import annotations

import time
from typing import Any

import orjson
from django.http import HttpRequest, HttpResponse
from django.urls import NoReverseMatch, URLPattern, re_path, reverse
from django.utils.translation import get_language
from django.views.decorators.csrf import csrf_exempt

from kotacerdas.apps.data_terbuka.ckan import envelope
from kotacerdas.apps.data_terbuka.ckan.actions import Env, dispatch
from kotacerdas.apps.data_terbuka.ckan.envelope import VALIDATION, ActionError
from kotacerdas.contract import RootRoute
from kotacerdas.core.models import AppInstallation
from kotacerdas.core.tenancy import Scope

APP_KEY = "data-terbuka"
ACTION_PATTERN = r"^api/(?:3/)?action/(?P<name>[^/]{1,200})/?$"
MAX_BODY = 1_000_000
_CONTROL = {c for c in range(32) if c not in (9, 10, 13)} | {127}
_regions_cache: tuple[float, list[int]] | None = None


def _has_control(value: Any) -> bool:
    if isinstance(value, str):
        return any(ord(ch) in _CONTROL for ch in value)
    if isinstance(value, dict):
        return any(_has_control(k) or _has_control(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_control(v) for v in value)
    return False


def read_params(request: HttpRequest) -> dict[str, Any]:
    """The action's parameters: query string, then the JSON or form body over it."""
    params: dict[str, Any] = {}
    for key in request.GET:
        values = request.GET.getlist(key)
        params[key] = values if len(values) > 1 else values[0]
    if request.method == "POST":
        content_type = request.content_type or ""
        if content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
            for key in request.POST:
                values = request.POST.getlist(key)
                params[key] = values if len(values) > 1 else values[0]
        else:
            body = request.body
            if len(body) > MAX_BODY:
                raise ActionError(VALIDATION, "request body too large", {"body": ["too large"]})
            if body.strip():
                try:
                    data = orjson.loads(body)
                except orjson.JSONDecodeError:
                    raise ActionError(
                        VALIDATION, "Cannot parse JSON body", {"body": ["malformed JSON"]}
                    ) from None
                if not isinstance(data, dict):
                    raise ActionError(
                        VALIDATION,
                        "the JSON body must be an object",
                        {"body": ["must be a JSON object"]},
                    )
                params.update(data)
    for key, value in params.items():
        if _has_control(key) or _has_control(value):
            name = key if not _has_control(key) else "params"
            raise ActionError(
                VALIDATION,
                f"{name}: control characters are not allowed",
                {name: ["control characters are not allowed"]},
            )
    return params


def _language() -> str:
    return "en" if (get_language() or "id").startswith("en") else "id"


def answer(request: HttpRequest, env: Env, name: str) -> HttpResponse:
    if request.method == "OPTIONS":
        response = HttpResponse(status=200)
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
        response["Access-Control-Allow-Headers"] = "Content-Type, Authorization, X-CKAN-API-Key"
        return response
    shown = name if name.isidentifier() else "unknown"
    try:
        if request.method not in ("GET", "POST", "HEAD"):
            raise ActionError(envelope.BAD_REQUEST, "Bad request - use GET or POST")
        if not name.isidentifier() or not name.isascii():
            raise ActionError(envelope.BAD_REQUEST, "Bad request - Action name not known")
        params = read_params(request)
        result = dispatch(env, name, params)
    except ActionError as exc:
        return envelope.failure(request, env.base, shown, exc)
    return envelope.success(request, env.base, shown, result)


def _portal_base(region_slug: str) -> str:
    try:
        return reverse("data_terbuka:search", kwargs={"region_slug": region_slug})
    except NoReverseMatch:
        return f"/r/{region_slug}/data-terbuka/"


@csrf_exempt
def region_action(request: HttpRequest, ctx: Any, name: str) -> HttpResponse:
    """One region's portal: its public datasets (and, for its staff, its private ones)."""
    env = Env(
        request,
        _portal_base(ctx.region.slug),
        [ctx.region_id],
        ctx.region,
        ctx.scope,
        _language(),
    )
    return answer(request, env, name)


def serving_regions() -> list[int]:
    """The regions running Data Terbuka (kept a few seconds)."""
    global _regions_cache
    now = time.monotonic()
    cached = _regions_cache
    if cached is not None and cached[0] >= now:
        return cached[1]
    ids = sorted(
        AppInstallation.objects.scoped(Scope.public())
        .filter(app_key=APP_KEY, enabled=True)
        .values_list("region_id", flat=True)
    )
    _regions_cache = (now + 5.0, ids)
    return ids


def forget_regions() -> None:
    global _regions_cache
    _regions_cache = None


@csrf_exempt
def installation_action(request: HttpRequest, ctx: Any = None, name: str = "") -> HttpResponse:
    """The whole installation: every region's public datasets."""
    env = Env(request, "/", serving_regions(), None, Scope.for_user(request.user), _language())
    return answer(request, env, name)


def _refuse(
    request: HttpRequest, status: int, message: str, kwargs: dict[str, Any]
) -> HttpResponse:
    kind = {404: envelope.NOT_FOUND, 403: envelope.AUTHORIZATION}.get(status, envelope.BAD_REQUEST)
    error = ActionError(kind, message)
    response = envelope.failure(request, "/", str(kwargs.get("name", "")), error)
    response.status_code = status
    return response


def ckan_public_urls() -> list[URLPattern]:
    return [re_path(ACTION_PATTERN, region_action, name="ckan-action")]


def ckan_root_routes() -> list[RootRoute]:
    return [
        RootRoute(
            pattern=ACTION_PATTERN,
            view=installation_action,
            name="data-terbuka-ckan-action",
            refuse=_refuse,
            locate="installation",
            regex=True,
        )
    ]
