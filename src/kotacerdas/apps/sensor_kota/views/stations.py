"""Console: the region's stations and sensors — list, add, edit, retire and reinstate, and
import from CSV (all or nothing, a report by row).

The platform has checked sign-in and the region's private read; every write needs
``services.stations.may_change`` (the region admin, or agency staff for their agency's
stations), checked again on the row read with ``Action.CHANGE``.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kotacerdas.apps.sensor_kota.config import SensorKotaConfig
from kotacerdas.apps.sensor_kota.derive.flood import levels
from kotacerdas.apps.sensor_kota.models import Station
from kotacerdas.apps.sensor_kota.quantities import QUANTITIES
from kotacerdas.apps.sensor_kota.services import station_import
from kotacerdas.apps.sensor_kota.services.station_form import StationForm
from kotacerdas.apps.sensor_kota.services.stations import (
    changeable,
    may_change,
    registry,
    save_station,
    set_retired,
)
from kotacerdas.contract import AppContext
from kotacerdas.core.maps import map_data

Ctx = AppContext[SensorKotaConfig]
NS = "sensor_kota-console"


def _page(ctx: Ctx, **extra: Any) -> dict[str, Any]:
    return {"region": ctx.region, "access": ctx, "section": "sensor-kota", **extra}


def _url(ctx: Ctx, name: str, *args: str) -> str:
    return reverse(f"{NS}:{name}", args=[ctx.region.slug, *args])


def _map(ctx: Ctx) -> dict[str, Any]:
    """What the place picker hands the shared map script (``kotacerdas/map.js``)."""
    return map_data(ctx.region)


def stations_page(request: HttpRequest, ctx: Ctx) -> HttpResponse:
    if not ctx.is_staff:
        raise PermissionDenied
    rows = list(registry(ctx))
    return render(
        request,
        "sensor_kota/console/stations.html",
        _page(
            ctx,
            stations=rows,
            changeable={s.pk for s in rows if may_change(ctx, s)},
            can_add=may_change(ctx),
            defaults=ctx.config.thresholds_for(None),
            levels=levels(ctx.config)[1:],
        ),
    )


def station_edit(request: HttpRequest, ctx: Ctx, code: str | None = None) -> HttpResponse:
    if not may_change(ctx):
        raise PermissionDenied
    station = None
    if code is not None:
        station = changeable(ctx, code)
        if station is None:
            raise Http404(code)
    if request.method == "POST":
        form = StationForm(request.POST, ctx=ctx, station=station)
        if form.is_valid():
            saved, created = save_station(ctx, request.user.pk, form.cleaned_data, station)
            messages.success(
                request,
                (_("Station %(name)s added.") if created else _("Station %(name)s saved."))
                % {"name": saved.name},
            )
            return redirect(_url(ctx, "stations"))
    else:
        form = StationForm(ctx=ctx, station=station)
    return render(
        request,
        "sensor_kota/console/station_form.html",
        _page(
            ctx,
            form=form,
            station=station,
            picker=_map(ctx),
            defaults=ctx.config.thresholds_for(None),
            units={q.code: q.unit for q in QUANTITIES.values()},
        ),
    )


def station_retire(request: HttpRequest, ctx: Ctx, code: str) -> HttpResponse:
    if request.method != "POST":
        return redirect(_url(ctx, "stations"))
    station = changeable(ctx, code)
    if station is None:
        raise Http404(code)
    retire = request.POST.get("retire") == "1"
    set_retired(ctx, request.user.pk, station, retire)
    done = (
        _("Station %(name)s retired; its history is kept.")
        if retire
        else _("Station %(name)s reinstated.")
    )
    messages.success(request, done % {"name": station.name})
    return redirect(_url(ctx, "stations"))


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("CSV file"))


def station_import_page(request: HttpRequest, ctx: Ctx) -> HttpResponse:
    if not may_change(ctx):
        raise PermissionDenied
    form = UploadForm()
    report = None
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                if upload.size > station_import.MAX_BYTES:
                    raise station_import.FileRefused(_("The file is larger than 1 MB."))
                report = station_import.check_and_import(ctx, request.user.pk, upload.read())
            except station_import.FileRefused as exc:
                form.add_error("file", str(exc))
    return render(
        request,
        "sensor_kota/console/import.html",
        _page(
            ctx,
            form=form,
            report=report,
            columns=station_import.columns(ctx.config),
            levels=levels(ctx.config)[1:],
            kinds=Station.Kind.choices,
            quantities=list(QUANTITIES.values()),
        ),
    )


def station_template(request: HttpRequest, ctx: Ctx) -> HttpResponse:
    if not ctx.is_staff:
        raise PermissionDenied
    response = HttpResponse(
        station_import.template_csv(ctx.config, ctx.region), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="stasiun-template.csv"'
    return response
