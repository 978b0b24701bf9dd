"""Console: a region's ingest keys — issue (the clear key is shown once) and revoke.

The platform has checked sign-in and the region's private read; issuing and revoking need
the region admin (``ctx.is_admin``), as the core's key service also insists.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kotacerdas.apps.sensor_kota.config import SensorKotaConfig
from kotacerdas.apps.sensor_kota.models import Station
from kotacerdas.apps.sensor_kota.services.keys import (
    KeyRefused,
    ingest_key_station,
    ingest_keys,
    issue_ingest_key,
    revoke_ingest_key,
)
from kotacerdas.contract import AppContext
from kotacerdas.core.models import ApiKey

Ctx = AppContext[SensorKotaConfig]


@dataclass(frozen=True)
class KeyRow:
    key: ApiKey
    station: Station | None


def keys_page(request: HttpRequest, ctx: Ctx) -> HttpResponse:
    region, scope = ctx.region, ctx.scope
    clear = ""
    if request.method == "POST":
        if not ctx.is_admin:
            raise PermissionDenied
        if revoke := request.POST.get("revoke"):
            try:
                revoke_ingest_key(scope, region, revoke)
            except KeyRefused:
                messages.error(request, _("Key: there is no such key in this region."))
            else:
                messages.success(request, _("The key was revoked; senders using it get 401."))
            return redirect(request.path)
        name = request.POST.get("name", "").strip()
        station_code = request.POST.get("station", "")
        station = (
            Station.objects.scoped(scope).filter(region=region, code=station_code).first()
            if station_code
            else None
        )
        if not name:
            messages.error(request, _("Name: give the key a name, such as the logger's location."))
        elif station_code and station is None:
            messages.error(request, _("Station: there is no such station in this region."))
        else:
            try:
                _row, clear = issue_ingest_key(scope, region, name, station)
            except KeyRefused as exc:
                messages.error(request, exc.message)
    stations = list(Station.objects.scoped(scope).filter(region=region))
    by_id = {s.pk: s for s in stations}
    rows = [KeyRow(k, by_id.get(ingest_key_station(k) or 0)) for k in ingest_keys(scope, region)]
    return render(
        request,
        "sensor_kota/keys.html",
        {
            "region": region,
            "keys": rows,
            "stations": stations,
            "clear": clear,
            "can_change": ctx.is_admin,
            "access": ctx,  # the console shell shows the role from it
        },
    )
