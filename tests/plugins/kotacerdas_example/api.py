"""The app's JSON API, mounted by the platform at /api/apps/contoh-taman/.

Every operation's path starts with ``/{region}/`` (a slug or a code): the platform resolves
the context before the operation runs and answers 404 for a region without the app.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from kotacerdas.contract import api_context
from kotacerdas_example import queries

router = Router(tags=["contoh-taman"])


@router.get("/{region}/count")
def count(request: HttpRequest, region: str) -> dict[str, int]:
    """How many parks the region lists."""
    return {"parks": queries.park_count(api_context(request))}
