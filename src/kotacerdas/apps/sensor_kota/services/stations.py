"""Writing the station registry from the console: create, edit, retire and reinstate a
station with its sensors (one per quantity), each write audited in the same transaction.

Who may write: the region admin any station of the region; agency staff the stations of
their own agencies (``may_change``). Rows are read with ``Action.CHANGE`` scoping, so a
caller of another region reaches nothing whatever the URL says.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from kotacerdas.apps.sensor_kota.config import SensorKotaConfig
from kotacerdas.apps.sensor_kota.derive.notify import close_alert
from kotacerdas.apps.sensor_kota.models import Sensor, Station
from kotacerdas.apps.sensor_kota.quantities import QUANTITIES
from kotacerdas.contract import AppContext
from kotacerdas.core.audit import record
from kotacerdas.core.tenancy import Action

KEY = "sensor-kota"
Ctx = AppContext[SensorKotaConfig]


def registry(ctx: Ctx) -> QuerySet[Station]:
    """Every station of the region the caller may read, retired ones included (console)."""
    return (
        Station.objects.scoped(ctx.scope)
        .filter(region=ctx.region)
        .select_related("agency")
        .prefetch_related(Prefetch("sensors", queryset=Sensor.objects.scoped(ctx.scope)))
        .order_by("retired_at", "code")
    )


def may_change(ctx: Ctx, station: Station | None = None) -> bool:
    if ctx.is_admin:
        return True
    if not ctx.is_staff:
        return False
    return station is None or (station.agency_id is not None and station.agency_id in ctx.agencies)


def changeable(ctx: Ctx, code: str) -> Station | None:
    """The region's station ``code`` if the caller may change it, else None."""
    station = (
        Station.objects.scoped(ctx.scope, Action.CHANGE)
        .filter(region=ctx.region, code=code)
        .select_related("agency")
        .first()
    )
    return station if station is not None and may_change(ctx, station) else None


def sensor_code(station_code: str, quantity: str) -> str:
    return f"{station_code}-{quantity.replace('_', '-')}"


def save_station(
    ctx: Ctx, actor_id: int | None, data: dict[str, Any], station: Station | None = None
) -> tuple[Station, bool]:
    """Create (``station`` None) or update a station from a valid form's ``cleaned_data``;
    returns (station, created). Must run inside ``transaction.atomic()`` when part of a
    larger write (the import); on its own it opens one."""
    with transaction.atomic():
        created = station is None
        fields = {
            "name": data["name"],
            "kind": data["kind"],
            "agency": data.get("agency"),
            "lat": data["lat"],
            "lng": data["lng"],
            "public": bool(data.get("public")),
            "show_ispu": bool(data.get("show_ispu")),
            "flood_thresholds_cm": data.get("thresholds") or {},
        }
        if station is None:
            station = Station.objects.scoped(ctx.scope, Action.CHANGE).create(
                region=ctx.region, code=data["code"], **fields
            )
        else:
            for name, value in fields.items():
                setattr(station, name, value)
            station.save()
        _sensors(ctx, station, data["quantities"], data["interval_seconds"])
        record(
            "station.created" if created else "station.changed",
            region=ctx.region,
            actor_id=actor_id,
            app_key=KEY,
            target=station.code,
            detail={
                "kind": station.kind,
                "lat": station.lat,
                "lng": station.lng,
                "public": station.public,
                "quantities": sorted(data["quantities"]),
                "thresholds_cm": station.flood_thresholds_cm,
            },
        )
    return station, created


def _sensors(ctx: Ctx, station: Station, quantities: list[str], interval: int) -> None:
    """One sensor per quantity; quantities no longer listed lose their sensor (the form
    refuses that for sensors with readings)."""
    rows = Sensor.objects.scoped(ctx.scope, Action.CHANGE).filter(station=station)
    existing = {s.quantity: s for s in rows}
    for quantity, sensor in existing.items():
        if quantity not in quantities:
            sensor.delete()
        elif sensor.interval_seconds != interval:
            sensor.interval_seconds = interval
            sensor.save(update_fields=["interval_seconds"])
    for quantity in quantities:
        if quantity not in existing:
            Sensor.objects.scoped(ctx.scope, Action.CHANGE).create(
                region=ctx.region,
                station=station,
                code=sensor_code(station.code, quantity),
                quantity=quantity,
                unit=QUANTITIES[quantity].unit,
                interval_seconds=interval,
            )


def set_retired(ctx: Ctx, actor_id: int | None, station: Station, retired: bool) -> Station:
    """Retire (history kept; off pages, maps, jobs and ingestion) or reinstate a station.
    Retiring closes the station's open alerts: nobody watches a retired gauge."""
    with transaction.atomic():
        station.retired_at = timezone.now() if retired else None
        station.save(update_fields=["retired_at"])
        if retired:
            for condition in conditions_of(station):
                close_alert(ctx.region, condition)
        record(
            "station.retired" if retired else "station.reinstated",
            region=ctx.region,
            actor_id=actor_id,
            app_key=KEY,
            target=station.code,
        )
    return station


def conditions_of(station: Station) -> list[str]:
    """The alert conditions the app raises for a station and its sensors."""
    sensors = Sensor.objects.unscoped("sensors of a station already scoped").filter(station=station)
    out = [f"flood:{station.code}", f"ispu:{station.code}"]
    for sensor in sensors.values_list("code", flat=True):
        out += [f"stale:{sensor}", f"threshold:{sensor}", f"rise:{sensor}"]
    return out
