"""The app's URLs. The platform mounts them and wraps every view in its guard:

- ``public_urls()`` at ``/r/<region>/contoh-taman/``,
- ``staff_urls()`` at ``/console/<region>/contoh-taman/`` (sign-in, private read),
- ``root_routes()`` at the site root (the region from a query parameter or a key).

Views are called ``view(request, ctx, **url_kwargs)``.
"""

from __future__ import annotations

from typing import Any

from django.urls import path

from kotacerdas.contract import RootRoute
from kotacerdas_example.views import console, public, root


def public_urls() -> list[Any]:
    return [path("", public.index, name="index")]


def staff_urls() -> list[Any]:
    return [
        path("", console.index, name="index"),
        path("pengaturan/", console.settings, name="settings"),
    ]


def root_routes() -> list[RootRoute]:
    return [
        RootRoute(
            "contoh-taman/ping", root.ping, "contoh-taman-ping", refuse=root.refuse, param="region"
        )
    ]
