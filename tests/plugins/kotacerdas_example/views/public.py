"""Public pages: the region's parks."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.html import escape

from kotacerdas.contract import AppContext
from kotacerdas_example import queries
from kotacerdas_example.config import TamanConfig


def index(request: HttpRequest, ctx: AppContext[TamanConfig]) -> HttpResponse:
    names = ", ".join(p.name for p in queries.parks(ctx))
    return HttpResponse(escape(f"Taman di {ctx.region.name}: {names}"))
