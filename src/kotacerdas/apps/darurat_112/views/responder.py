"""The responder's phone view: the open dispatches of my agency (admins: every agency), the
place on a map, one big button for the next step, decline with a reason, and a tel: link to
call the caller back (staff only). It refreshes itself on every Darurat 112 event."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from kotacerdas.apps.darurat_112 import queries
from kotacerdas.apps.darurat_112.config import D112Context
from kotacerdas.apps.darurat_112.services import NotPermitted, Refused
from kotacerdas.apps.darurat_112.services import dispatch as dispatch_service
from kotacerdas.apps.darurat_112.views.common import duration, page, type_names
from kotacerdas.core.maps import map_data


def _rows(ctx: D112Context, only: int | None = None) -> list[dict[str, object]]:
    names = type_names(ctx)
    out = []
    dispatches = queries.my_dispatches(ctx, dispatch_id=only)
    phones = queries.first_phones(ctx, [d.incident_id for d in dispatches])
    for d in dispatches:
        inc = d.incident
        t = queries.timers(inc)
        out.append(
            {
                "d": d,
                "inc": inc,
                "name": names.get(inc.type_key, inc.type_name),
                "steps": dispatch_service.allowed(d.status),
                "phone": phones.get(inc.pk, ""),
                "total": duration(t.total),
                "late": t.late,
            }
        )
    return out


def _features(rows: list[dict[str, object]]) -> list[dict[str, object]]:
    return [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [r["inc"].lng, r["inc"].lat]},  # type: ignore[attr-defined]
            "properties": {"name": f"#{r['inc'].pk} {r['name']}", "dispatch": r["d"].pk},  # type: ignore[attr-defined]
        }
        for r in rows
        if r["inc"].lat is not None  # type: ignore[attr-defined]
    ]


def index(request: HttpRequest, ctx: D112Context) -> HttpResponse:
    if not ctx.is_staff:
        raise PermissionDenied
    if request.htmx:  # type: ignore[attr-defined]
        return fragment(request, ctx)
    rows = _rows(ctx)
    return page(
        request,
        ctx,
        "responder/index.html",
        rows=rows,
        map=map_data(ctx.region, features=_features(rows)),
        after=queries.newest_event_id(),
    )


def fragment(request: HttpRequest, ctx: D112Context) -> HttpResponse:
    if not ctx.is_staff:
        raise PermissionDenied
    rows = _rows(ctx)
    return page(request, ctx, "responder/_list.html", rows=rows)


@require_POST
def step(request: HttpRequest, ctx: D112Context, pk: int, step: str) -> HttpResponse:
    back = request.POST.get("back") == "incident"
    try:
        d = dispatch_service.advance(ctx, pk, step[:20], request.POST.get("reason", "")[:400])
    except Refused as exc:
        messages.error(request, exc.message)
        if request.htmx:  # type: ignore[attr-defined]
            response = fragment(request, ctx)  # the whole list, with the message
            response["HX-Retarget"] = "#dispatch-list"
            response["HX-Reswap"] = "outerHTML"
            return response
        return redirect("darurat_112-console:responder", ctx.region.slug)
    except NotPermitted as exc:
        raise PermissionDenied(str(exc)) from exc
    if back:
        return redirect("darurat_112-console:incident", ctx.region.slug, d.incident_id)
    if request.htmx:  # type: ignore[attr-defined]
        # Only this card: the other screens (and this list) follow from the event.
        rows = _rows(ctx, only=d.pk)
        if not rows:
            return HttpResponse("")
        return page(request, ctx, "responder/_card.html", r=rows[0])
    return redirect("darurat_112-console:responder", ctx.region.slug)
