"""A root URL, the way a standard with a fixed path would have one."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse

from kotacerdas.contract import AppContext
from kotacerdas_example.config import TamanConfig


def ping(request: HttpRequest, ctx: AppContext[TamanConfig]) -> JsonResponse:
    return JsonResponse({"contoh": True, "region": ctx.region.code})


def refuse(request: HttpRequest, status: int, message: str, kwargs: dict[str, Any]) -> HttpResponse:
    return JsonResponse({"error": message}, status=status)
