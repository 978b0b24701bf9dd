"""Onboarding regions (platform admin) and setting a region's place (its admin).

``/console/regions/`` lists the regions and adds one by Kemendagri code or by searching the
kabupaten/kota list by name (htmx search as you type; the same search works as a plain GET
form without JavaScript). ``/console/<region>/place/`` sets the centre and extent on a map or
in number fields, or from an uploaded GeoJSON boundary.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kotacerdas.core import geojson
from kotacerdas.core.maps import map_data
from kotacerdas.core.models import Region
from kotacerdas.core.services.regions import (
    NotAllowed,
    RegionError,
    add_region,
    set_region_place,
)
from kotacerdas.core.wilayah import REGULATION, search_kab_kota
from kotacerdas.web.views.access import console_region, scope_of

MAX_QUERY = 80


class AddRegionForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Kemendagri code"),
        max_length=20,
        help_text=gettext_lazy("Such as 33.08 (Kabupaten Magelang) or 3308."),
    )


class PlaceForm(forms.Form):
    """Centre and extent as plain numbers (the map fills them), or a boundary file."""

    centre_lat = forms.FloatField(label=gettext_lazy("Centre latitude"), required=False)
    centre_lng = forms.FloatField(label=gettext_lazy("Centre longitude"), required=False)
    bbox_west = forms.FloatField(label=gettext_lazy("West"), required=False)
    bbox_south = forms.FloatField(label=gettext_lazy("South"), required=False)
    bbox_east = forms.FloatField(label=gettext_lazy("East"), required=False)
    bbox_north = forms.FloatField(label=gettext_lazy("North"), required=False)
    boundary = forms.FileField(
        label=gettext_lazy("Boundary (GeoJSON)"),
        required=False,
        help_text=gettext_lazy(
            "A .geojson file with the region's Polygon or MultiPolygon, longitude first, at "
            "most 5 MB. When you upload one, the centre and extent come from it."
        ),
    )
    remove_boundary = forms.BooleanField(
        label=gettext_lazy("Remove the uploaded boundary"), required=False
    )

    CENTRE = ("centre_lat", "centre_lng")
    BBOX = ("bbox_west", "bbox_south", "bbox_east", "bbox_north")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload = data.get("boundary")
        if upload is not None:
            if upload.size > geojson.MAX_BYTES:
                self.add_error(
                    "boundary",
                    _("The file is larger than %(max)s MB.")
                    % {"max": geojson.MAX_BYTES // 1024 // 1024},
                )
            return data
        for group in (self.CENTRE, self.BBOX):
            given = [data.get(name) for name in group]
            if any(v is None for v in given) and not self.errors:
                for name, value in zip(group, given, strict=True):
                    if value is None:
                        self.add_error(name, _("Fill in this number, or upload a boundary."))
        return data


def _platform_admin(request: HttpRequest) -> None:
    if not scope_of(request).is_platform_admin:
        raise PermissionDenied(_("Only the platform admin may add regions."))


def _results(query: str) -> list[dict[str, Any]]:
    found = search_kab_kota(query[:MAX_QUERY]) if query.strip() else []
    existing = {r.code: r for r in Region.objects.filter(code__in=[k.code for k in found])}
    return [{"wilayah": k, "region": existing.get(k.code)} for k in found]


@login_required
def regions(request: HttpRequest) -> HttpResponse:
    _platform_admin(request)
    form = AddRegionForm()
    if request.method == "POST":
        form = AddRegionForm(request.POST)
        if form.is_valid():
            try:
                region = add_region(scope_of(request), form.cleaned_data["code"])
            except NotAllowed:
                raise PermissionDenied from None
            except RegionError as exc:
                form.add_error("code", str(exc))
            else:
                messages.success(
                    request,
                    _("%(name)s (%(code)s) added with slug %(slug)s. Now set its place.")
                    % {"name": region.name, "code": region.code, "slug": region.slug},
                )
                return redirect("console:region-place", region_slug=region.slug)
    query = request.GET.get("q", "")[:MAX_QUERY]
    rows = Region.objects.select_related("province").order_by("province__code", "code")
    return render(
        request,
        "kotacerdas/console/regions.html",
        {
            "regions": rows,
            "form": form,
            "query": query,
            "results": _results(query),
            "regulation": REGULATION,
        },
        status=400 if form.errors else 200,
    )


@login_required
def region_search(request: HttpRequest) -> HttpResponse:
    """The htmx fragment of search results (also a plain page fragment without JS)."""
    _platform_admin(request)
    query = request.GET.get("q", "")[:MAX_QUERY]
    return render(
        request,
        "kotacerdas/console/regions_results.html",
        {"query": query, "results": _results(query)},
    )


def region_place(request: HttpRequest, region_slug: str) -> HttpResponse:
    access = console_region(request, region_slug)
    if isinstance(access, HttpResponse):
        return access
    if not access.is_admin:
        raise PermissionDenied
    region = access.region
    if request.method == "POST":
        form = PlaceForm(request.POST, request.FILES)
        if form.is_valid() and _save_place(access.scope, region, form):
            messages.success(request, _("The region's place is saved."))
            return redirect("console:region-place", region_slug=region.slug)
        region.refresh_from_db()
    else:
        form = PlaceForm(
            initial={
                "centre_lat": round(region.centre_lat, 6),
                "centre_lng": round(region.centre_lng, 6),
                "bbox_west": round(region.bbox_west, 6),
                "bbox_south": round(region.bbox_south, 6),
                "bbox_east": round(region.bbox_east, 6),
                "bbox_north": round(region.bbox_north, 6),
            }
        )
    return render(
        request,
        "kotacerdas/console/regions_place.html",
        {
            "access": access,
            "region": region,
            "section": "place",
            "form": form,
            "map": map_data(region),
            "is_platform_admin": access.scope.is_platform_admin,
        },
        status=400 if form.errors else 200,
    )


_ERROR_FIELD = {"centre": "centre_lat", "bbox": "bbox_west", "boundary": "boundary"}


def _save_place(scope: Any, region: Region, form: PlaceForm) -> bool:
    data = form.cleaned_data
    upload = data.get("boundary")
    try:
        if upload is not None:
            set_region_place(scope, region, None, None, upload.read(geojson.MAX_BYTES + 1))
        else:
            set_region_place(
                scope,
                region,
                (data["centre_lat"], data["centre_lng"]),
                (data["bbox_west"], data["bbox_south"], data["bbox_east"], data["bbox_north"]),
                remove_boundary=bool(data.get("remove_boundary")),
            )
    except NotAllowed:
        raise PermissionDenied from None
    except RegionError as exc:
        form.add_error(_ERROR_FIELD.get(exc.field), str(exc))
        return False
    return True
