"""The app's JSON API, mounted by the platform at /api/apps/contoh-taman/{region}/."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from kotacerdas.contract import api_context

router = Router(tags=["contoh-taman"])


@router.get("/{region}/count")
def count(request: HttpRequest, region: str) -> dict[str, int]:
    """How many parks the region lists."""
    return {"parks": len(api_context(request).config.parks)}
