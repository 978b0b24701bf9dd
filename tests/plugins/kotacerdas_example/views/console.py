"""Console pages. The platform has checked sign-in and that the caller may read the
region's private pages; a view needing more (staff, admin) checks ``ctx`` itself."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.html import escape

from kotacerdas.contract import AppContext
from kotacerdas_example import queries
from kotacerdas_example.config import TamanConfig


def index(request: HttpRequest, ctx: AppContext[TamanConfig]) -> HttpResponse:
    return HttpResponse(escape(f"console taman {ctx.region.name}: {queries.park_count(ctx)}"))


def settings(request: HttpRequest, ctx: AppContext[TamanConfig]) -> HttpResponse:
    if not ctx.is_admin:
        raise PermissionDenied
    return HttpResponse(f"target {ctx.config.target_parks}")
