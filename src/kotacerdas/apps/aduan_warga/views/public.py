"""Citizens' pages: the map and list, a report's public page, and its photos."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from kotacerdas.apps.aduan_warga.models import Photo, Report, Status
from kotacerdas.apps.aduan_warga.queries import (
    PublicFilters,
    photos_of,
    public_reports,
    public_timeline,
)
from kotacerdas.apps.aduan_warga.views.common import STATUS_COLOURS, map_options, region_or_404
from kotacerdas.core.models import Agency
from kotacerdas.core.tenancy import Scope

MAP_LIMIT = 3000


def index(request: HttpRequest, region_slug: str) -> HttpResponse:
    region, conf = region_or_404(region_slug)
    filters = PublicFilters.from_query(request.GET)
    rows = public_reports(region, filters)
    page = Paginator(rows, 25).get_page(request.GET.get("page"))
    context = {
        "region": region,
        "conf": conf,
        "filters": filters,
        "page": page,
        "statuses": Status.choices,
        "colours": STATUS_COLOURS,
        "agencies": Agency.objects.scoped(Scope.public()).filter(region=region),
        "map": map_options(region),
        "query": request.GET.urlencode(),
    }
    return render(request, "aduan_warga/index.html", context)


def geojson(request: HttpRequest, region_slug: str) -> JsonResponse:
    """Reports with a pin, for the public map; the same filters as the list."""
    region, _conf = region_or_404(region_slug)
    rows = public_reports(region, PublicFilters.from_query(request.GET)).filter(lat__isnull=False)
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


def detail(request: HttpRequest, region_slug: str, ticket: str) -> HttpResponse:
    region, conf = region_or_404(region_slug)
    report = (
        Report.objects.scoped(Scope.public())
        .filter(region=region, ticket=ticket)
        .select_related("agency", "duplicate_of")
        .first()
    )
    if report is None:
        raise Http404
    context = {
        "region": region,
        "conf": conf,
        "report": report,
        "timeline": public_timeline(report),
        "photos": photos_of(report),
        "colour": STATUS_COLOURS.get(Status(report.status)),
        "map": map_options(region),
    }
    return render(request, "aduan_warga/detail.html", context)


def photo(request: HttpRequest, region_slug: str, pk: int, size: str) -> FileResponse:
    """MEDIA is not served by the platform: photos go out through here, region checked."""
    row = Photo.objects.scoped(Scope.public()).filter(pk=pk, region__slug=region_slug).first()
    if row is None or size not in {"full", "thumb"}:
        raise Http404
    root = Path(settings.MEDIA_ROOT).resolve()
    path = (root / (row.image if size == "full" else row.thumbnail)).resolve()
    if root not in path.parents or not path.is_file():
        raise Http404
    response = FileResponse(path.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "public, max-age=86400"
    return response
