"""The citizen's form (no account) and the private tracking page behind the token link."""

from __future__ import annotations

import hmac

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from kotacerdas.apps.aduan_warga.config import AduanContext
from kotacerdas.apps.aduan_warga.models import Report, Status
from kotacerdas.apps.aduan_warga.queries import (
    STATUS_COLOURS,
    map_options,
    photos_of,
    public_timeline,
)
from kotacerdas.apps.aduan_warga.services import ReportInvalid, workflow
from kotacerdas.apps.aduan_warga.services.reporting import (
    ReportInput,
    Upload,
    hash_token,
    submit_report,
)


def _coordinate(raw: str) -> float | None:
    raw = raw.strip()
    if not raw:
        return None
    try:
        return float(raw)
    except ValueError:
        raise ReportInvalid(
            "location", _("The pin's position is not valid; place it again.")
        ) from None


def _input(request: HttpRequest) -> ReportInput:
    form = request.POST
    files = request.FILES.getlist("photos")
    return ReportInput(
        service_code=form.get("service_code", ""),
        description=form.get("description", ""),
        lat=_coordinate(form.get("lat", "")),
        lng=_coordinate(form.get("lng", "")),
        address=form.get("address", ""),
        name=form.get("name", ""),
        phone=form.get("phone", ""),
        email=form.get("email", ""),
        anonymous=form.get("anonymous") == "on",
        photos=[Upload(f, f.size or 0) for f in files if f.size],
    )


def new_report(request: HttpRequest, ctx: AduanContext) -> HttpResponse:
    region = ctx.region
    error: ReportInvalid | None = None
    if request.method == "POST":
        try:
            report, token = submit_report(ctx, _input(request))
        except ReportInvalid as bad:
            error = bad
        else:
            messages.success(
                request,
                _("Report received. Your ticket number is %(ticket)s.") % {"ticket": report.ticket},
            )
            url = reverse("aduan_warga:track", args=[region.slug, report.ticket, token])
            return redirect(f"{url}?new=1")
    context = {
        "region": region,
        "conf": ctx.config,
        "error": error,
        "values": request.POST,
        "map": map_options(region),
    }
    return render(request, "aduan_warga/new.html", context, status=400 if error else 200)


def _tracked(ctx: AduanContext, ticket: str, token: str) -> Report:
    report = (
        Report.objects.scoped(ctx.scope)
        .filter(region=ctx.region, ticket=ticket)
        .select_related("agency")
        .first()
    )
    # Constant-time: the token is the reporter's only key to answer.
    if report is None or not hmac.compare_digest(report.tracking_hash, hash_token(token)):
        raise Http404
    return report


def track(request: HttpRequest, ctx: AduanContext, ticket: str, token: str) -> HttpResponse:
    region = ctx.region
    report = _tracked(ctx, ticket, token)
    error = ""
    if request.method == "POST":
        try:
            if request.POST.get("answer") == "confirm":
                workflow.confirm(ctx, report.pk)
                messages.success(request, _("Thank you: the report is closed."))
            else:
                workflow.reopen(ctx, report.pk, request.POST.get("note", ""))
                messages.success(request, _("The report is reopened and back with the agency."))
            return redirect(request.path)
        except ReportInvalid as bad:
            error = bad.message
    context = {
        "region": region,
        "conf": ctx.config,
        "report": report,
        "timeline": public_timeline(report),
        "photos": photos_of(report),
        "colour": STATUS_COLOURS.get(Status(report.status)),
        "can_answer": report.status == Status.RESOLVED,
        "error": error,
        "link": request.build_absolute_uri(request.path),
        "new": "new" in request.GET,
    }
    return render(request, "aduan_warga/track.html", context, status=400 if error else 200)
