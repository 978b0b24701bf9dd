"""URL lists the plugin hands to the platform (public, console, and Open311 at the root)."""

from __future__ import annotations

from django.urls import URLPattern, path, re_path

from kotacerdas.apps.aduan_warga.open311 import views as open311
from kotacerdas.apps.aduan_warga.views import console, public, reporting

public_urls: list[URLPattern] = [
    path("", public.index, name="index"),
    path("peta.geojson", public.geojson, name="geojson"),
    path("lapor/", reporting.new_report, name="new"),
    path("laporan/<str:ticket>/", public.detail, name="detail"),
    path("lacak/<str:ticket>/<str:token>/", reporting.track, name="track"),
    path("foto/<int:pk>/<str:size>.jpg", public.photo, name="photo"),
]

staff_urls: list[URLPattern] = [
    path("", console.inbox, name="inbox"),
    path("klien-open311/", console.clients, name="clients"),
    path("<str:ticket>/", console.report, name="report"),
    path("<str:ticket>/<str:step>/", console.act, name="act"),
]

FMT = r"\.(?P<fmt>[a-z]+)$"
root_urls: list[URLPattern] = [
    re_path(r"^open311/v2/discovery" + FMT, open311.discovery, name="open311-discovery"),
    re_path(r"^open311/v2/services" + FMT, open311.services, name="open311-services"),
    re_path(
        r"^open311/v2/services/(?P<code>[^/]+?)" + FMT,
        open311.service_definition,
        name="open311-service",
    ),
    re_path(r"^open311/v2/requests" + FMT, open311.requests, name="open311-requests"),
    re_path(
        r"^open311/v2/requests/(?P<request_id>[^/]+?)" + FMT, open311.single, name="open311-request"
    ),
    re_path(r"^open311/v2/tokens/(?P<token>[^/]+?)" + FMT, open311.token, name="open311-token"),
]
