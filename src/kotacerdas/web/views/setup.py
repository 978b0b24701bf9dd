"""The setup checklist of a new region: place, agencies, people, apps, public room.

Each item is done or pending, with a count and the button that does it; when all are done
the page says the region is live, with links to its public page and its room.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_stubs_ext import StrOrPromise

from kotacerdas.core.models import Agency, AppInstallation, Membership
from kotacerdas.core.tenancy import Role
from kotacerdas.web.views.access import ConsoleAccess, console_region

# One running app makes the step done; the page shows how many run.
APPS_WANTED = 1


@dataclass(frozen=True)
class Step:
    key: str
    title: StrOrPromise
    explain: StrOrPromise
    done: bool
    count: int | None
    url: str | None
    button: StrOrPromise


@dataclass(frozen=True)
class Checklist:
    steps: list[Step]

    @property
    def done(self) -> bool:
        return all(step.done for step in self.steps)

    @property
    def done_count(self) -> int:
        return sum(step.done for step in self.steps)


def _url(name: str, *args: object) -> str | None:
    """A link to a page another part of the platform provides, if it exists yet."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def _room_is_public(access: ConsoleAccess) -> bool:
    from kotacerdas.situation.access import public_room_enabled

    return public_room_enabled(access.region)


def checklist(access: ConsoleAccess) -> Checklist:
    region = access.region
    slug = region.slug
    agencies = Agency.objects.scoped(access.scope).filter(region=region, is_active=True).count()
    people = (
        Membership.objects.scoped(access.scope)
        .filter(region=region, is_active=True)
        .exclude(role=Role.REGION_ADMIN, user_id=access.scope.user_id or 0)
        .count()
    )
    apps = AppInstallation.objects.scoped(access.scope).filter(region=region, enabled=True).count()
    public = _room_is_public(access)
    steps = [
        Step(
            "place",
            gettext_lazy("Set the region's place"),
            gettext_lazy("Centre, bounding box or boundary, so every map shows the region."),
            region.place_confirmed,
            None,
            reverse("console:region-place", args=[slug]),
            gettext_lazy("Set the place"),
        ),
        Step(
            "agencies",
            gettext_lazy("Choose the agencies (OPD)"),
            gettext_lazy("Pick them from the standard list or add your own."),
            agencies > 0,
            agencies,
            reverse("console:agencies", args=[slug]),
            gettext_lazy("Choose agencies"),
        ),
        Step(
            "people",
            gettext_lazy("Invite people"),
            gettext_lazy("Agency officers and other admins, by e-mail."),
            people > 0,
            people,
            reverse("console:members", args=[slug]) + "#invite",
            gettext_lazy("Invite people"),
        ),
        Step(
            "apps",
            gettext_lazy("Enable or adopt apps"),
            gettext_lazy(
                "Adopt a neighbour's app from the catalog, with its settings, or enable one."
            ),
            apps >= APPS_WANTED,
            apps,
            _url("catalog:console", slug) or reverse("console:apps", args=[slug]),
            gettext_lazy("Open the catalog"),
        ),
        Step(
            "room",
            gettext_lazy("Open the situation room to the public"),
            gettext_lazy("Citizens see KPI tiles, public map layers and public alerts."),
            public,
            None,
            None,
            gettext_lazy("Open to the public"),
        ),
    ]
    return Checklist(steps)


def setup(request: HttpRequest, region_slug: str) -> HttpResponse:
    access = console_region(request, region_slug)
    if isinstance(access, HttpResponse):
        return access
    if not access.is_admin:
        raise PermissionDenied
    if request.method == "POST":
        from kotacerdas.platform.installations import NotAllowed
        from kotacerdas.situation.services import set_public_room

        enabled = request.POST.get("public_room") == "on"
        try:
            set_public_room(access.scope, access.region, enabled)
        except NotAllowed:
            raise PermissionDenied from None
        if enabled:
            messages.success(request, _("The public situation room is open to citizens."))
        else:
            messages.success(request, _("The public situation room is closed."))
        return redirect("console:setup", region_slug=region_slug)
    items = checklist(access)
    return render(
        request,
        "kotacerdas/console/setup.html",
        {
            "access": access,
            "region": access.region,
            "section": "setup",
            "checklist": items,
            "room_public": items.steps[-1].done,
        },
    )
