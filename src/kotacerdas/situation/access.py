"""Who sees which room: operators the full room, citizens the public one where enabled."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from kotacerdas.core.models import Region
from kotacerdas.core.tenancy import Scope
from kotacerdas.situation.models import RoomSettings
from kotacerdas.web.views.access import scope_of


@dataclass(frozen=True)
class RoomAccess:
    region: Region
    scope: Scope
    # The full room (internal alerts, private layers); False is the citizens' room.
    private: bool
    # Region admins and agency staff of this region acknowledge and clear alerts.
    can_operate: bool
    can_configure: bool


def public_room_enabled(region: Region) -> bool:
    return (
        RoomSettings.objects.scoped(Scope.public()).filter(region=region, public_room=True).exists()
    )


def room_access(request: HttpRequest, region_slug: str) -> RoomAccess | HttpResponse:
    """The caller's room, or a sign-in redirect (anonymous) / PermissionDenied (no role)."""
    region = get_object_or_404(Region.objects.select_related("province"), slug=region_slug)
    scope = scope_of(request)
    if scope.can_read_private(region.pk):
        return RoomAccess(
            region,
            scope,
            private=True,
            can_operate=scope.is_staff_of(region.pk),
            can_configure=scope.is_region_admin(region.pk),
        )
    if public_room_enabled(region):
        return RoomAccess(region, scope, private=False, can_operate=False, can_configure=False)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied
