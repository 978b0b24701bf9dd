"""Security headers: the Content-Security-Policy (django-csp), with the base-map tile server.

The policy itself is in settings (``CONTENT_SECURITY_POLICY``, django-csp 4's format); this
middleware adds one thing the static policy cannot know: the origin of the configured tile
server (``kotacerdas.core.maps.tile_layer()``, read per response like the map pages read
it), so that the base layer's images may load and nothing else foreign.
docs/SECURITY.md describes the policy.
"""

from __future__ import annotations

from csp.middleware import CSPMiddleware, PolicyParts
from django.http import HttpRequest, HttpResponseBase

from kotacerdas.core.maps import tile_layer


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with img-src widened to the tile server's origin."""

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        tiles = tile_layer()
        origin = tiles.origin if tiles is not None else None
        if origin is not None:
            update = dict(parts.update or {})
            update["img-src"] = [*update.get("img-src", ()), origin]
            parts.update = update
        return parts
