"""Staff pages: the inbox by due date, a report with its actions, Open311 clients.

The platform has checked sign-in and that the caller may read the region's private pages
(province officers included, read-only); actions check ``ctx.is_staff`` / ``ctx.is_admin``
here, and the workflow services check who may take each step.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kotacerdas.apps.aduan_warga.config import AduanContext
from kotacerdas.apps.aduan_warga.models import Kind, Report, ReportAction, Status
from kotacerdas.apps.aduan_warga.queries import (
    STATUS_COLOURS,
    photos_of,
    reporter_for,
    staff_report,
)
from kotacerdas.apps.aduan_warga.queries import inbox as inbox_rows
from kotacerdas.apps.aduan_warga.services import NotPermitted, ReportInvalid, workflow
from kotacerdas.apps.aduan_warga.services.clients import (
    client_keys,
    issue_client_key,
    revoke_client_key,
)
from kotacerdas.core.models import Agency


def _page(request: HttpRequest, ctx: AduanContext, template: str, **extra: object) -> HttpResponse:
    context = {"access": ctx, "region": ctx.region, "section": "aduan-warga", **extra}
    return render(request, f"aduan_warga/console/{template}", context)


def inbox(request: HttpRequest, ctx: AduanContext) -> HttpResponse:
    status = request.GET.get("status", "")
    rows = inbox_rows(ctx, status)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return _page(
        request,
        ctx,
        "inbox.html",
        page=page,
        status=status,
        now=timezone.now(),
        statuses=Status.choices,
        colours=STATUS_COLOURS,
    )


def report(request: HttpRequest, ctx: AduanContext, ticket: str) -> HttpResponse:
    row = staff_report(ctx, ticket)
    if row is None:
        raise Http404
    history = ReportAction.objects.scoped(ctx.scope).filter(report=row).select_related("agency")
    handler = ctx.is_admin or (row.agency_id is not None and row.agency_id in ctx.agencies)
    return _page(
        request,
        ctx,
        "report.html",
        report=row,
        history=history,
        photos=photos_of(row),
        reporter=reporter_for(ctx, row),
        handler=handler,
        kinds=Kind.choices,
        agencies=Agency.objects.scoped(ctx.scope).filter(region=ctx.region),
        colour=STATUS_COLOURS.get(Status(row.status)),
        now=timezone.now(),
        suggested=_suggested_agency(ctx, row),
    )


def _suggested_agency(ctx: AduanContext, row: Report) -> str:
    if row.agency:
        return row.agency.slug
    category = ctx.config.category(row.service_code)
    return category.agency if category else ""


STEPS: dict[str, Callable[[workflow.Actor, int, HttpRequest], Report]] = {
    "verify": lambda a, pk, r: workflow.verify(a, pk, r.POST.get("note", "")),
    "postpone": lambda a, pk, r: workflow.postpone(a, pk, r.POST.get("note", "")),
    "not_authority": lambda a, pk, r: workflow.not_authority(a, pk, r.POST.get("note", "")),
    "archive": lambda a, pk, r: workflow.archive(a, pk, r.POST.get("note", "")),
    "merge": lambda a, pk, r: workflow.merge(a, pk, r.POST.get("into", "")),
    "classify": lambda a, pk, r: workflow.classify(a, pk, r.POST.get("kind", "")),
    "dispose": lambda a, pk, r: workflow.dispose(
        a, pk, r.POST.get("agency", ""), r.POST.get("note", "")
    ),
    "follow_up": lambda a, pk, r: workflow.follow_up(
        a, pk, r.POST.get("note", ""), public=r.POST.get("visibility") != "internal"
    ),
    "resolve": lambda a, pk, r: workflow.resolve(a, pk, r.POST.get("note", "")),
}


@require_POST
def act(request: HttpRequest, ctx: AduanContext, ticket: str, step: str) -> HttpResponse:
    if not ctx.is_staff:  # province officers read the region, they do not act in it
        raise PermissionDenied
    row = staff_report(ctx, ticket)
    if row is None or step not in STEPS:
        raise Http404
    actor = workflow.Actor.staff(ctx, request.user)  # type: ignore[arg-type]
    try:
        STEPS[step](actor, row.pk, request)
    except (ReportInvalid, NotPermitted) as failed:
        messages.error(request, getattr(failed, "message", str(failed)))
    else:
        messages.success(request, _("Saved."))
    return redirect("aduan_warga-console:report", ctx.region.slug, ticket)


def clients(request: HttpRequest, ctx: AduanContext) -> HttpResponse:
    """The region's Open311 keys (core API keys of this app): the admin issues and revokes."""
    new_key = ""
    if request.method == "POST":
        if not ctx.is_admin:
            raise PermissionDenied
        try:
            if revoke := request.POST.get("revoke"):
                revoke_client_key(ctx, revoke)
                messages.success(request, _("The key is revoked."))
            else:
                _row, new_key = issue_client_key(ctx, request.POST.get("name", ""))
        except (ReportInvalid, NotPermitted) as failed:
            messages.error(request, getattr(failed, "message", str(failed)))
    return _page(request, ctx, "clients.html", clients=client_keys(ctx), new_key=new_key)
