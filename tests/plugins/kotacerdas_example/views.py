"""Pages and API of the example app; imported lazily by the plugin's hooks."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from ninja import Router

from kotacerdas.core.models import Region
from kotacerdas.core.services.apps import app_config


def parks(region: Region) -> list[dict[str, Any]]:
    config = app_config(region, "contoh-taman") or {}
    return list(config.get("parks", []))


def public_index(request: HttpRequest, region_slug: str) -> HttpResponse:
    region = Region.objects.get(slug=region_slug)
    names = ", ".join(p["name"] for p in parks(region))
    return HttpResponse(f"Taman di {region.name}: {names}")


def staff_index(request: HttpRequest, region_slug: str) -> HttpResponse:
    return HttpResponse("console taman")


def root_ping(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"contoh": True})


router = Router(tags=["contoh-taman"])


@router.get("/count")
def count(request: HttpRequest, region: str) -> dict[str, int]:
    return {"parks": len(parks(Region.objects.get(code=region)))}
