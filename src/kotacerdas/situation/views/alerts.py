"""Operators acknowledge and close alerts from the feed; htmx swaps the item in place.

Closing by hand asks for a short reason (the core refuses an empty, over-long or
control-character one); acknowledging and closing record who and when.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kotacerdas.core.alerts import AlertNotFound, BadReason, acknowledge, close_by_operator
from kotacerdas.situation.access import RoomAccess, room_access
from kotacerdas.situation.feed import room_alert


def _item(
    request: HttpRequest, access: RoomAccess, alert_id: int, *, status: int = 200, **extra: Any
) -> HttpResponse:
    alert = room_alert(access.region, access.scope, alert_id, private=access.private)
    if alert is None:
        raise Http404
    context = {"alert": alert, "access": access, **extra}
    return render(request, "situation/_alert.html", context, status=status)


def alert_item(request: HttpRequest, region_slug: str, alert_id: int) -> HttpResponse:
    """One feed item, fetched when the stream says an alert changed."""
    access = room_access(request, region_slug)
    if isinstance(access, HttpResponse):
        return access
    return _item(request, access, alert_id)


def _refused(request: HttpRequest, access: RoomAccess, alert_id: int, error: str) -> HttpResponse:
    """The item again with the error beside the reason field and the typed reason kept.

    htmx swaps only 2xx answers, so its fragment is a 200; a plain form post (no script)
    gets a page with the item and a 400."""
    reason = request.POST.get("reason", "")[:200]
    extra = {"reason_error": error, "reason": reason}
    if request.htmx:  # type: ignore[attr-defined]
        return _item(request, access, alert_id, reason_error=error, reason=reason)
    alert = room_alert(access.region, access.scope, alert_id, private=True)
    context = {"alert": alert, "access": access, "region": access.region, **extra}
    return render(request, "situation/alert_close.html", context, status=400)


def _act(request: HttpRequest, region_slug: str, alert_id: int, action: str) -> HttpResponse:
    access = room_access(request, region_slug)
    if isinstance(access, HttpResponse):
        return access
    if not access.can_operate:
        raise PermissionDenied
    # The alert must belong to this room's region, not merely to one the caller operates.
    if room_alert(access.region, access.scope, alert_id, private=True) is None:
        raise Http404
    user = request.user
    assert user.is_authenticated
    try:
        if action == "acknowledge":
            acknowledge(access.scope, alert_id, user)
        else:
            close_by_operator(access.scope, alert_id, user, request.POST.get("reason", ""))
    except BadReason as exc:
        return _refused(request, access, alert_id, str(exc))
    except AlertNotFound:
        # Someone else acted first: show the item as it is now, with a note.
        if not request.htmx:  # type: ignore[attr-defined]
            messages.error(request, _("That alert was already handled by someone else."))
    if request.htmx:  # type: ignore[attr-defined]
        return _item(request, access, alert_id)
    return redirect("situation:room", region_slug)


@require_POST
def acknowledge_alert(request: HttpRequest, region_slug: str, alert_id: int) -> HttpResponse:
    return _act(request, region_slug, alert_id, "acknowledge")


@require_POST
def clear_alert(request: HttpRequest, region_slug: str, alert_id: int) -> HttpResponse:
    return _act(request, region_slug, alert_id, "clear")
