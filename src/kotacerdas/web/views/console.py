"""The staff console shell: a region's overview, agencies and enabled apps (members are in
``people``)."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kotacerdas.contract import SmartCityApp, all_apps
from kotacerdas.core.models import Agency, AppInstallation, Membership, Region
from kotacerdas.core.opd import STANDARD_OPD
from kotacerdas.core.services.agencies import (
    AgencyRefused,
    add_standard,
    region_agency,
    save_agency,
    staff_count,
)
from kotacerdas.core.services.agencies import set_active as set_agency_active
from kotacerdas.core.services.regions import officer_provinces
from kotacerdas.platform.context import build
from kotacerdas.platform.installations import (
    ConfigInvalid,
    NotAllowed,
    UnknownApp,
    enable_app,
    enabled_apps,
    require_app,
    update_config,
)
from kotacerdas.web.forms import AgencyForm
from kotacerdas.web.schemaform import agency_choices, config_forms
from kotacerdas.web.views.access import ConsoleAccess, console_region, scope_of
from kotacerdas.web.views.setup import checklist


@login_required
def console_home(request: HttpRequest) -> HttpResponse:
    scope = scope_of(request)
    provinces = officer_provinces(request.user.pk) if not scope.is_platform_admin else []
    if len(provinces) == 1 and not scope.admin_regions and not scope.staff_regions:
        # A province officer works across the province: land on its room (every region
        # side by side), from which each region's room and overview are one click away.
        return redirect("situation:province", code=provinces[0].code)
    regions = [r for r in Region.objects.all() if scope.can_read_private(r.pk)]
    if len(regions) == 1 and not scope.is_platform_admin and not provinces:
        return redirect("console:region", region_slug=regions[0].slug)
    context = {
        "regions": regions,
        "provinces": provinces,
        "is_platform_admin": scope.is_platform_admin,
    }
    return render(request, "kotacerdas/console/home.html", context)


def _page(
    access: ConsoleAccess, template: str, section: str, status: int = 200, **extra: object
) -> HttpResponse:
    context = {"access": access, "region": access.region, "section": section, **extra}
    return render(access.request, f"kotacerdas/console/{template}", context, status=status)


def region_overview(request: HttpRequest, region_slug: str) -> HttpResponse:
    access = console_region(request, region_slug)
    if isinstance(access, HttpResponse):
        return access
    installations = AppInstallation.objects.scoped(access.scope).filter(region=access.region)
    agencies = Agency.objects.scoped(access.scope).filter(region=access.region, is_active=True)
    members = Membership.objects.scoped(access.scope).filter(region=access.region, is_active=True)
    setup = checklist(access) if access.is_admin else None
    return _page(
        access,
        "overview.html",
        "overview",
        app_count=installations.count(),
        agency_count=agencies.count(),
        member_count=members.count(),
        setup=setup,
    )


def _agency_form_error(form: AgencyForm, exc: AgencyRefused) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


def agencies(request: HttpRequest, region_slug: str) -> HttpResponse:
    """The region's agencies; admins add them from the standard OPD list or their own."""
    access = console_region(request, region_slug)
    if isinstance(access, HttpResponse):
        return access
    form = AgencyForm()
    status = 200
    if request.method == "POST":
        if not access.is_admin:
            raise PermissionDenied
        if request.POST.get("standard"):
            try:
                added = add_standard(access.scope, access.region, request.POST.getlist("opd"))
            except AgencyRefused as exc:
                messages.error(request, exc.message)
            else:
                if added:
                    messages.success(
                        request,
                        ngettext("%(n)d agency added.", "%(n)d agencies added.", len(added))
                        % {"n": len(added)},
                    )
                else:
                    messages.error(request, _("Tick at least one agency the region does not have."))
            return redirect("console:agencies", region_slug=region_slug)
        form = AgencyForm(request.POST, instance=Agency(region=access.region))
        if form.is_valid():
            try:
                save_agency(access.scope, form.save(commit=False), adding=True)
            except IntegrityError:
                form.add_error("slug", _("Another agency of this region has this short code."))
            except AgencyRefused as exc:
                _agency_form_error(form, exc)
            else:
                messages.success(request, _("Agency added."))
                return redirect("console:agencies", region_slug=region_slug)
        status = 400
    rows = list(
        Agency.objects.scoped(access.scope)
        .filter(region=access.region)
        .order_by("-is_active", "name")
    )
    have = {a.slug for a in rows}
    standard = [o for o in STANDARD_OPD if o.slug not in have]
    return _page(
        access,
        "agencies.html",
        "agencies",
        agencies=rows,
        form=form,
        standard=standard,
        english=get_language() == "en",
        status=status,
    )


def _refused(request: HttpRequest, message: str, status: int = 403) -> HttpResponse:
    return render(
        request, "kotacerdas/console/people_refused.html", {"message": message}, status=status
    )


def _region_agency(access: ConsoleAccess, pk: int) -> Agency | HttpResponse:
    if not access.is_admin:
        return _refused(
            access.request,
            _("Only an admin of %(region)s may change its agencies.") % {"region": access.region},
        )
    try:
        return region_agency(access.scope, access.region, pk)
    except AgencyRefused as exc:
        return _refused(access.request, exc.message, 404)


def agency_edit(request: HttpRequest, region_slug: str, pk: int) -> HttpResponse:
    access = console_region(request, region_slug)
    if isinstance(access, HttpResponse):
        return access
    agency = _region_agency(access, pk)
    if isinstance(agency, HttpResponse):
        return agency
    form = AgencyForm(instance=agency)
    status = 200
    if request.method == "POST":
        form = AgencyForm(request.POST, instance=agency)
        if form.is_valid():
            try:
                save_agency(access.scope, form.save(commit=False), adding=False)
            except AgencyRefused as exc:
                _agency_form_error(form, exc)
            else:
                messages.success(request, _("Agency saved."))
                return redirect("console:agencies", region_slug=region_slug)
        status = 400
    work = open_work(access, agency)
    targets = (
        Agency.objects.scoped(access.scope)
        .filter(region=access.region, is_active=True)
        .exclude(pk=agency.pk)
        .order_by("name")
    )
    return _page(
        access,
        "agency_edit.html",
        "agencies",
        agency=agency,
        form=form,
        work=work,
        work_total=sum(n for _app, n in work),
        targets=targets,
        staff=staff_count(access.scope, agency),
        status=status,
    )


def open_work(access: ConsoleAccess, agency: Agency) -> list[tuple[SmartCityApp, int]]:
    """Each enabled app's open work assigned to the agency, through the app contract."""
    found = []
    for app, installation in enabled_apps(access.region):
        ctx = build(app, access.region, installation, access.scope)
        count = app.agency_open_work(ctx, agency)
        if count:
            found.append((app, count))
    return found


@require_POST
def agency_active(request: HttpRequest, region_slug: str, pk: int) -> HttpResponse:
    """Deactivate (moving open work to another agency first) or reactivate an agency."""
    access = console_region(request, region_slug)
    if isinstance(access, HttpResponse):
        return access
    agency = _region_agency(access, pk)
    if isinstance(agency, HttpResponse):
        return agency
    back = redirect("console:agency", region_slug=region_slug, pk=pk)
    if request.POST.get("action") == "reactivate":
        set_agency_active(access.scope, agency, True)
        messages.success(request, _("%(agency)s is active again.") % {"agency": agency})
        return back
    raw_target = request.POST.get("to_agency", "")
    target = None
    if raw_target:
        target = (
            Agency.objects.scoped(access.scope)
            .filter(region=access.region, is_active=True)
            .filter(pk=int(raw_target) if raw_target.isdigit() else 0)
            .exclude(pk=agency.pk)
            .first()
        )
        if target is None:
            messages.error(request, _("Choose an active agency of this region to take the work."))
            return back
    moved: dict[str, int] = {}
    with transaction.atomic():
        if open_work(access, agency) and target is None:
            messages.error(
                request,
                _("%(agency)s still has open work: choose the agency that takes it over.")
                % {"agency": agency},
            )
            return back
        if target is not None:
            for app, installation in enabled_apps(access.region):
                ctx = build(app, access.region, installation, access.scope)
                n = app.reassign_agency_work(ctx, agency, target)
                if n:
                    moved[app.key] = n
            if open_work(access, agency):
                transaction.set_rollback(True)
                messages.error(request, _("Not all open work could be moved; nothing changed."))
                return back
        set_agency_active(
            access.scope, agency, False, moved_to=target.slug if target else "", moved=moved
        )
    if moved and target is not None:
        messages.success(
            request,
            _("%(agency)s is deactivated; %(n)d open items moved to %(target)s.")
            % {"agency": agency, "n": sum(moved.values()), "target": target},
        )
    else:
        messages.success(request, _("%(agency)s is deactivated.") % {"agency": agency})
    return back


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
