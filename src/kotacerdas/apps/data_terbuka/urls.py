"""Public URLs (under /r/<region>/data-terbuka/), console URLs (under /console/<region>/
data-terbuka/), the root routes of the CKAN Action API and DCAT, and the console entries.

The platform wraps every view: it is called ``view(request, ctx, **kwargs)``. ``plugin.py``
calls these functions inside its hooks, so nothing heavy is imported while settings load.
"""

from __future__ import annotations

from importlib import import_module
from importlib.util import find_spec
from typing import Any

from django.urls import URLPattern, URLResolver, path

from kotacerdas.contract import Access, ConsoleEntry, RootRoute

Ctx = Any


def _optional(module: str, function: str) -> list[Any]:
    """Routes another part of the app contributes (the CKAN API and DCAT views), if present."""
    dotted = f"kotacerdas.apps.data_terbuka.views.{module}"
    if find_spec(dotted) is None:
        return []
    found = getattr(import_module(dotted), function, None)
    return list(found()) if found is not None else []


def public_urls() -> list[URLPattern | URLResolver]:
    from kotacerdas.apps.data_terbuka.views import downloads, public

    return [
        path("", public.search, name="search"),
        path("provinsi/", public.province, name="province"),
        path("dataset/<slug:name>/", public.dataset, name="dataset"),
        path(
            "dataset/<slug:name>/<uuid:resource_id>.<str:fmt>",
            downloads.download,
            name="download",
        ),
        *_optional("ckan", "ckan_public_urls"),
        *_optional("dcat", "dcat_public_urls"),
    ]


def staff_urls() -> list[URLPattern | URLResolver]:
    from kotacerdas.apps.data_terbuka.views import console

    return [
        path("", console.home, name="home"),
        path("baru/", console.new_dataset, name="new"),
        path("dataset/<slug:name>/", console.dataset, name="dataset"),
        path("dataset/<slug:name>/ubah/", console.edit_dataset, name="edit"),
        path("dataset/<slug:name>/unggah/", console.upload, name="upload"),
        path("rilis/<int:pk>/", console.release, name="release"),
        path("tinjauan/", console.review_queue, name="review"),
        path("tinjauan/<int:pk>/", console.review_release, name="review-release"),
    ]


def root_routes() -> list[RootRoute]:
    """The installation-wide CKAN Action API and DCAT catalogue (their own modules)."""
    return [*_optional("ckan", "ckan_root_routes"), *_optional("dcat", "dcat_root_routes")]


def _waiting(ctx: Ctx) -> int:
    from kotacerdas.apps.data_terbuka.views.console import waiting_for_review

    return waiting_for_review(ctx)


def console_entries() -> list[ConsoleEntry]:
    return [
        ConsoleEntry(
            "datasets",
            {"id": "Dataset instansi", "en": "Agency datasets"},
            "home",
            Access.STAFF,
            "page",
        ),
        ConsoleEntry(
            "new",
            {"id": "Dataset baru", "en": "New dataset"},
            "new",
            Access.STAFF,
            "page",
        ),
        ConsoleEntry(
            "review",
            {"id": "Tinjauan walidata", "en": "Walidata review"},
            "review",
            Access.ADMIN,
            "queue",
            count=_waiting,
        ),
    ]
