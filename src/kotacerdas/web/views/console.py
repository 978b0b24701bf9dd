"""The staff console shell: a region's overview, agencies, members and enabled apps."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kotacerdas.contract import all_apps
from kotacerdas.core.audit import record
from kotacerdas.core.models import Agency, AppInstallation, Membership, Region
from kotacerdas.core.tenancy import Action
from kotacerdas.platform.installations import (
    ConfigInvalid,
    NotAllowed,
    UnknownApp,
    enable_app,
    require_app,
    update_config,
)
from kotacerdas.web.forms import AgencyForm
from kotacerdas.web.schemaform import agency_choices, config_forms
from kotacerdas.web.views.access import ConsoleAccess, console_region, scope_of


@login_required
def console_home(request: HttpRequest) -> HttpResponse:
    scope = scope_of(request)
    regions = [r for r in Region.objects.all() if scope.can_read_private(r.pk)]
    if len(regions) == 1:
        return redirect("console:region", region_slug=regions[0].slug)
    return render(request, "kotacerdas/console/home.html", {"regions": regions})


def _page(access: ConsoleAccess, template: str, section: str, **extra: object) -> HttpResponse:
    context = {"access": access, "region": access.region, "section": section, **extra}
    return render(access.request, f"kotacerdas/console/{template}", context)


def region_overview(request: HttpRequest, region_slug: str) -> HttpResponse:
    access = console_region(request, region_slug)
    if isinstance(access, HttpResponse):
        return access
    installations = AppInstallation.objects.scoped(access.scope).filter(region=access.region)
    agencies = Agency.objects.scoped(access.scope).filter(region=access.region)
    members = Membership.objects.scoped(access.scope).filter(region=access.region)
    return _page(
        access,
        "overview.html",
        "overview",
        app_count=installations.count(),
        agency_count=agencies.count(),
        member_count=members.count(),
    )


def agencies(request: HttpRequest, region_slug: str) -> HttpResponse:
    access = console_region(request, region_slug)
    if isinstance(access, HttpResponse):
        return access
    form = AgencyForm()
    if request.method == "POST":
        if not access.scope.can(Action.CHANGE, Agency, access.region.pk):
            raise PermissionDenied
        form = AgencyForm(request.POST)
        if form.is_valid():
            try:
                with transaction.atomic():
                    agency = Agency.objects.scoped(access.scope, Action.CHANGE).create(
                        region=access.region, **form.cleaned_data
                    )
                    record(
                        "agency.changed",
                        region=access.region,
                        actor_id=access.scope.user_id,
                        target=agency.name,
                        detail={"change": "added", "slug": agency.slug},
                    )
            except IntegrityError:
                form.add_error("slug", _("Another agency of this region has this short code."))
            else:
                messages.success(request, _("Agency added."))
                return redirect("console:agencies", region_slug=region_slug)
    rows = Agency.objects.scoped(access.scope).filter(region=access.region)
    return _page(access, "agencies.html", "agencies", agencies=rows, form=form)


def members(request: HttpRequest, region_slug: str) -> HttpResponse:
    access = console_region(request, region_slug)
    if isinstance(access, HttpResponse):
        return access
    rows = (
        Membership.objects.scoped(access.scope)
        .filter(region=access.region)
        .select_related("user", "agency")
        .order_by("role", "user__username")
    )
    return _page(access, "members.html", "members", members=rows)


def apps(request: HttpRequest, region_slug: str) -> HttpResponse:
    access = console_region(request, region_slug)
    if isinstance(access, HttpResponse):
        return access
    if request.method == "POST":
        key = request.POST.get("app", "")
        try:
            enable_app(access.scope, access.region, key)
        except (UnknownApp, ConfigInvalid) as exc:
            messages.error(request, str(exc))
        except NotAllowed:
            raise PermissionDenied from None
        else:
            messages.success(request, _("App enabled."))
        return redirect("console:apps", region_slug=region_slug)
    rows = {
        i.app_key: i
        for i in AppInstallation.objects.scoped(access.scope).filter(region=access.region)
    }
    listing = [(app, rows.get(app.key)) for app in all_apps()]
    return _page(access, "apps.html", "apps", listing=listing)


def app_config(request: HttpRequest, region_slug: str, key: str) -> HttpResponse:
    access = console_region(request, region_slug)
    if isinstance(access, HttpResponse):
        return access
    try:
        app = require_app(key)
    except UnknownApp:
        raise Http404(key) from None
    installation = (
        AppInstallation.objects.scoped(access.scope)
        .filter(region=access.region, app_key=key)
        .first()
    )
    if installation is None:
        messages.error(request, _("This app is not enabled for the region yet."))
        return redirect("console:apps", region_slug=region_slug)
    if request.method == "POST" and not access.is_admin:
        raise PermissionDenied
    forms = config_forms(
        request,
        app.manifest.config_schema,
        installation.config,
        agency_choices(access.scope, access.region),
        access.is_admin,
        lambda config: update_config(access.scope, access.region, key, config),
    )
    if forms.saved:
        messages.success(request, _("Configuration saved."))
        return redirect("console:app-config", region_slug=region_slug, key=key)
    return _page(
        access,
        "app_config.html",
        "apps",
        app=app,
        installation=installation,
        sf=forms.form,
        form=forms.json_form,
        advanced_open=forms.advanced_open,
        schema=json.dumps(app.manifest.config_schema, indent=2),
    )
