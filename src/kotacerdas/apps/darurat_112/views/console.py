"""The call-taker's console: the board of active incidents, the new-call form (keyboard
first: N opens it, the number field has the focus, number keys pick the type, Enter
dispatches the type's default responders), one-key closing of prank, silent and test calls,
and an incident's page with every call, every responder's times and the timers.

The caller's number appears on these staff pages only.
"""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kotacerdas.apps.darurat_112 import queries
from kotacerdas.apps.darurat_112.config import D112Context
from kotacerdas.apps.darurat_112.models import Dispatch, Outcome
from kotacerdas.apps.darurat_112.services import NotPermitted, Refused
from kotacerdas.apps.darurat_112.services import calls as call_service
from kotacerdas.apps.darurat_112.services import dispatch as dispatch_service
from kotacerdas.apps.darurat_112.views.common import incident_row, page, type_names
from kotacerdas.core.maps import map_data

KEYS = {"prank": "P", "silent": "S", "test": "T"}


def _board_rows(ctx: D112Context) -> list[dict[str, object]]:
    names = type_names(ctx)
    return [incident_row(ctx, inc, names) for inc in queries.active_incidents(ctx)]


def _recent_calls(ctx: D112Context) -> list[dict[str, object]]:
    """The last calls taken, with the hand-off to Aduan Warga for information calls."""
    from kotacerdas.apps.darurat_112.services.handoff import handoff_view

    closings = {c.key: c for c in ctx.config.closing_reasons}
    names = type_names(ctx)
    language = get_language() or "id"
    out: list[dict[str, object]] = []
    for call in queries.recent_calls(ctx):
        closing = closings.get(call.closing_key)
        out.append(
            {
                "call": call,
                "what": closing.name.label(language)
                if closing
                else names.get(call.type_key, call.get_outcome_display()),
                "handoff": handoff_view(ctx, call) if call.outcome == Outcome.INFORMATION else None,
            }
        )
    return out


def board(request: HttpRequest, ctx: D112Context) -> HttpResponse:
    if request.htmx:  # type: ignore[attr-defined]
        return board_fragment(request, ctx)
    return page(
        request,
        ctx,
        "console/board.html",
        rows=_board_rows(ctx),
        show_places=queries.is_call_taker(ctx),
        recent=_recent_calls(ctx) if queries.is_call_taker(ctx) else [],
        call_taker=queries.is_call_taker(ctx),
        after=queries.newest_event_id(),
    )


def board_fragment(request: HttpRequest, ctx: D112Context) -> HttpResponse:
    return page(
        request,
        ctx,
        "console/_board.html",
        rows=_board_rows(ctx),
        show_places=queries.is_call_taker(ctx),
    )


def _agency_options(ctx: D112Context) -> list[dict[str, object]]:
    agencies = queries.agencies_by_slug(ctx)
    used = {s for t in ctx.config.incident_types for s in t.responders}
    centre = set(ctx.config.call_centre)
    rows = [a for a in agencies.values() if a.slug not in centre]
    rows.sort(key=lambda a: (a.slug not in used, a.short_name or a.name))
    return [{"pk": a.pk, "slug": a.slug, "name": a.short_name or a.name} for a in rows]


def _type_options(ctx: D112Context) -> list[dict[str, object]]:
    agencies = queries.agencies_by_slug(ctx)
    names = type_names(ctx)
    out = []
    for i, t in enumerate(ctx.config.incident_types):
        hotkey = str((i + 1) % 10) if i < 10 else ""
        out.append(
            {
                "key": t.key,
                "name": names[t.key],
                "hotkey": hotkey,
                "emergency": t.emergency,
                "responders": ",".join(str(agencies[s].pk) for s in t.responders if s in agencies),
            }
        )
    return out


def _form(
    request: HttpRequest,
    ctx: D112Context,
    values: dict[str, object] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> HttpResponse:
    values = values or {}
    closings = [
        {"key": c.key, "kind": c.kind, "name": c.name.label(request.LANGUAGE_CODE)}
        for c in ctx.config.closing_reasons
    ]
    return page(
        request,
        ctx,
        "console/new_call.html",
        status=status,
        values=values,
        errors=errors or {},
        types=_type_options(ctx),
        agencies=_agency_options(ctx),
        closings=closings,
        keys=KEYS,
        answered_at=values.get("answered_at") or timezone.now().isoformat(),
        map=map_data(ctx.region),
    )


def new_call(request: HttpRequest, ctx: D112Context) -> HttpResponse:
    if request.GET.get("last"):
        return last_place(request, ctx)
    if not queries.is_call_taker(ctx):
        raise PermissionDenied(_("Only the 112 call centre takes calls."))
    if request.method != "POST":
        if request.GET.get("same"):
            return same_incident(request, ctx)
        return _form(request, ctx)
    if "kind" in request.POST:
        return close_call(request, ctx)
    values: dict[str, object] = {
        k: request.POST.get(k, "") for k in request.POST if k != "csrfmiddlewaretoken"
    }
    values["responders"] = request.POST.getlist("responders")
    data, errors = call_service.clean_call(ctx, request.POST, request.POST.getlist("responders"))
    if errors:
        return _form(request, ctx, values, errors, 400)
    try:
        call = call_service.take_call(ctx, data, request.user.pk)
    except Refused as exc:
        return _form(request, ctx, values, {exc.field or "form": exc.message}, 400)
    except NotPermitted as exc:
        raise PermissionDenied(str(exc)) from exc
    if call.outcome == Outcome.INFORMATION:
        messages.success(request, _("Information call recorded."))
    elif call.outcome == Outcome.ATTACHED:
        messages.success(
            request, _("Call added to incident #%(n)d.") % {"n": call.incident_id or 0}
        )
    else:
        names = ", ".join(
            d.agency.short_name or d.agency.name
            for d in Dispatch.objects.scoped(ctx.scope)
            .filter(incident_id=call.incident_id or 0)
            .select_related("agency")
        )
        messages.success(
            request,
            _("Incident #%(n)d dispatched to %(who)s.") % {"n": call.incident_id, "who": names},
        )
    return redirect("darurat_112-console:console", ctx.region.slug)


def close_call(request: HttpRequest, ctx: D112Context) -> HttpResponse:
    errors: dict[str, str] = {}
    phone = call_service.clean_phone(request.POST.get("phone"), errors)
    kind = str(request.POST.get("kind") or "")[:10]
    try:
        if errors:
            raise Refused(errors["phone"], "phone")
        call = call_service.close_nuisance(
            ctx,
            kind,
            str(request.POST.get("closing") or "")[:41],
            phone,
            call_service.clean_answered(request.POST.get("answered_at")),
            request.user.pk,
        )
    except Refused as exc:
        values: dict[str, object] = {
            k: request.POST.get(k, "") for k in request.POST if k != "csrfmiddlewaretoken"
        }
        return _form(request, ctx, values, {exc.field or "form": exc.message}, 400)
    except NotPermitted as exc:
        raise PermissionDenied(str(exc)) from exc
    closing = ctx.config.closing(call.closing_key)
    label = closing.name.label(request.LANGUAGE_CODE) if closing else call.get_outcome_display()
    messages.success(request, _("Call closed: %(reason)s.") % {"reason": label})
    return redirect("darurat_112-console:console", ctx.region.slug)


def same_incident(request: HttpRequest, ctx: D112Context) -> HttpResponse:
    """The "same incident?" offer for the form's type and place (htmx fragment)."""
    if not queries.is_call_taker(ctx):
        raise PermissionDenied
    errors: dict[str, str] = {}
    data, errors = call_service.clean_call(ctx, request.GET, [])
    found = (
        []
        if errors
        else queries.same_incident(ctx, data.type_key, data.lat, data.lng, data.address)
    )
    names = type_names(ctx)
    return page(
        request,
        ctx,
        "console/_same.html",
        found=[incident_row(ctx, inc, names) for inc in found],
    )


def last_place(request: HttpRequest, ctx: D112Context) -> JsonResponse:
    """Where this caller's last call was about (JSON for the form): the call centre only."""
    if not queries.is_call_taker(ctx):
        return JsonResponse(
            {"detail": _("Only the 112 call centre takes calls."), "field": None}, status=403
        )
    errors: dict[str, str] = {}
    phone = call_service.clean_phone(request.GET.get("phone"), errors)
    if errors:
        return JsonResponse({"detail": errors["phone"], "field": "phone"}, status=400)
    place = queries.last_call_place(ctx, phone)
    if place is None:
        return JsonResponse(
            {"detail": _("No earlier call with a place from this number."), "field": "phone"},
            status=404,
        )
    return JsonResponse(place)


def incident(request: HttpRequest, ctx: D112Context, pk: int) -> HttpResponse:
    inc = queries.incident(ctx, pk)
    if inc is None:
        raise Http404
    names = type_names(ctx)
    row = incident_row(ctx, inc, names)
    call_taker = queries.is_call_taker(ctx)
    # The callers' numbers and words: the call centre and the dispatched agencies only.
    involved = call_taker or any(d.agency_id in ctx.agencies for d in row["dispatches"])
    features = []
    if involved and inc.lat is not None and inc.lng is not None:
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [inc.lng, inc.lat]},
                "properties": {"name": row["name"]},
            }
        )
    return page(
        request,
        ctx,
        "console/incident.html",
        row=row,
        calls=queries.calls_of(ctx, inc) if involved and ctx.is_staff else [],
        involved=involved,
        agencies=_agency_options(ctx),
        call_taker=call_taker,
        map=map_data(ctx.region, features=features),
        steps={d.pk: dispatch_service.allowed(d.status) for d in row["dispatches"]},
        after=queries.newest_event_id(),
    )


@require_POST
def add_responders(request: HttpRequest, ctx: D112Context, pk: int) -> HttpResponse:
    ids = [v for v in request.POST.getlist("responders") if v.isdigit() and len(v) < 12]
    try:
        created = dispatch_service.add_responders(ctx, pk, [int(v) for v in ids])
    except Refused as exc:
        messages.error(request, exc.message)
    except NotPermitted as exc:
        raise PermissionDenied(str(exc)) from exc
    else:
        messages.success(request, _("%(n)d more responders dispatched.") % {"n": len(created)})
    return redirect("darurat_112-console:incident", ctx.region.slug, pk)


def _json(value: object) -> str:
    return json.dumps(value)
