"""The catalog in a region's console: adopt, customise, merge, restore, publish, bundles."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from kotacerdas.catalog.forms import BundleForm, LogoForm, PublishForm
from kotacerdas.catalog.models import Branding, Variant, VariantVersion
from kotacerdas.catalog.queries import catalog_state
from kotacerdas.catalog.revisions import revision_context
from kotacerdas.catalog.services import bundles, history, publishing, sync
from kotacerdas.catalog.services.errors import CatalogError
from kotacerdas.catalog.services.visibility import offer_sharing
from kotacerdas.catalog.views import plain
from kotacerdas.catalog.views.agreements import warn_out_of_reach
from kotacerdas.contract import SmartCityApp
from kotacerdas.core.models import AppInstallation
from kotacerdas.core.tenancy import Action, Scope
from kotacerdas.platform.installations import (
    ConfigInvalid,
    NotAllowed,
    UnknownApp,
    enabled_apps,
    require_app,
    update_config,
)
from kotacerdas.web.schemaform import agency_choices, config_forms
from kotacerdas.web.views.access import ConsoleAccess, console_region


def _access(request: HttpRequest, region_slug: str, admin: bool = False) -> ConsoleAccess:
    access = console_region(request, region_slug)
    if isinstance(access, HttpResponse):
        raise _Redirect(access)
    if admin and request.method == "POST" and not access.is_admin:
        raise PermissionDenied
    return access


class _Redirect(Exception):
    def __init__(self, response: HttpResponse) -> None:
        self.response = response


def _page(access: ConsoleAccess, template: str, **extra: Any) -> HttpResponse:
    context = {"access": access, "region": access.region, "section": "catalog", **extra}
    return render(access.request, f"catalog/console/{template}", context)


def _app(key: str) -> SmartCityApp:
    try:
        return require_app(key)
    except UnknownApp:
        raise Http404(key) from None


def signed_in(view: Any) -> Any:
    """Turn the sign-in redirect of ``console_region`` into the response."""

    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            response: HttpResponse = view(request, *args, **kwargs)
        except _Redirect as exc:
            return exc.response
        except NotAllowed:
            raise PermissionDenied from None
        return response

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


@signed_in
def overview(request: HttpRequest, region_slug: str) -> HttpResponse:
    access = _access(request, region_slug, admin=True)
    form = BundleForm()
    if request.method == "POST":
        form = BundleForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                imported = bundles.import_bundle(
                    form.cleaned_data["bundle"],
                    access.scope,
                    access.region,
                    trust_unsigned=form.cleaned_data["trust_unsigned"],
                    user_id=request.user.pk,
                )
            except CatalogError as exc:
                form.add_error("bundle", exc.message)
            else:
                version = imported.version
                text = (
                    _("Imported as a copy in %(region)s: %(name)s v%(version)s (%(state)s).")
                    if imported.copy
                    else _("Bundle imported: %(name)s v%(version)s (%(state)s).")
                )
                state = _("verified") if imported.state == "verified" else _("unverified")
                messages.success(
                    request,
                    text
                    % {
                        "region": version.variant.region.name,
                        "name": version.variant.name,
                        "version": version.version,
                        "state": state,
                    },
                )
                return redirect("catalog:variant", pk=version.variant_id)
    rows = [
        (app, row, catalog_state(access.region, app.key))
        for app, row in enabled_apps(access.region)
    ]
    warn_out_of_reach(request, access.region)  # agreement ended: updates out of reach
    return _page(access, "overview.html", rows=rows, form=form)


@signed_in
def app_detail(request: HttpRequest, region_slug: str, key: str) -> HttpResponse:
    """Customise: the same schema-checked form as the console, with overrides marked."""
    access = _access(request, region_slug, admin=True)
    app = _app(key)
    installation = (
        AppInstallation.objects.scoped(access.scope)
        .filter(region=access.region, app_key=key)
        .first()
    )
    if installation is None:
        messages.error(request, _("This app is not enabled for the region yet."))
        return redirect("catalog:console", region_slug=region_slug)

    def save(config: dict[str, Any]) -> None:
        with revision_context("edited", user_id=request.user.pk):
            update_config(access.scope, access.region, key, config)

    forms = config_forms(
        request,
        app.manifest.config_schema,
        installation.config,
        agency_choices(access.scope, access.region),
        access.is_admin,
        save,
    )
    if forms.saved:
        messages.success(request, _("Configuration saved."))
        return redirect("catalog:app", region_slug=region_slug, key=key)
    state = sync.status(access.scope, access.region, key)
    warn_out_of_reach(request, access.region, key)  # agreement ended: updates out of reach
    own = (
        Variant.objects.scoped(access.scope)
        .filter(region=access.region, app_key=key, imported_from_code="")
        .first()
    )
    own_latest = own.latest() if own else None
    branding = (
        Branding.objects.scoped(access.scope).filter(region=access.region, app_key=key).first()
    )
    return _page(
        access,
        "app.html",
        app=app,
        installation=installation,
        sf=forms.form,
        form=forms.json_form,
        advanced_open=forms.advanced_open,
        state=state,
        revisions=history.revisions(access.scope, access.region, key)[:30],
        own=own,
        own_latest=own_latest,
        branding=branding,
        own_versions=VariantVersion.objects.scoped(access.scope).filter(variant=own) if own else [],
        publish_form=offer_sharing(
            PublishForm(
                app=app,
                initial={
                    "name": own.name if own else "",
                    "sharing": own.sharing if own else Variant.Scope.PARTNERS,
                },
            ),
            access.region,
            key,
        ),
        logo_form=LogoForm(),
    )


@signed_in
def publish(request: HttpRequest, region_slug: str, key: str) -> HttpResponse:
    access = _access(request, region_slug, admin=True)
    form = offer_sharing(PublishForm(request.POST or None, app=_app(key)), access.region, key)
    if request.method == "POST" and form.is_valid():
        try:
            version = publishing.publish(
                access.scope, access.region, key, user_id=request.user.pk, **form.cleaned_data
            )
        except CatalogError as exc:
            field = exc.field if exc.field in form.fields else None
            form.add_error(field, exc.message)
        else:
            messages.success(
                request,
                _("Published %(name)s v%(version)s.")
                % {"name": version.variant.name, "version": version.version},
            )
            return redirect("catalog:variant", pk=version.variant_id)
    return _page(access, "publish.html", app=_app(key), form=form)


@signed_in
def upload_logo(request: HttpRequest, region_slug: str, key: str) -> HttpResponse:
    access = _access(request, region_slug, admin=True)
    _app(key)
    form = LogoForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data, kind = form.cleaned_data["logo"]
        rows = Branding.objects.scoped(access.scope, Action.CHANGE).filter(
            region=access.region, app_key=key
        )
        if not rows.update(logo=data, logo_type=kind):
            rows.create(region=access.region, app_key=key, logo=data, logo_type=kind)
        messages.success(request, _("Logo saved; it goes with the next version you publish."))
    else:
        for error in form.errors.get("logo", []):
            messages.error(request, str(error))
    return redirect("catalog:app", region_slug=region_slug, key=key)


def branding_logo(request: HttpRequest, region_slug: str, key: str) -> HttpResponse:
    """A region's current logo of an app: public, like the app list of the region."""
    row = get_object_or_404(
        Branding.objects.scoped(Scope.public()), region__slug=region_slug, app_key=key
    )
    response = HttpResponse(bytes(row.logo), content_type=row.logo_type)
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@signed_in
def adopt(request: HttpRequest, region_slug: str, pk: int) -> HttpResponse:
    """Preview a variant version, map agency references, adopt in one step."""
    access = _access(request, region_slug, admin=True)
    version = get_object_or_404(
        VariantVersion.objects.scoped(Scope.public()).select_related("variant__region"), pk=pk
    )
    try:
        adopted, context = plain.adopt_context(
            request, access.scope, access.region, version, request.user.pk
        )
    except CatalogError as exc:
        messages.error(request, exc.message)
        return redirect("catalog:variant", pk=version.variant_id)
    if adopted:
        messages.success(
            request,
            _("Adopted %(name)s v%(version)s; the app is enabled with its configuration.")
            % {"name": version.variant.name, "version": version.version},
        )
        return redirect("catalog:app", region_slug=region_slug, key=version.variant.app_key)
    return _page(access, "adopt.html", app=_app(version.variant.app_key), **context)


@signed_in
def merge(request: HttpRequest, region_slug: str, key: str) -> HttpResponse:
    """The readable diff and the conflicts, resolved field by field."""
    access = _access(request, region_slug, admin=True)
    _app(key)
    state = sync.status(access.scope, access.region, key)
    if state is None or state.merge is None:
        messages.info(request, _("No update is waiting."))
        return redirect("catalog:app", region_slug=region_slug, key=key)
    merged, context = plain.merge_context(
        request, access.scope, access.region, key, request.user.pk
    )
    if merged:
        messages.success(
            request, _("Update v%(version)s merged.") % {"version": state.latest.version}
        )
        return redirect("catalog:app", region_slug=region_slug, key=key)
    return _page(access, "merge.html", app=_app(key), **context)


@signed_in
def restore(request: HttpRequest, region_slug: str, key: str) -> HttpResponse:
    access = _access(request, region_slug, admin=True)
    if request.method != "POST":
        return redirect("catalog:app", region_slug=region_slug, key=key)
    try:
        history.restore(
            access.scope,
            access.region,
            key,
            int(request.POST.get("revision", "0") or 0),
            request.user.pk,
        )
    except CatalogError as exc:
        messages.error(request, exc.message)
    except ConfigInvalid as exc:
        messages.error(
            request,
            _("Field %(field)s: %(message)s") % {"field": exc.field, "message": exc.message},
        )
    else:
        messages.success(request, _("Earlier configuration restored."))
    return redirect("catalog:app", region_slug=region_slug, key=key)


@signed_in
def export(request: HttpRequest, region_slug: str, pk: int) -> HttpResponse:
    """The signed bundle of one of this region's published versions (region admins)."""
    access = _access(request, region_slug)
    if not access.is_admin:
        raise PermissionDenied
    version = get_object_or_404(
        VariantVersion.objects.scoped(access.scope, Action.CHANGE).select_related(
            "variant__region"
        ),
        pk=pk,
        variant__region=access.region,
    )
    response = HttpResponse(bundles.export(version), content_type="application/zip")
    name = f"{version.variant.app_key}-{access.region.slug}-{version.version}.kcbundle"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
