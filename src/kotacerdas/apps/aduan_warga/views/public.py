"""Citizens' pages: the map and list, a report's public page, and its photos.

Every view receives the context (``ctx``); the platform has answered 404 already for a
region that has not enabled the app.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from kotacerdas.apps.aduan_warga.config import AduanContext
from kotacerdas.apps.aduan_warga.models import Photo, Report, Status
from kotacerdas.apps.aduan_warga.queries import (
    STATUS_COLOURS,
    PublicFilters,
    map_options,
    photos_of,
    public_reports,
    public_timeline,
)
from kotacerdas.core.models import Agency

MAP_LIMIT = 3000


def index(request: HttpRequest, ctx: AduanContext) -> HttpResponse:
    region = ctx.region
    filters = PublicFilters.from_query(request.GET)
    rows = public_reports(ctx, filters)
    page = Paginator(rows, 25).get_page(request.GET.get("page"))
    context = {
        "region": region,
        "conf": ctx.config,
        "filters": filters,
        "page": page,
        "statuses": Status.choices,
        "colours": STATUS_COLOURS,
        "agencies": Agency.objects.scoped(ctx.scope).filter(region=region),
        "map": map_options(region),
        "query": request.GET.urlencode(),
    }
    return render(request, "aduan_warga/index.html", context)


def geojson(request: HttpRequest, ctx: AduanContext) -> JsonResponse:
    """Reports with a pin, for the public map; the same filters as the list."""
    rows = public_reports(ctx, PublicFilters.from_query(request.GET)).filter(lat__isnull=False)
    fields = ("ticket", "lat", "lng", "status", "category_name")
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [r["lng"], r["lat"]]},
            "properties": {
                "ticket": r["ticket"],
                "status": r["status"],
                "category": r["category_name"],
            },
        }
        for r in rows.values(*fields)[:MAP_LIMIT]
    ]
    return JsonResponse({"type": "FeatureCollection", "features": features})


def detail(request: HttpRequest, ctx: AduanContext, ticket: str) -> HttpResponse:
    region = ctx.region
    report = (
        Report.objects.scoped(ctx.scope)
        .filter(region=region, ticket=ticket)
        .select_related("agency", "duplicate_of")
        .first()
    )
    if report is None:
        raise Http404
    context = {
        "region": region,
        "conf": ctx.config,
        "report": report,
        "timeline": public_timeline(report),
        "photos": photos_of(report),
        "colour": STATUS_COLOURS.get(Status(report.status)),
        "map": map_options(region),
    }
    return render(request, "aduan_warga/detail.html", context)


def photo(request: HttpRequest, ctx: AduanContext, pk: int, size: str) -> FileResponse:
    """MEDIA is not served by the platform: photos go out through here, region checked."""
    row = Photo.objects.scoped(ctx.scope).filter(pk=pk, region=ctx.region).first()
    if row is None or size not in {"full", "thumb"}:
        raise Http404
    root = Path(settings.MEDIA_ROOT).resolve()
    path = (root / (row.image if size == "full" else row.thumbnail)).resolve()
    if root not in path.parents or not path.is_file():
        raise Http404
    response = FileResponse(path.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "public, max-age=86400"
    return response
