"""Public warnings: the public page, the BPBD console (issue, update, cancel, from a flood
alert) and the call-taker's hand-off of a non-emergency call.

``public_urls()`` and ``staff_urls()`` are included by the app's ``urls.py``; the platform
calls every view as ``view(request, ctx, **kwargs)``.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kotacerdas.apps.darurat_112.models import Call
from kotacerdas.apps.darurat_112.models_warnings import (
    CapCertainty,
    CapSeverity,
    CapUrgency,
    EventType,
    MsgType,
    Warning,
    WarningArea,
    WarningStatus,
)
from kotacerdas.apps.darurat_112.services import handoff
from kotacerdas.apps.darurat_112.services import warnings as svc
from kotacerdas.contract import AppContext
from kotacerdas.core.tenancy import Action

Ctx = AppContext[Any]


def public_urls() -> list[URLPattern]:
    from kotacerdas.apps.darurat_112.views import cap

    return [
        path("peringatan/", public_warnings, name="warnings"),
        path("cap.atom", cap.feed, name="cap-feed"),
        path("cap/<str:identifier>.xml", cap.alert, name="cap-alert"),
    ]


def staff_urls() -> list[URLPattern]:
    return [
        path("peringatan/", console, name="warnings-console"),
        path("peringatan/baru/", new_warning, name="warning-new"),
        path("peringatan/dari-alert/<int:alert_id>/", from_alert, name="warning-from-alert"),
        path("peringatan/<int:pk>/", edit_warning, name="warning-edit"),
        path("peringatan/<int:pk>/batal/", cancel, name="warning-cancel"),
        path("panggilan/<int:pk>/aduan/", call_handoff, name="call-handoff"),
    ]


def _language() -> str:
    return "en" if (get_language() or "id").startswith("en") else "id"


def card(row: Warning, language: str) -> dict[str, Any]:
    """What a public page shows of a warning: public texts only."""
    return {
        "row": row,
        "event": svc.event_name(row.event_type, language),
        "headline": row.headline(language),
        "description": row.description(language),
        "instruction": row.instruction(language),
        "severity_class": row.severity.lower(),
        "onset": svc.wib(row.onset),
        "expires": svc.wib(row.expires),
        "sent": svc.wib(row.sent_at) if row.sent_at else None,
    }


# ---------------------------------------------------------------- public


def public_warnings(request: HttpRequest, ctx: Ctx) -> HttpResponse:
    language = _language()
    rows = [card(w, language) for w in svc.current(ctx.region)]
    return render(
        request,
        "darurat_112/warnings/public.html",
        {
            "region": ctx.region,
            "cards": rows,
            "now": svc.wib(timezone.now()),
            "feed_url": request.build_absolute_uri(
                reverse("darurat_112:cap-feed", args=[ctx.region.slug])
            ),
        },
    )


# ---------------------------------------------------------------- console


def _page(
    request: HttpRequest, ctx: Ctx, template: str, status: int = 200, **extra: Any
) -> HttpResponse:
    context = {"access": ctx, "region": ctx.region, "section": "darurat-112", **extra}
    return render(request, f"darurat_112/warnings/{template}", context, status=status)


def console(request: HttpRequest, ctx: Ctx) -> HttpResponse:
    if not ctx.can_read_private:
        raise PermissionDenied
    language = _language()
    rows = svc.staff_list(ctx)
    return _page(
        request,
        ctx,
        "console.html",
        may_issue=svc.may_issue(ctx),
        current=[card(w, language) for w in svc.current(ctx.region)],
        drafts=list(rows.filter(status=WarningStatus.DRAFT).order_by("-created_at")[:50]),
        history=list(rows.filter(status=WarningStatus.ACTUAL).order_by("-sent_at")[:30]),
        alerts=list(svc.flood_alerts(ctx)[:20]),
    )


def _choices() -> dict[str, Any]:
    return {
        "events": EventType.choices,
        "severities": CapSeverity.choices,
        "urgencies": CapUrgency.choices,
        "certainties": CapCertainty.choices,
        "areas": WarningArea.choices,
    }


def _form(
    request: HttpRequest,
    ctx: Ctx,
    values: dict[str, str],
    *,
    errors: dict[str, str] | None = None,
    preview: dict[str, Any] | None = None,
    previous: Warning | None = None,
    draft: Warning | None = None,
    alert_id: int | None = None,
    status: int = 200,
) -> HttpResponse:
    return _page(
        request,
        ctx,
        "form.html",
        status=status,
        values=values,
        errors=errors or {},
        preview=preview,
        previous=previous,
        draft=draft,
        alert_id=alert_id,
        **_choices(),
    )


def _posted(request: HttpRequest) -> dict[str, str]:
    return {name: request.POST.get(name, "")[:20000] for name in svc.FIELDS}


def _handle(
    request: HttpRequest,
    ctx: Ctx,
    *,
    previous: Warning | None = None,
    draft: Warning | None = None,
    alert_id: int | None = None,
) -> HttpResponse:
    values = _posted(request)
    step = request.POST.get("step", "preview")
    keep: dict[str, Any] = {"previous": previous, "draft": draft, "alert_id": alert_id}
    try:
        checked = svc.check(ctx.region, values)
    except svc.WarningInvalid as bad:
        return _form(request, ctx, values, errors=bad.errors, status=400, **keep)
    try:
        if step == "publish":
            row = svc.publish_warning(
                ctx, checked, existing=draft, previous=previous, source_alert_id=alert_id
            )
            messages.success(request, _("Warning published: %(id)s") % {"id": row.identifier})
            return redirect("darurat_112-console:warnings-console", ctx.region.slug)
        if step == "draft":
            row = svc.save_draft(
                ctx, checked, existing=draft, previous=previous, source_alert_id=alert_id
            )
            messages.success(request, _("Draft saved."))
            return redirect("darurat_112-console:warning-edit", ctx.region.slug, row.pk)
    except svc.WarningInvalid as bad:
        return _form(request, ctx, values, errors=bad.errors, status=400, **keep)
    except svc.WarningRefused:
        raise PermissionDenied from None
    language = _language()
    preview = {
        "event": svc.event_name(checked.event_type, language),
        "checked": checked,
        "onset": svc.wib(checked.onset),
        "expires": svc.wib(checked.expires),
    }
    return _form(request, ctx, values, preview=preview, **keep)


def _require_issuer(ctx: Ctx) -> None:
    if not svc.may_issue(ctx):
        raise PermissionDenied


def new_warning(request: HttpRequest, ctx: Ctx) -> HttpResponse:
    _require_issuer(ctx)
    previous = None
    update_of = request.GET.get("update") or request.POST.get("update")
    if update_of:
        previous = _published(ctx, update_of)
    if request.method == "POST":
        return _handle(request, ctx, previous=previous)
    values = svc.form_values(previous) if previous is not None else svc.blank_values()
    if previous is not None:
        values["onset"], values["expires"] = (
            svc.local_input(previous.onset),
            svc.local_input(previous.expires),
        )
    return _form(request, ctx, values, previous=previous)


def _published(ctx: Ctx, raw: str) -> Warning:
    if not raw.isdigit() or len(raw) > 18:
        raise Http404
    row = (
        svc.staff_list(ctx)
        .filter(pk=int(raw), status=WarningStatus.ACTUAL, superseded_at__isnull=True)
        .exclude(msg_type=MsgType.CANCEL)
        .first()
    )
    if row is None:
        raise Http404
    return row


def from_alert(request: HttpRequest, ctx: Ctx, alert_id: int) -> HttpResponse:
    _require_issuer(ctx)
    alert = svc.flood_alerts(ctx).filter(pk=alert_id).first()
    if alert is None:
        raise Http404
    if request.method == "POST":
        return _handle(request, ctx, alert_id=alert.pk)
    return _form(request, ctx, svc.values_from_alert(ctx, alert), alert_id=alert.pk)


def edit_warning(request: HttpRequest, ctx: Ctx, pk: int) -> HttpResponse:
    """A draft (edit, publish) or a published warning (read, with update and cancel)."""
    row = svc.staff_list(ctx).filter(pk=pk).select_related("previous").first()
    if row is None:
        raise Http404
    if row.status == WarningStatus.DRAFT:
        _require_issuer(ctx)
        if request.method == "POST":
            return _handle(request, ctx, draft=row, previous=row.previous)
        return _form(request, ctx, svc.form_values(row), draft=row, previous=row.previous)
    language = _language()
    return _page(
        request,
        ctx,
        "detail.html",
        w=card(row, language),
        may_issue=svc.may_issue(ctx),
        in_force=row.superseded_at is None
        and row.msg_type != MsgType.CANCEL
        and row.expires > timezone.now(),
        chain=list(
            svc.staff_list(ctx)
            .filter(thread=row.thread, status=WarningStatus.ACTUAL)
            .order_by("sent_at")
        ),
    )


@require_POST
def cancel(request: HttpRequest, ctx: Ctx, pk: int) -> HttpResponse:
    _require_issuer(ctx)
    row = _published(ctx, str(pk))
    try:
        svc.cancel_warning(ctx, row, request.POST.get("note", "")[:2000])
    except svc.WarningInvalid as bad:
        language = _language()
        return _page(
            request,
            ctx,
            "detail.html",
            status=400,
            w=card(row, language),
            may_issue=True,
            in_force=True,
            errors=bad.errors,
            note=request.POST.get("note", "")[:300],
            chain=[row],
        )
    messages.success(request, _("The warning was cancelled."))
    return redirect("darurat_112-console:warnings-console", ctx.region.slug)


# ---------------------------------------------------------------- hand-off of a call


@require_POST
def call_handoff(request: HttpRequest, ctx: Ctx, pk: int) -> HttpResponse:
    if not ctx.is_staff:
        raise PermissionDenied
    call = (
        Call.objects.scoped(ctx.scope, Action.VIEW).filter(region_id=ctx.region_id, pk=pk).first()
    )
    if call is None:
        raise Http404
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = ""
    back = back or reverse("darurat_112-console:console", args=[ctx.region.slug])
    try:
        receipt = handoff.hand_off_call(ctx, call)
    except handoff.HandoffRefused as refused:
        messages.error(request, refused.message)
        return redirect(back)
    messages.success(request, _("The call is now citizen report %(ref)s.") % {"ref": receipt.ref})
    return redirect(back)
