"""Console pages; the platform has checked sign-in and the region's private read."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from kotacerdas.contract import AppContext
from kotacerdas_example.config import TamanConfig


def index(request: HttpRequest, ctx: AppContext[TamanConfig]) -> HttpResponse:
    return HttpResponse("console taman")


def settings(request: HttpRequest, ctx: AppContext[TamanConfig]) -> HttpResponse:
    if not ctx.is_admin:
        raise PermissionDenied
    return HttpResponse(f"target {ctx.config.target_parks}")
