"""Citizens' pages: the map and list, a report's public page and its photos, following a
report, and finding one by its ticket number.

Every view receives the context (``ctx``); the platform has answered 404 already for a
region that has not enabled the app.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

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
from kotacerdas.apps.aduan_warga.services import ReportInvalid, follow, notify
from kotacerdas.apps.aduan_warga.services.tracking import normalise_ticket
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
        "followers": follow.count(report),
        "can_follow": report.is_open,
    }
    return render(request, "aduan_warga/detail.html", context)


def follow_report(request: HttpRequest, ctx: AduanContext, ticket: str) -> HttpResponse:
    """ "Ini masalah saya juga": follow an open report with an e-mail. htmx gets the piece of
    page that replaces the button; a plain form post lands on the report's page."""
    if request.method != "POST":
        return redirect("aduan_warga:detail", ctx.region.slug, ticket[:24])
    report = (
        Report.objects.scoped(ctx.scope)
        .filter(region=ctx.region, ticket=ticket[:24])
        .select_related("region")
        .first()
    )
    if report is None:
        raise Http404
    try:
        follower, new = follow.follow(ctx, report, request.POST.get("follow_email", ""))
    except ReportInvalid as bad:
        if request.htmx:  # type: ignore[attr-defined]
            context = {"report": report, "region": ctx.region, "error": bad.message}
            return render(request, "aduan_warga/_follow.html", context)
        messages.error(request, bad.message)
        return redirect("aduan_warga:detail", ctx.region.slug, report.ticket)
    if new:
        transaction.on_commit(lambda: notify.welcome_follower(report, follower))
    text = (
        _("Thank you: you follow this report and will hear about its progress by e-mail.")
        if new
        else _("You already follow this report.")
    )
    if request.htmx:  # type: ignore[attr-defined]
        context = {"report": report, "region": ctx.region, "done": text}
        return render(request, "aduan_warga/_follow.html", context)
    messages.success(request, text)
    return redirect("aduan_warga:detail", ctx.region.slug, report.ticket)


def unfollow(request: HttpRequest, ctx: AduanContext, pk: int, token: str) -> HttpResponse:
    """The link in every follower's mail: a page that asks, then a POST that removes them
    (mail scanners open links; a GET alone never unsubscribes)."""
    row = follow.find(ctx.region_id, pk, token)
    done = False
    if row is not None and request.method == "POST":
        follow.unfollow(ctx.region_id, pk, token)
        done = True
    context = {"region": ctx.region, "conf": ctx.config, "row": row, "done": done}
    status = 404 if row is None and not done else 200
    return render(request, "aduan_warga/unfollow.html", context, status=status)


def lookup(request: HttpRequest, ctx: AduanContext) -> HttpResponse:
    """ "Lacak laporan": a ticket number leads to the report's public page. The page holds no
    personal data, so trying numbers reveals nothing a citizen could not see on the map."""
    raw = request.GET.get("tiket", "")
    error = ""
    if raw.strip():
        ticket = normalise_ticket(raw)
        if not ticket:
            error = _("This is not a ticket number. It looks like 3374-AB12CD3.")
        elif Report.objects.scoped(ctx.scope).filter(region=ctx.region, ticket=ticket).exists():
            return redirect("aduan_warga:detail", ctx.region.slug, ticket)
        else:
            error = _("No report of %(region)s has the ticket number %(ticket)s.") % {
                "region": ctx.region.name,
                "ticket": ticket,
            }
    context = {"region": ctx.region, "conf": ctx.config, "error": error, "raw": raw[:60]}
    return render(request, "aduan_warga/lookup.html", context, status=404 if error else 200)


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
