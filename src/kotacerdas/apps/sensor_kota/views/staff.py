"""Console: a region's ingest keys — issue (the clear key is shown once) and revoke."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kotacerdas.apps.sensor_kota.ingest.keys import issue_key, revoke_key
from kotacerdas.apps.sensor_kota.models import IngestKey, Station
from kotacerdas.web.views.access import console_region


def keys_page(request: HttpRequest, region_slug: str) -> HttpResponse:
    access = console_region(request, region_slug)
    if isinstance(access, HttpResponse):
        return access
    region, scope = access.region, access.scope
    clear = ""
    if request.method == "POST" and access.is_admin:
        if revoke := request.POST.get("revoke"):
            revoke_key(scope, int(revoke))
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
        else:
            _row, clear = issue_key(scope, region, name, station)
    keys = IngestKey.objects.scoped(scope).filter(region=region).select_related("station")
    stations = Station.objects.scoped(scope).filter(region=region)
    return render(
        request,
        "sensor_kota/keys.html",
        {
            "region": region,
            "keys": keys,
            "stations": stations,
            "clear": clear,
            "can_change": access.is_admin,
            "access": access,  # the console shell shows the role from it
        },
    )
