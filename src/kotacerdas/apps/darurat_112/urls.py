"""URL lists the plugin hands to the platform. Every view is called ``view(request, ctx, ...)``.

The warnings part (``views.warnings``) adds its own public and staff patterns when present.
"""

from __future__ import annotations

from typing import Any

from django.urls import path

from kotacerdas.contract import RootRoute


def _warnings(which: str) -> list[Any]:
    try:
        from kotacerdas.apps.darurat_112.views import warnings
    except ImportError:
        return []
    patterns = getattr(warnings, which, None)
    return list(patterns()) if callable(patterns) else []


def public_urls() -> list[Any]:
    from kotacerdas.apps.darurat_112.views import public

    return [
        path("", public.statistics, name="index"),
        path("statistik/", public.statistics, name="statistics"),
        *_warnings("public_urls"),
    ]


def staff_urls() -> list[Any]:
    from kotacerdas.apps.darurat_112.views import console, responder

    return [
        # htmx asks the same URLs for their fragments (HX-Request); the new-call URL also
        # answers the form's "same incident?" (?same=1) and "last place" (?last=1) and takes
        # the one-key closing (POST with ``kind``).
        path("", console.board, name="console"),
        path("panggilan/", console.new_call, name="new-call"),
        path("kejadian/<int:pk>/", console.incident, name="incident"),
        path("kejadian/<int:pk>/responden/", console.add_responders, name="add-responders"),
        path("responden/", responder.index, name="responder"),
        path("penugasan/<int:pk>/<str:step>/", responder.step, name="step"),
        *_warnings("staff_urls"),
    ]


def root_routes() -> list[RootRoute]:
    """None: the CAP feed lives under the region's public pages."""
    return []
