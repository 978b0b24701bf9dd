"""Agreements (PKS) in a region's catalog console: list, create, renew, end.

Region staff read the list; region admins record, renew and end the agreements their region
keeps. The public list stays at /catalog/agreements/.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kotacerdas.catalog.models import Agreement, Lineage
from kotacerdas.catalog.services import agreements as service
from kotacerdas.catalog.services.errors import CatalogError
from kotacerdas.catalog.services.visibility import AgreementBook, today, update_notice
from kotacerdas.contract import all_apps
from kotacerdas.core.audit import entries_for
from kotacerdas.core.models import Region
from kotacerdas.core.tenancy import Scope
from kotacerdas.platform.installations import NotAllowed
from kotacerdas.web.views.access import ConsoleAccess, console_region

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _date(label: Any, required: bool = True) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DATE)


class AgreementForm(forms.Form):
    number = forms.CharField(label=gettext_lazy("Number"), max_length=120)
    title = forms.CharField(label=gettext_lazy("Title"), max_length=300)
    signed_on = _date(gettext_lazy("Signed on"))
    parties = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Other parties"),
        queryset=Region.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    app_keys = forms.MultipleChoiceField(
        label=gettext_lazy("Apps in scope (none ticked: every app)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    valid_from = _date(gettext_lazy("Valid from"))
    valid_until = _date(gettext_lazy("Valid until (empty: open-ended)"), required=False)
    document = forms.FileField(
        label=gettext_lazy("Signed document (PDF, at most 10 MB)"), required=False
    )

    def __init__(self, region: Region, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        parties = self.fields["parties"]
        assert isinstance(parties, forms.ModelMultipleChoiceField)
        parties.queryset = Region.objects.filter(province_id=region.province_id).exclude(
            pk=region.pk
        )
        apps = self.fields["app_keys"]
        assert isinstance(apps, forms.MultipleChoiceField)
        apps.choices = [(a.key, a.manifest.label("id")) for a in all_apps()]


class RenewForm(forms.Form):
    valid_until = _date(gettext_lazy("New end date"))
    reason = forms.CharField(
        label=gettext_lazy("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=500
    )
    document = forms.FileField(
        label=gettext_lazy("Signed renewal (PDF, at most 10 MB)"), required=False
    )


class EndForm(forms.Form):
    ended_on = _date(gettext_lazy("Last valid day"))
    reason = forms.CharField(
        label=gettext_lazy("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=500
    )


def _console(request: HttpRequest, region_slug: str) -> ConsoleAccess | HttpResponse:
    access = console_region(request, region_slug)
    if isinstance(access, ConsoleAccess) and request.method == "POST" and not access.is_admin:
        raise PermissionDenied
    return access


def _document(form: forms.Form) -> bytes | None:
    upload = form.cleaned_data.get("document")
    if not upload:
        return None
    return service.read_document(upload, upload.size)


def _refuse(form: forms.Form, exc: CatalogError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


def _history(scope: Scope, region: Region) -> dict[str, list[Any]]:
    found: dict[str, list[Any]] = {}
    for entry in entries_for(scope, region).filter(action__startswith="agreement.")[:200]:
        found.setdefault(entry.target, []).append(entry)
    return found


def _listing(access: ConsoleAccess) -> list[dict[str, Any]]:
    region = access.region
    rows = list(
        Agreement.objects.scoped(Scope.public())
        .filter(parties=region)
        .select_related("region")
        .distinct()
    )
    parties = service.parties_of(rows)
    history = _history(access.scope, region) if access.is_admin else {}
    on = today()
    return [
        {
            "agreement": a,
            "parties": parties[a.pk],
            "active": a.is_active(on),
            "own": a.region_id == region.pk,
            "history": history.get(a.number, []) if a.region_id == region.pk else [],
        }
        for a in rows
    ]


def _render(access: ConsoleAccess, template: str, **extra: Any) -> HttpResponse:
    context = {"access": access, "region": access.region, "section": "catalog", **extra}
    return render(access.request, f"catalog/console/{template}", context)


def agreements(request: HttpRequest, region_slug: str) -> HttpResponse:
    """The region's agreements and, for its admins, the form to record a new one."""
    access = _console(request, region_slug)
    if isinstance(access, HttpResponse):
        return access
    form = AgreementForm(access.region)
    if request.method == "POST":
        form = AgreementForm(access.region, request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                agreement = service.create(
                    access.scope,
                    access.region,
                    number=data["number"],
                    title=data["title"],
                    signed_on=data["signed_on"],
                    parties=list(data["parties"]),
                    app_keys=data["app_keys"],
                    valid_from=data["valid_from"],
                    valid_until=data["valid_until"],
                    document=_document(form),
                    user_id=request.user.pk,
                )
            except CatalogError as exc:
                _refuse(form, exc)
            except NotAllowed:
                raise PermissionDenied from None
            else:
                messages.success(
                    request, _("Agreement %(number)s recorded.") % {"number": agreement.number}
                )
                return redirect("catalog:agreements-console", region_slug=region_slug)
    return _render(access, "agreements.html", listing=_listing(access), form=form)


def _own_agreement(access: ConsoleAccess, pk: int) -> Agreement:
    agreement = Agreement.objects.scoped(Scope.public()).filter(pk=pk, region=access.region).first()
    if agreement is None:
        raise Http404("this region keeps no such agreement")
    return agreement


def renew(request: HttpRequest, region_slug: str, pk: int) -> HttpResponse:
    access = _console(request, region_slug)
    if isinstance(access, HttpResponse):
        return access
    if not access.is_admin:
        raise PermissionDenied
    agreement = _own_agreement(access, pk)
    form = RenewForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            service.renew(
                access.scope,
                access.region,
                agreement.pk,
                valid_until=form.cleaned_data["valid_until"],
                reason=form.cleaned_data["reason"],
                document=_document(form),
                user_id=request.user.pk,
            )
        except CatalogError as exc:
            _refuse(form, exc)
        else:
            messages.success(
                request, _("Agreement %(number)s renewed.") % {"number": agreement.number}
            )
            return redirect("catalog:agreements-console", region_slug=region_slug)
    return _render(access, "agreements_change.html", agreement=agreement, form=form, action="renew")


def end(request: HttpRequest, region_slug: str, pk: int) -> HttpResponse:
    access = _console(request, region_slug)
    if isinstance(access, HttpResponse):
        return access
    if not access.is_admin:
        raise PermissionDenied
    agreement = _own_agreement(access, pk)
    form = EndForm(request.POST or None, initial={"ended_on": today()})
    if request.method == "POST" and form.is_valid():
        try:
            service.end(
                access.scope,
                access.region,
                agreement.pk,
                ended_on=form.cleaned_data["ended_on"],
                reason=form.cleaned_data["reason"],
                user_id=request.user.pk,
            )
        except CatalogError as exc:
            _refuse(form, exc)
        else:
            messages.success(
                request, _("Agreement %(number)s ended.") % {"number": agreement.number}
            )
            return redirect("catalog:agreements-console", region_slug=region_slug)
    return _render(access, "agreements_change.html", agreement=agreement, form=form, action="end")


def warn_out_of_reach(request: HttpRequest, region: Region, app_key: str | None = None) -> None:
    """On the region's catalog pages: say, for each adopted app whose later upstream versions
    are out of reach, that the agreement ended (or that there is none)."""
    rows = Lineage.objects.scoped(Scope.public()).select_related(
        "region", "upstream__variant__region"
    )
    rows = rows.filter(region=region, **({"app_key": app_key} if app_key else {}))
    book = AgreementBook()
    for lineage in rows:
        notice = update_notice(lineage, book)
        if notice is not None:
            messages.warning(request, notice.text())
