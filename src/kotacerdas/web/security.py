"""Security headers: the Content-Security-Policy (django-csp), with the base-map tile server.

The policy itself is in settings (``CONTENT_SECURITY_POLICY``, django-csp 4's format); this
middleware adds one thing the static policy cannot know: the origin of the configured tile
server (``KOTACERDAS_TILE_URL``, a setting or environment variable, read per response like
the map views read it), so that the base layer's images may load and nothing else foreign.
docs/SECURITY.md describes the policy.
"""

from __future__ import annotations

import os

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpRequest, HttpResponseBase

from kotacerdas.config import tile_origin


def tile_url() -> str:
    configured = getattr(settings, "KOTACERDAS_TILE_URL", None)
    return str(configured if configured is not None else os.environ.get("KOTACERDAS_TILE_URL", ""))


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with img-src widened to the tile server's origin."""

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        origin = tile_origin(tile_url())
        if origin is not None:
            update = dict(parts.update or {})
            update["img-src"] = [*update.get("img-src", ()), origin]
            parts.update = update
        return parts
