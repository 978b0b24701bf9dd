"""Public URLs (under /r/<region>/fasilitas-kesehatan/, the FHIR API included) and console
URLs (under /console/<region>/fasilitas-kesehatan/). Views are ``view(request, ctx, ...)``."""

from __future__ import annotations

from django.urls import URLPattern, path

from kotacerdas.contract import RootRoute


def public_urls() -> list[URLPattern]:
    from kotacerdas.apps.fasilitas_kesehatan.views import fhir, public

    return [
        path("", public.finder, name="index"),
        path("faskes/<slug:facility>/", public.facility, name="facility"),
        path("fhir/metadata", fhir.metadata, name="fhir-metadata"),
        path("fhir/<str:resource>", fhir.search, name="fhir-search"),
        path("fhir/<str:resource>/<str:rid>", fhir.read, name="fhir-read"),
    ]


def staff_urls() -> list[URLPattern]:
    from kotacerdas.apps.fasilitas_kesehatan.views import console

    return [
        path("", console.home, name="home"),
        path("tempat-tidur/<slug:facility>/", console.beds, name="beds"),
        path("faskes/baru/", console.edit_facility, name="facility-new"),
        path("faskes/<slug:facility>/ubah/", console.edit_facility, name="facility-edit"),
        path("kunci-api/", console.keys, name="keys"),
    ]


def root_routes() -> list[RootRoute]:
    """No root URLs: the FHIR API lives under the region's public path."""
    return []
