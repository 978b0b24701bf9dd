"""The room's page in the staff console: whether citizens get a read-only room, and the
region's alert history (who acknowledged and closed each alert, when, and why)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kotacerdas.platform.installations import NotAllowed
from kotacerdas.situation.access import public_room_enabled
from kotacerdas.situation.feed import HISTORY_PAGE, alert_history
from kotacerdas.situation.services import set_public_room
from kotacerdas.web.views.access import console_region


def room_settings(request: HttpRequest, region_slug: str) -> HttpResponse:
    access = console_region(request, region_slug)
    if isinstance(access, HttpResponse):
        return access
    region = access.region
    if request.method == "POST":
        enabled = request.POST.get("public_room") == "on"
        try:
            set_public_room(access.scope, region, enabled)
        except NotAllowed:
            raise PermissionDenied from None
        if enabled:
            messages.success(request, _("The public situation room is open to citizens."))
        else:
            messages.success(request, _("The public situation room is closed."))
        return redirect("situation:settings", region.slug)
    raw_before = request.GET.get("before", "")
    if raw_before and not raw_before.isdigit():
        message = _("“before” must be the id of an alert (a whole number).")
        return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
    before = int(raw_before) if raw_before else None
    history = alert_history(region, access.scope, before=before)
    return render(
        request,
        "situation/console.html",
        {
            "region": region,
            "access": access,
            "section": "situation",
            "public_room": public_room_enabled(region),
            "history": history,
            "next_before": history[-1].pk if len(history) == HISTORY_PAGE else None,
        },
    )
