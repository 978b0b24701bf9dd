"""Staff pages: the inbox by due date, a report with its actions, Open311 clients."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kotacerdas.apps.aduan_warga.models import ApiClient, Kind, Report, ReportAction, Status
from kotacerdas.apps.aduan_warga.queries import inbox as inbox_rows
from kotacerdas.apps.aduan_warga.queries import photos_of, reporter_for, staff_report
from kotacerdas.apps.aduan_warga.services import NotPermitted, ReportInvalid, workflow
from kotacerdas.apps.aduan_warga.services.clients import issue_key, revoke_key
from kotacerdas.apps.aduan_warga.views.common import STATUS_COLOURS, region_or_404
from kotacerdas.core.models import Agency
from kotacerdas.web.views.access import ConsoleAccess, console_region


def _access(request: HttpRequest, region_slug: str) -> ConsoleAccess | HttpResponse:
    region_or_404(region_slug)
    return console_region(request, region_slug)


def _page(access: ConsoleAccess, template: str, **extra: object) -> HttpResponse:
    context = {"access": access, "region": access.region, "section": "aduan-warga", **extra}
    return render(access.request, f"aduan_warga/console/{template}", context)


def inbox(request: HttpRequest, region_slug: str) -> HttpResponse:
    access = _access(request, region_slug)
    if isinstance(access, HttpResponse):
        return access
    status = request.GET.get("status", "")
    rows = inbox_rows(access.scope, access.region, status)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return _page(
        access,
        "inbox.html",
        page=page,
        status=status,
        now=timezone.now(),
        statuses=Status.choices,
        colours=STATUS_COLOURS,
    )


def report(request: HttpRequest, region_slug: str, ticket: str) -> HttpResponse:
    access = _access(request, region_slug)
    if isinstance(access, HttpResponse):
        return access
    row = staff_report(access.scope, access.region, ticket)
    if row is None:
        raise Http404
    history = ReportAction.objects.scoped(access.scope).filter(report=row).select_related("agency")
    handler = access.is_admin or (
        row.agency_id is not None and row.agency_id in access.scope.agencies
    )
    return _page(
        access,
        "report.html",
        report=row,
        history=history,
        photos=photos_of(row),
        reporter=reporter_for(access.scope, row),
        handler=handler,
        kinds=Kind.choices,
        agencies=Agency.objects.scoped(access.scope).filter(region=access.region),
        colour=STATUS_COLOURS.get(Status(row.status)),
        now=timezone.now(),
        suggested=_suggested_agency(region_slug, row),
    )


def _suggested_agency(region_slug: str, row: Report) -> str:
    _region, conf = region_or_404(region_slug)
    category = conf.category(row.service_code) or {}
    return row.agency.slug if row.agency else str(category.get("agency", ""))


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
def act(request: HttpRequest, region_slug: str, ticket: str, step: str) -> HttpResponse:
    access = _access(request, region_slug)
    if isinstance(access, HttpResponse):
        return access
    row = staff_report(access.scope, access.region, ticket)
    if row is None or step not in STEPS:
        raise Http404
    actor = workflow.Actor.staff(access.scope, request.user)  # type: ignore[arg-type]
    try:
        STEPS[step](actor, row.pk, request)
    except (ReportInvalid, NotPermitted) as failed:
        messages.error(request, getattr(failed, "message", str(failed)))
    else:
        messages.success(request, _("Saved."))
    return redirect("aduan_warga-console:report", region_slug, ticket)


def clients(request: HttpRequest, region_slug: str) -> HttpResponse:
    access = _access(request, region_slug)
    if isinstance(access, HttpResponse):
        return access
    new_key = ""
    if request.method == "POST" and access.is_admin:
        try:
            if request.POST.get("revoke"):
                revoke_key(access.scope, access.region, int(request.POST["revoke"]))
                messages.success(request, _("The key is revoked."))
            else:
                name = request.POST.get("name", "")
                _client, new_key = issue_key(access.scope, access.region, name, request.user.pk)
        except (ReportInvalid, NotPermitted, ValueError) as failed:
            messages.error(request, getattr(failed, "message", str(failed)))
    rows = ApiClient.objects.scoped(access.scope).filter(region=access.region)
    return _page(access, "clients.html", clients=rows, new_key=new_key)
