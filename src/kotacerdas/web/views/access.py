"""Resolving the region of a console page and checking the caller may be there."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from kotacerdas.core.models import Region
from kotacerdas.core.tenancy import Scope
from kotacerdas.platform.context import scope_of

__all__ = ["ConsoleAccess", "console_region", "scope_of"]


class ConsoleAccess:
    """The region a console page is about, and what the caller may do there."""

    def __init__(self, request: HttpRequest, region: Region, scope: Scope) -> None:
        self.request = request
        self.region = region
        self.scope = scope
        self.is_admin = scope.is_region_admin(region.pk)
        self.is_staff = scope.is_staff_of(region.pk)


def console_region(request: HttpRequest, slug: str) -> ConsoleAccess | HttpResponse:
    """A ConsoleAccess when the caller may read this region's private pages.

    Anonymous callers are sent to sign in; signed-in callers without a role here get 403.
    """
    region = get_object_or_404(Region, slug=slug)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    scope = scope_of(request)
    if not scope.can_read_private(region.pk):
        raise PermissionDenied
    return ConsoleAccess(request, region, scope)
