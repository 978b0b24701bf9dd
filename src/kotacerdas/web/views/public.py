"""Public pages: no account needed, no private data shown."""

from __future__ import annotations

from collections import defaultdict

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from kotacerdas.contract import all_apps
from kotacerdas.contract.publiccode import publiccode_yaml
from kotacerdas.core.models import Agency, Region
from kotacerdas.core.tenancy import Scope
from kotacerdas.dimensions import DIMENSIONS
from kotacerdas.platform.context import scope_of
from kotacerdas.platform.installations import UnknownApp, enabled_apps, require_app
from kotacerdas.situation.access import public_room_enabled


def home(request: HttpRequest) -> HttpResponse:
    regions = list(Region.objects.select_related("province").all())
    counts: dict[int, int] = defaultdict(int)
    for region in regions:
        counts[region.pk] = len(enabled_apps(region))
    cards = [(region, counts[region.pk]) for region in regions]
    return render(
        request,
        "kotacerdas/public/home.html",
        {"cards": cards, "app_count": len(all_apps())},
    )


def region_page(request: HttpRequest, region_slug: str) -> HttpResponse:
    region = get_object_or_404(Region.objects.select_related("province"), slug=region_slug)
    running = enabled_apps(region)
    by_dimension = []
    for dim in DIMENSIONS:
        apps = [(app, row) for app, row in running if app.manifest.dimension == dim.key]
        by_dimension.append((dim, apps))
    agencies = Agency.objects.scoped(Scope.public()).filter(region=region)
    # A citizen following the button to a closed room met a sign-in page: offer the room
    # only where it opens for this caller (public room, or staff who may read the region).
    room_open = scope_of(request).can_read_private(region.pk) or public_room_enabled(region)
    return render(
        request,
        "kotacerdas/public/region.html",
        {
            "region": region,
            "by_dimension": by_dimension,
            "running_count": len(running),
            "agencies": agencies,
            "room_open": room_open,
        },
    )


def app_list(request: HttpRequest) -> HttpResponse:
    apps = sorted(all_apps(), key=lambda a: (a.manifest.dimension, a.key))
    return render(request, "kotacerdas/public/apps.html", {"apps": apps})


def app_publiccode(request: HttpRequest, key: str) -> HttpResponse:
    """The app's manifest as publiccode.yml, for public-sector software catalogues."""
    try:
        app = require_app(key)
    except UnknownApp:
        raise Http404(key) from None
    return HttpResponse(
        publiccode_yaml(app.manifest), content_type="application/yaml; charset=utf-8"
    )
