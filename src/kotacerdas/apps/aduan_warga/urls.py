"""URL lists the plugin hands to the platform: public pages, console pages, and Open311 at
the site root. Every view is called ``view(request, ctx, ...)`` with the resolved context."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpResponse
from django.urls import URLPattern, path

from kotacerdas.contract import RootRoute


def public_urls() -> list[URLPattern]:
    from kotacerdas.apps.aduan_warga.views import public, reporting

    return [
        path("", public.index, name="index"),
        path("peta.geojson", public.geojson, name="geojson"),
        path("lapor/", reporting.new_report, name="new"),
        path("lapor/pertanyaan/", reporting.questions, name="questions"),
        path("lapor/sekitar/", reporting.nearby_reports, name="nearby"),
        path("lapor/foto/<str:token>/<int:n>.jpg", reporting.held_photo, name="held-photo"),
        path("laporan/<str:ticket>/", public.detail, name="detail"),
        path("laporan/<str:ticket>/ikuti/", public.follow_report, name="follow"),
        path("berhenti-mengikuti/<int:pk>/<str:token>/", public.unfollow, name="unfollow"),
        path("lacak/", public.lookup, name="lookup"),
        path("lacak/<str:ticket>/<str:token>/", reporting.track, name="track"),
        path("foto/<int:pk>/<str:size>.jpg", public.photo, name="photo"),
    ]


def staff_urls() -> list[URLPattern]:
    from kotacerdas.apps.aduan_warga.views import console

    return [
        path("", console.inbox, name="inbox"),
        path("klien-open311/", console.clients, name="clients"),
        path("tugas/", console.work, name="work"),
        path("<str:ticket>/", console.report, name="report"),
        path("<str:ticket>/<str:step>/", console.act, name="act"),
    ]


FMT = r"\.(?P<fmt>[a-z]+)$"


def root_routes() -> list[RootRoute]:
    """Open311 GeoReport v2 at ``/open311/v2/``: the region from ``jurisdiction_id``, a
    POST's key from ``api_key`` (core keys of this app and region), errors in the spec's
    list in the URL's format."""
    from kotacerdas.apps.aduan_warga.open311 import views as open311

    def route(pattern: str, view: Callable[..., HttpResponse], name: str) -> RootRoute:
        return RootRoute(
            r"^open311/v2/" + pattern + FMT,
            view,
            name,
            refuse=open311.refuse,
            locate="query",
            param="jurisdiction_id",
            key_param="api_key",
            key_required=("POST",),
            regex=True,
        )

    return [
        RootRoute(
            r"^open311/v2/discovery" + FMT,
            open311.discovery,
            "open311-discovery",
            refuse=open311.discovery_refuse,
            locate="query",
            param="jurisdiction_id",
            regex=True,
        ),
        route("services", open311.services, "open311-services"),
        route(r"services/(?P<code>[^/]+?)", open311.service_definition, "open311-service"),
        route("requests", open311.requests, "open311-requests"),
        route(r"requests/(?P<request_id>[^/]+?)", open311.single, "open311-request"),
        route(r"tokens/(?P<token>[^/]+?)", open311.token, "open311-token"),
    ]
