"""Staff pages: the inbox by due date, the agency work queue ("Tugas saya"), a report with
the actions its state and the caller's role allow, Open311 clients.

The platform has checked sign-in and that the caller may read the region's private pages
(province officers included, read-only); actions check ``ctx.is_staff`` / ``ctx.is_admin``
here, and the workflow services check who may take each step.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
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
from kotacerdas.apps.aduan_warga.work_queue import (
    days_late,
    load_by_agency,
    own_queue_only,
    work_queue,
)
from kotacerdas.core.models import Agency


def _page(
    request: HttpRequest,
    ctx: AduanContext,
    template: str,
    http_status: int = 200,
    **extra: object,
) -> HttpResponse:
    context = {"access": ctx, "region": ctx.region, "section": "aduan-warga", **extra}
    return render(request, f"aduan_warga/console/{template}", context, status=http_status)


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
        names=_category_names(ctx),
    )


def _category_names(ctx: AduanContext) -> dict[str, str]:
    """Category names from the region's configuration, in the page's language (the report
    keeps the Indonesian name it was filed under)."""
    language = (get_language() or "id")[:2]
    return {c.service_code: c.name.label(language) for c in ctx.config.categories}


@dataclass(frozen=True)
class StepForm:
    """How the console offers one workflow step: its form's title, button and fields.

    ``note`` labels the internal text field (None: no text), ``message`` says whether the
    step takes a public message, ``required`` whether it needs one of the two texts.
    """

    title: str | Promise
    button: str | Promise
    note: str | Promise | None
    message: bool = True
    required: bool = False
    primary: bool = False


FORMS: dict[str, StepForm] = {
    "verify": StepForm(_l("Verify"), _l("Verify"), _l("Internal note")),
    "dispose": StepForm(
        _l("Dispose to an agency"),
        _l("Dispose"),
        _l("Instruction for the agency (internal)"),
        primary=True,
    ),
    "classify": StepForm(_l("Classify"), _l("Classify"), _l("Internal note"), message=False),
    "postpone": StepForm(
        _l("Postpone (tunda)"), _l("Postpone"), _l("Reason (internal)"), required=True
    ),
    "not_authority": StepForm(
        _l("Not our authority"),
        _l("Mark not our authority"),
        _l("Who handles it instead (internal)"),
        required=True,
    ),
    "merge": StepForm(_l("Merge duplicate into"), _l("Merge"), _l("Internal note")),
    "archive": StepForm(_l("Archive"), _l("Archive"), _l("Reason (internal)"), required=True),
    "follow_up": StepForm(
        _l("Follow-up"), _l("Post follow-up"), _l("Internal note"), required=True
    ),
    "resolve": StepForm(
        _l("Resolve"),
        _l("Mark resolved"),
        _l("What was done (internal)"),
        required=True,
        primary=True,
    ),
    "note": StepForm(
        _l("Internal note"), _l("Add internal note"), _l("Internal note"), message=False
    ),
}


def _report_page(
    request: HttpRequest,
    ctx: AduanContext,
    row: Report,
    failed: tuple[str, ReportInvalid] | None = None,
) -> HttpResponse:
    history = ReportAction.objects.scoped(ctx.scope).filter(report=row).select_related("agency")
    allowed: list[str] = []
    if ctx.is_staff:  # province officers read; they are offered nothing
        actor = workflow.Actor.staff(ctx, request.user)  # type: ignore[arg-type]
        allowed = workflow.allowed_actions(row, actor)
    steps = [{"step": step, "form": FORMS[step]} for step in allowed]
    names = _category_names(ctx)
    return _page(
        request,
        ctx,
        "report.html",
        http_status=400 if failed else 200,
        report=row,
        category=names.get(row.service_code, row.category_name),
        history=history,
        photos=photos_of(row),
        reporter=reporter_for(ctx, row),
        steps=steps,
        failed_step=failed[0] if failed else "",
        failed_field=failed[1].field if failed else "",
        failed_message=failed[1].message if failed else "",
        values=request.POST if failed else {},
        kinds=Kind.choices,
        agencies=_active_agencies(ctx),
        colour=STATUS_COLOURS.get(Status(row.status)),
        now=timezone.now(),
        suggested=_suggested_agency(ctx, row),
    )


def _active_agencies(ctx: AduanContext) -> QuerySet[Agency]:
    rows = Agency.objects.scoped(ctx.scope).filter(region=ctx.region)
    return rows.filter(is_active=True) if hasattr(Agency, "is_active") else rows


def report(request: HttpRequest, ctx: AduanContext, ticket: str) -> HttpResponse:
    row = staff_report(ctx, ticket)
    if row is None:
        raise Http404
    return _report_page(request, ctx, row)


def _suggested_agency(ctx: AduanContext, row: Report) -> str:
    if row.agency:
        return row.agency.slug
    category = ctx.config.category(row.service_code)
    return category.agency if category else ""


def _texts(r: HttpRequest) -> dict[str, str]:
    return {"note": r.POST.get("note", ""), "public_message": r.POST.get("public_message", "")}


STEPS: dict[str, Callable[[workflow.Actor, int, HttpRequest], Report]] = {
    "verify": lambda a, pk, r: workflow.verify(a, pk, **_texts(r)),
    "postpone": lambda a, pk, r: workflow.postpone(a, pk, **_texts(r)),
    "not_authority": lambda a, pk, r: workflow.not_authority(a, pk, **_texts(r)),
    "archive": lambda a, pk, r: workflow.archive(a, pk, **_texts(r)),
    "merge": lambda a, pk, r: workflow.merge(a, pk, r.POST.get("into", ""), **_texts(r)),
    "classify": lambda a, pk, r: workflow.classify(
        a, pk, r.POST.get("kind", ""), r.POST.get("note", "")
    ),
    "dispose": lambda a, pk, r: workflow.dispose(a, pk, r.POST.get("agency", ""), **_texts(r)),
    "follow_up": lambda a, pk, r: workflow.follow_up(
        a, pk, public=r.POST.get("visibility") != "internal", **_texts(r)
    ),
    "resolve": lambda a, pk, r: workflow.resolve(a, pk, **_texts(r)),
    "note": lambda a, pk, r: workflow.add_note(a, pk, r.POST.get("note", "")),
}
assert set(STEPS) == set(workflow.RULES) == set(FORMS), "one form and one call per step"


@require_POST
def act(request: HttpRequest, ctx: AduanContext, ticket: str, step: str) -> HttpResponse:
    if not ctx.is_staff:  # province officers read the region, they do not act in it
        raise PermissionDenied
    row = staff_report(ctx, ticket)
    if row is None or step not in STEPS:
        raise Http404
    actor = workflow.Actor.staff(ctx, request.user)  # type: ignore[arg-type]
    try:
        # A step the page does not offer (an old tab, a script): refused before anything.
        refused = workflow.refusal(actor, row, step)
        if refused is not None:
            raise refused
        STEPS[step](actor, row.pk, request)
    except (NotPermitted, ReportInvalid) as failed:
        if isinstance(failed, ReportInvalid) and failed.field != "status":
            # Bad input: the form again, with the error next to its field, text kept.
            return _report_page(request, ctx, row, (step, failed))
        messages.error(request, getattr(failed, "message", str(failed)))
    else:
        messages.success(request, _("Saved."))
    return redirect("aduan_warga-console:report", ctx.region.slug, ticket)


def work(request: HttpRequest, ctx: AduanContext) -> HttpResponse:
    """ "Tugas saya": the agency's reports, overdue first, then the oldest. Admins (and
    read-only officers) see every agency's queue, filtered by agency."""
    now = timezone.now()
    agency = request.GET.get("agency", "")[:40] if not own_queue_only(ctx) else ""
    rows = work_queue(ctx, agency, now)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    for r in page:
        r.days_late = days_late(r, now)  # type: ignore[attr-defined]
    return _page(
        request,
        ctx,
        "work.html",
        page=page,
        agency=agency,
        loads=[] if own_queue_only(ctx) else load_by_agency(ctx, now),
        own=own_queue_only(ctx),
        names=_category_names(ctx),
        now=now,
    )


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
