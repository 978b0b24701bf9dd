"""The room's settings in the staff console: whether citizens get a read-only room."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kotacerdas.platform.installations import NotAllowed
from kotacerdas.situation.access import public_room_enabled
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
    return render(
        request,
        "situation/console.html",
        {
            "region": region,
            "access": access,
            "section": "situation",
            "public_room": public_room_enabled(region),
        },
    )
