"""Console: the facilities the caller may update, one facility's beds on one screen, the
registry form (Dinkes, region admin) and the API keys (region admin)."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.contrib import messages
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kotacerdas.apps.fasilitas_kesehatan import queries
from kotacerdas.apps.fasilitas_kesehatan.config import APP_KEY, FasilitasKesehatanSettings
from kotacerdas.apps.fasilitas_kesehatan.models import Facility
from kotacerdas.apps.fasilitas_kesehatan.services.access import (
    FACILITY_SUBJECT,
    manages_registry,
    may_update,
    updatable_facilities,
)
from kotacerdas.apps.fasilitas_kesehatan.services.beds import FIELDS, BedsRefused, update_beds
from kotacerdas.apps.fasilitas_kesehatan.services.registry import RegistryRefused, save_facility
from kotacerdas.apps.fasilitas_kesehatan.vocab import (
    MAX_COUNT,
    SERVICES,
    HospitalClass,
    Kind,
    Owner,
    RoomClass,
)
from kotacerdas.contract import AppContext
from kotacerdas.core.keys import KeyRefused, issue_key, keys_of, revoke_key

Ctx = AppContext[FasilitasKesehatanSettings]
WIB = ZoneInfo("Asia/Jakarta")


def page(ctx: Ctx, **extra: Any) -> dict[str, Any]:
    return {"region": ctx.region, "access": ctx, "section": APP_KEY, **extra}


def _user(request: HttpRequest) -> AbstractBaseUser | None:
    return request.user if isinstance(request.user, AbstractBaseUser) else None


def home(request: HttpRequest, ctx: Ctx) -> HttpResponse:
    if not ctx.is_staff:
        raise PermissionDenied
    rows = updatable_facilities(ctx)
    statuses = [
        {
            "s": s,
            "local": None
            if s.facility.beds_updated_at is None
            else timezone.localtime(s.facility.beds_updated_at, WIB),
        }
        for s in queries.statuses(ctx.region, ctx.config, rows)
    ]
    return render(
        request,
        "fasilitas_kesehatan/console/home.html",
        page(
            ctx,
            statuses=statuses,
            registry=manages_registry(ctx),
            stale_hours=ctx.config.stale_hours,
        ),
    )


def beds(request: HttpRequest, ctx: Ctx, facility: str) -> HttpResponse:
    found = queries.facility(ctx.region, facility)
    if found is None:
        raise Http404(_("No such health facility"))
    if not ctx.is_staff or not may_update(ctx, found):
        raise PermissionDenied
    current = {b.room_class: b for b in queries.beds_of(found)}
    errors: dict[str, str] = {}
    typed: dict[str, dict[str, str]] = {}
    if request.method == "POST":
        typed = {
            rc: {f: str(request.POST.get(f"{rc}-{f}", ""))[:20] for f in FIELDS}
            for rc in RoomClass.values
        }
        try:
            result = update_beds(ctx, _user(request), found, typed)
        except BedsRefused as exc:
            errors = exc.errors
        else:
            messages.success(
                request,
                _("%(name)s: beds of %(n)d room classes saved at %(time)s WIB.")
                % {
                    "name": found.name,
                    "n": len(result.classes),
                    "time": timezone.localtime(result.at, WIB).strftime("%H:%M"),
                },
            )
            return redirect("fasilitas_kesehatan-console:home", region_slug=ctx.region.slug)
    rows = []
    for rc in RoomClass:
        b = current.get(rc.value)
        cells = []
        for f in FIELDS:
            if typed:
                value = typed[rc.value][f]
            elif b is None:
                value = ""
            else:
                v = getattr(b, f)
                value = "" if v is None else str(v)
            cells.append(
                {
                    "name": f"{rc.value}-{f}",
                    "field": f,
                    "value": value,
                    "error": errors.get(f"{rc.value}.{f}"),
                }
            )
        rows.append({"key": rc.value, "label": rc.label, "cells": cells, "exists": b is not None})
    general = [v for k, v in errors.items() if "." not in k]
    return render(
        request,
        "fasilitas_kesehatan/console/beds.html",
        page(ctx, f=found, rows=rows, errors=errors, general=general, max=MAX_COUNT),
    )


class FacilityForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=200)
    slug = forms.SlugField(label=gettext_lazy("Short code"), max_length=60)
    kind = forms.ChoiceField(label=gettext_lazy("Type"), choices=Kind.choices)
    kemenkes_code = forms.RegexField(
        label=gettext_lazy("Kemenkes code"),
        regex=r"^[0-9A-Za-z]{0,20}$",
        required=False,
        max_length=20,
    )
    hospital_class = forms.ChoiceField(
        label=gettext_lazy("Hospital class"), choices=HospitalClass.choices, required=False
    )
    owner = forms.ChoiceField(label=gettext_lazy("Owner"), choices=Owner.choices)
    address = forms.CharField(label=gettext_lazy("Address"), max_length=300, required=False)
    district = forms.CharField(label=gettext_lazy("Kecamatan"), max_length=80, required=False)
    district_code = forms.RegexField(
        label=gettext_lazy("Kecamatan code (6 digits)"),
        regex=r"^(\d{6})?$",
        required=False,
        max_length=6,
    )
    village_code = forms.RegexField(
        label=gettext_lazy("Kelurahan code (10 digits)"),
        regex=r"^(\d{10})?$",
        required=False,
        max_length=10,
    )
    lat = forms.FloatField(label=gettext_lazy("Latitude"), min_value=-90, max_value=90)
    lng = forms.FloatField(label=gettext_lazy("Longitude"), min_value=-180, max_value=180)
    phone = forms.RegexField(
        label=gettext_lazy("Phone"), regex=r"^[0-9+()\- ]{0,30}$", required=False, max_length=30
    )
    igd_24h = forms.BooleanField(label=gettext_lazy("24-hour emergency department"), required=False)
    services = forms.MultipleChoiceField(
        label=gettext_lazy("Services"),
        choices=[(k, v) for k, v in SERVICES.items()],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    opening_hours = forms.CharField(
        label=gettext_lazy("Opening hours"), max_length=120, required=False
    )
    accepts_bpjs = forms.BooleanField(
        label=gettext_lazy("Accepts BPJS"), required=False, initial=True
    )
    is_active = forms.BooleanField(label=gettext_lazy("Active"), required=False, initial=True)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for key, value in list(data.items()):
            if isinstance(value, str) and any(ord(c) < 32 or ord(c) == 127 for c in value):
                self.add_error(key, _("Control characters are not allowed."))
        return data


def edit_facility(request: HttpRequest, ctx: Ctx, facility: str | None = None) -> HttpResponse:
    if not manages_registry(ctx):
        raise PermissionDenied
    found: Facility | None = None
    if facility is not None:
        found = queries.facility(ctx.region, facility)
        if found is None:
            raise Http404(_("No such health facility"))
    initial = {} if found is None else {k: getattr(found, k) for k in FacilityForm.base_fields}
    form = FacilityForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = save_facility(ctx, found, dict(form.cleaned_data))
        except RegistryRefused as exc:
            for key, message in exc.errors.items():
                form.add_error(key if key in form.fields else None, message)
        else:
            messages.success(request, _("%(name)s saved.") % {"name": saved.name})
            return redirect("fasilitas_kesehatan-console:home", region_slug=ctx.region.slug)
    return render(
        request, "fasilitas_kesehatan/console/facility.html", page(ctx, form=form, f=found)
    )


class KeyForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=120)
    facility = forms.ChoiceField(label=gettext_lazy("Facility"), required=False)


def keys(request: HttpRequest, ctx: Ctx) -> HttpResponse:
    """Issue and revoke the keys facilities' systems push beds with (region admin)."""
    if not ctx.is_admin:
        raise PermissionDenied
    facilities = list(queries.facilities(ctx.region))
    choices = [("", _("Every facility"))] + [(str(f.pk), f.name) for f in facilities]

    def make(data: Any = None) -> KeyForm:
        form = KeyForm(data)
        field = form.fields["facility"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices
        return form

    form = make()
    issued: tuple[str, str] | None = None
    if request.method == "POST" and request.POST.get("action") == "revoke":
        try:
            row = revoke_key(ctx.scope, ctx.region, APP_KEY, request.POST.get("key", ""))
        except KeyRefused:
            messages.error(request, _("No such key; nothing was revoked."))
        else:
            messages.success(request, _("Key “%(name)s” revoked.") % {"name": row.name})
        return redirect("fasilitas_kesehatan-console:keys", region_slug=ctx.region.slug)
    if request.method == "POST":
        form = make(request.POST)
        if form.is_valid():
            chosen = form.cleaned_data["facility"]
            subject = (FACILITY_SUBJECT, int(chosen)) if chosen else None
            try:
                row, clear = issue_key(
                    ctx.scope,
                    ctx.region,
                    APP_KEY,
                    form.cleaned_data["name"],
                    subject=subject,
                    prefix="fk_",
                )
            except KeyRefused as exc:
                form.add_error("name" if exc.field == "name" else None, exc.message)
            else:
                issued = (row.name, clear)
                form = make()
    names = {f.pk: f.name for f in facilities}
    rows = [
        {
            "key": k,
            "facility": names.get(k.subject_id or 0)
            if k.subject_kind == FACILITY_SUBJECT
            else None,
        }
        for k in keys_of(ctx.scope, ctx.region, APP_KEY)
    ]
    return render(
        request,
        "fasilitas_kesehatan/console/keys.html",
        page(ctx, form=form, issued=issued, keys=rows),
    )
