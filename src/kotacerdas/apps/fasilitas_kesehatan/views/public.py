"""Citizens' pages: the finder ("I need an ICU bed") and a facility with all its classes."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from kotacerdas.apps.fasilitas_kesehatan import queries
from kotacerdas.apps.fasilitas_kesehatan.config import FasilitasKesehatanSettings
from kotacerdas.apps.fasilitas_kesehatan.services.geo import parse_point
from kotacerdas.apps.fasilitas_kesehatan.vocab import SERVICES, Kind, Owner, RoomClass
from kotacerdas.contract import AppContext
from kotacerdas.core.maps import map_data

Ctx = AppContext[FasilitasKesehatanSettings]
WIB = ZoneInfo("Asia/Jakarta")
CHIPS = ["icu", "igd", "kelas-3", "kelas-2", "kelas-1", "vip", "nicu", "picu", "hcu", "isolasi"]


def ago(at: Any) -> str:
    minutes = queries.minutes_ago(at)
    if minutes < 1:
        return _("just now")
    if minutes < 60:
        return _("%(n)d min ago") % {"n": minutes}
    if minutes < 48 * 60:
        return _("%(n)d h ago") % {"n": minutes // 60}
    return _("%(n)d days ago") % {"n": minutes // (24 * 60)}


def _origin(request: HttpRequest, ctx: Ctx) -> tuple[float, float, str, str]:
    """Where to measure from: the shared location, a chosen kecamatan or a typed place,
    else the region's centre; with a label and a problem to show."""
    region = ctx.region
    point = parse_point(request.GET.get("lat", ""), request.GET.get("lon", ""))
    if point is not None:
        return point[0], point[1], _("your location"), ""
    problem = ""
    if request.GET.get("lat") or request.GET.get("lon"):
        problem = _("That location could not be read; showing distances from the city centre.")
    place = " ".join(str(request.GET.get("tempat", ""))[:80].split())
    if place:
        for name, lat, lng in queries.districts(region):
            if place.casefold() in name.casefold():
                return lat, lng, _("Kecamatan %(name)s") % {"name": name}, ""
        hit = queries.facilities(region).filter(name__icontains=place).first()
        if hit is not None:
            return hit.lat, hit.lng, hit.name, ""
        problem = _(
            "No kecamatan or facility called “%(place)s”; showing distances from the city centre."
        ) % {"place": place}
    return region.centre_lat, region.centre_lng, _("the city centre"), problem


def finder(request: HttpRequest, ctx: Ctx) -> HttpResponse:
    region, config = ctx.region, ctx.config
    wanted = str(request.GET.get("kelas", "icu"))[:20]
    problem_class = ""
    if wanted not in RoomClass.values:
        problem_class = _("Unknown room class; showing ICU.")
        wanted = "icu"
    lat, lng, origin, problem = _origin(request, ctx)
    hits = queries.nearest_free(region, config, wanted, lat, lng)
    rows = [
        {
            "hit": h,
            "km": round(h.km, 1),
            "local": timezone.localtime(h.updated_at, WIB),
            "ago": ago(h.updated_at),
            "kind": Kind(h.kind).label,
        }
        for h in hits
    ]
    chips = [(c, RoomClass(c).label) for c in CHIPS]
    features = [
        {
            "lat": h.lat,
            "lng": h.lng,
            "name": h.name,
            "free": h.free,
            "slug": h.slug,
            "stale": h.stale,
        }
        for h in hits
    ]
    shared = parse_point(request.GET.get("lat", ""), request.GET.get("lon", "")) is not None
    return render(
        request,
        "fasilitas_kesehatan/finder.html",
        {
            "region": region,
            "wanted": wanted,
            "wanted_label": RoomClass(wanted).label,
            "chips": chips,
            "rows": rows,
            "origin": origin,
            "origin_lat": lat,
            "origin_lng": lng,
            "shared": shared,
            "problem": problem or problem_class,
            "districts": [d[0] for d in queries.districts(region)],
            "place": str(request.GET.get("tempat", ""))[:80],
            "map": map_data(region, hits=features, origin=[lat, lng]),
            "stale_hours": config.stale_hours,
        },
    )


def facility(request: HttpRequest, ctx: Ctx, facility: str) -> HttpResponse:
    region, config = ctx.region, ctx.config
    found = queries.facility(region, facility)
    if found is None:
        raise Http404(_("No such health facility"))
    beds = [
        {"b": b, "label": RoomClass(b.room_class).label, "split": b.free_male is not None}
        for b in queries.beds_of(found)
    ]
    at = found.beds_updated_at
    return render(
        request,
        "fasilitas_kesehatan/facility.html",
        {
            "region": region,
            "f": found,
            "kind": Kind(found.kind).label,
            "owner": Owner(found.owner).label,
            "beds": beds,
            "services": [SERVICES[s] for s in found.services or [] if s in SERVICES],
            "updated": None if at is None else timezone.localtime(at, WIB),
            "ago": "" if at is None else ago(at),
            "stale": bool(beds) and queries.is_stale(config, at),
            "stale_hours": config.stale_hours,
            "map": map_data(
                region,
                hits=[
                    {
                        "lat": found.lat,
                        "lng": found.lng,
                        "name": found.name,
                        "free": None,
                        "slug": found.slug,
                        "stale": False,
                    }
                ],
            ),
        },
    )
