"""Shared bits of the staff pages."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language

from kotacerdas.apps.darurat_112 import queries
from kotacerdas.apps.darurat_112.config import D112Context
from kotacerdas.apps.darurat_112.models import Dispatch, Incident


def page(
    request: HttpRequest, ctx: D112Context, template: str, status: int = 200, **extra: Any
) -> HttpResponse:
    context = {"access": ctx, "region": ctx.region, "section": "darurat-112", **extra}
    return render(request, f"darurat_112/{template}", context, status=status)


def type_names(ctx: D112Context) -> dict[str, str]:
    language = get_language() or "id"
    return {t.key: t.name.label(language) for t in ctx.config.incident_types}


def duration(seconds: float | None) -> str:
    """m:ss (or h:mm:ss) of a timer; an em dash when it has not started."""
    if seconds is None:
        return "—"
    s = max(int(seconds), 0)
    h, rest = divmod(s, 3600)
    m, sec = divmod(rest, 60)
    return f"{h}:{m:02d}:{sec:02d}" if h else f"{m}:{sec:02d}"


def incident_row(ctx: D112Context, inc: Incident, names: dict[str, str]) -> dict[str, Any]:
    dispatches: list[Dispatch] = list(inc.dispatches.all())
    t = queries.timers(inc)
    return {
        "inc": inc,
        "name": names.get(inc.type_key, inc.type_name),
        "dispatches": dispatches,
        "stage": queries.incident_stage(inc, dispatches),
        "a2d": duration(t.answer_to_dispatch),
        "d2s": duration(t.dispatch_to_scene),
        "total": duration(t.total),
        "target": duration(t.target),
        "late": t.late,
        "within": t.within_target,
    }
