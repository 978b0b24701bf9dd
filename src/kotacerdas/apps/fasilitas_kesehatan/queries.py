"""Reads: the public finder, a facility with its classes, statuses for the map and console."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, Sum
from django.utils import timezone

from kotacerdas.apps.fasilitas_kesehatan.config import FasilitasKesehatanSettings
from kotacerdas.apps.fasilitas_kesehatan.models import Beds, DailyBeds, Facility
from kotacerdas.apps.fasilitas_kesehatan.services.alerts import stale_before
from kotacerdas.apps.fasilitas_kesehatan.services.geo import bbox_around, haversine_km
from kotacerdas.apps.fasilitas_kesehatan.vocab import ROOM_ORDER
from kotacerdas.contract import AppContext
from kotacerdas.core.models import Region
from kotacerdas.core.tenancy import Scope

__all__ = ["PUBLIC", "stale_before"]

Ctx = AppContext[FasilitasKesehatanSettings]
PUBLIC = Scope.public()  # the registry and bed counts are published data


def facilities(region: Region) -> Any:
    return Facility.objects.scoped(PUBLIC).filter(region=region, is_active=True)


def facility(region: Region, slug: str) -> Facility | None:
    found: Facility | None = facilities(region).filter(slug=slug[:60]).first()
    return found


@dataclass(frozen=True)
class Hit:
    slug: str
    name: str
    kind: str
    phone: str
    lat: float
    lng: float
    km: float
    free: int
    total: int
    waiting: int
    updated_at: dt.datetime
    stale: bool


def nearest_free(
    region: Region,
    config: FasilitasKesehatanSettings,
    room_class: str,
    lat: float,
    lng: float,
    *,
    limit: int = 20,
) -> list[Hit]:
    """Facilities with a free bed of ``room_class`` nearest to (lat, lng).

    First the facilities' positions inside the radius's bounding box (one narrow query),
    sorted by haversine distance here; then the free beds of the nearest ones only, in
    batches until ``limit`` are found."""
    south, north, west, east = bbox_around(lat, lng, config.finder_radius_km)
    radius = config.finder_radius_km
    positions = (
        facilities(region)
        .filter(lat__gte=south, lat__lte=north, lng__gte=west, lng__lte=east)
        .values_list("pk", "lat", "lng")
    )
    ranked = sorted(
        (km, pk) for pk, la, lo in positions if (km := haversine_km(lat, lng, la, lo)) <= radius
    )
    distance = {pk: km for km, pk in ranked}
    limit_time = stale_before(config)
    hits: list[Hit] = []
    batch = max(limit * 3, 60)
    for start in range(0, len(ranked), batch):
        ids = [pk for _km, pk in ranked[start : start + batch]]
        rows = (
            Beds.objects.scoped(PUBLIC)
            .filter(facility_id__in=ids, room_class=room_class, free__gt=0)
            .values_list(
                "facility_id",
                "facility__slug",
                "facility__name",
                "facility__kind",
                "facility__phone",
                "facility__lat",
                "facility__lng",
                "free",
                "total",
                "waiting",
                "updated_at",
            )
        )
        for fid, slug, name, kind, phone, flat, flng, free, total, waiting, at in rows:
            hits.append(
                Hit(
                    slug,
                    name,
                    kind,
                    phone,
                    flat,
                    flng,
                    distance[fid],
                    free,
                    total,
                    waiting,
                    at,
                    at < limit_time,
                )
            )
        if len(hits) >= limit:
            break
    # Nearest first, always: in an emergency distance matters more than freshness.
    hits.sort(key=lambda h: h.km)
    return hits[:limit]


def beds_of(facility: Facility) -> list[Beds]:
    rows = list(Beds.objects.scoped(PUBLIC).filter(facility=facility))
    rows.sort(key=lambda b: ROOM_ORDER.index(b.room_class))
    return rows


def is_stale(config: FasilitasKesehatanSettings, at: dt.datetime | None) -> bool:
    return at is None or at < stale_before(config)


def districts(region: Region) -> list[tuple[str, float, float]]:
    """Kecamatan named in the registry with the mean position of their facilities: the
    finder's places for people who do not share their location."""
    sums: dict[str, list[float]] = {}
    for name, lat, lng in (
        facilities(region).exclude(district="").values_list("district", "lat", "lng")
    ):
        s = sums.setdefault(name, [0.0, 0.0, 0.0])
        s[0] += lat
        s[1] += lng
        s[2] += 1
    return sorted((n, s[0] / s[2], s[1] / s[2]) for n, s in sums.items())


@dataclass(frozen=True)
class Status:
    facility: Facility
    free: int
    total: int
    free_icu: int
    stale: bool
    state: str  # "free", "few", "full", "stale", "none"


def statuses(region: Region, config: FasilitasKesehatanSettings, rows: Any = None) -> list[Status]:
    """Each active facility's beds summed over its classes, and its colour on the map."""
    base = rows if rows is not None else facilities(region)
    sums = {
        r["facility_id"]: r
        for r in Beds.objects.scoped(PUBLIC)
        .filter(region=region)
        .values("facility_id")
        .annotate(
            n_free=Sum("free"), n_total=Sum("total"), n_icu=Sum("free", filter=Q(room_class="icu"))
        )
    }
    limit = stale_before(config)
    out = []
    for f in base:
        s = sums.get(f.pk)
        if s is None or not s["n_total"]:
            out.append(Status(f, 0, 0, 0, False, "none"))
            continue
        free, total = int(s["n_free"] or 0), int(s["n_total"] or 0)
        stale = f.beds_updated_at is None or f.beds_updated_at < limit
        if stale:
            state = "stale"
        elif free == 0:
            state = "full"
        elif free / total < 0.1:
            state = "few"
        else:
            state = "free"
        out.append(Status(f, free, total, int(s["n_icu"] or 0), stale, state))
    return out


def occupancy_by_class(region: Region) -> dict[str, tuple[int, int]]:
    """(occupied, total) per room class now, region-wide."""
    rows = (
        Beds.objects.scoped(PUBLIC)
        .filter(region=region, facility__is_active=True)
        .values("room_class")
        .annotate(o=Sum("occupied"), t=Sum("total"))
    )
    return {r["room_class"]: (int(r["o"] or 0), int(r["t"] or 0)) for r in rows}


def occupancy_on(region: Region, day: dt.date) -> dict[str, tuple[float, int]]:
    """(average occupied, total) per room class on one day, from the daily rollup."""
    rows = (
        DailyBeds.objects.scoped(PUBLIC)
        .filter(region=region, day=day)
        .values("room_class")
        .annotate(o=Sum("occupied_avg"), t=Sum("total"))
    )
    return {r["room_class"]: (float(r["o"] or 0), int(r["t"] or 0)) for r in rows}


def reporting_on(region: Region, day: dt.date) -> int:
    return (
        DailyBeds.objects.scoped(PUBLIC)
        .filter(region=region, day=day)
        .values("facility_id")
        .distinct()
        .count()
    )


def free_icu_now(region: Region) -> int:
    value = (
        Beds.objects.scoped(PUBLIC)
        .filter(region=region, room_class="icu", facility__is_active=True)
        .aggregate(n=Sum("free"))["n"]
    )
    return int(value or 0)


def minutes_ago(at: dt.datetime, now: dt.datetime | None = None) -> int:
    return max(0, int(((now or timezone.now()) - at).total_seconds() // 60))
