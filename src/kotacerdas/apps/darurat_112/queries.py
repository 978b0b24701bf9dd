"""Reads of Darurat 112, always through querysets scoped by the caller's context.

Aggregates for public pages and open data (``daily_calls``, ``daily_times``) read every row
of the region with a reason and return counts and durations only: never a number, a name,
an address or a description.
"""

from __future__ import annotations

import datetime as dt
import math
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Max, Prefetch, QuerySet
from django.utils import timezone

from kotacerdas.apps.darurat_112.config import D112Context
from kotacerdas.apps.darurat_112.models import (
    DONE_STATUSES,
    NUISANCE,
    Call,
    Dispatch,
    DispatchStatus,
    Incident,
    IncidentState,
    Outcome,
)
from kotacerdas.core.calendar import local_date
from kotacerdas.core.models import Agency, Event

WIB = dt.timezone(dt.timedelta(hours=7), "WIB")
AGGREGATES = "Darurat 112 aggregates: counts and durations only, no personal data"
OPEN_DISPATCH = [
    DispatchStatus.DISPATCHED,
    DispatchStatus.ACKNOWLEDGED,
    DispatchStatus.EN_ROUTE,
    DispatchStatus.ON_SCENE,
]


def is_call_taker(ctx: D112Context) -> bool:
    """Region admins and staff of the configured call-centre agencies take calls."""
    if ctx.is_admin:
        return True
    if not ctx.is_staff or not ctx.agencies:
        return False
    return (
        Agency.objects.scoped(ctx.scope)
        .filter(region=ctx.region, pk__in=ctx.agencies, slug__in=ctx.config.call_centre)
        .exists()
    )


def may_respond(ctx: D112Context, dispatch: Dispatch) -> bool:
    return ctx.is_admin or (ctx.is_staff and dispatch.agency_id in ctx.agencies)


def agencies_by_slug(ctx: D112Context) -> dict[str, Agency]:
    rows = Agency.objects.scoped(ctx.scope).filter(region=ctx.region, is_active=True)
    return {a.slug: a for a in rows}


def incidents(ctx: D112Context) -> QuerySet[Incident]:
    return Incident.objects.scoped(ctx.scope).filter(region=ctx.region)


def _with_dispatches(ctx: D112Context) -> Prefetch[Any]:
    return Prefetch(
        "dispatches", queryset=Dispatch.objects.scoped(ctx.scope).select_related("agency")
    )


def active_incidents(ctx: D112Context) -> list[Incident]:
    return list(
        incidents(ctx)
        .filter(state=IncidentState.ACTIVE)
        .prefetch_related(_with_dispatches(ctx))
        .order_by("opened_at")[:500]
    )


def incident(ctx: D112Context, pk: int) -> Incident | None:
    return incidents(ctx).filter(pk=pk).prefetch_related(_with_dispatches(ctx)).first()


def recent_calls(ctx: D112Context, n: int = 15) -> list[Call]:
    return list(
        Call.objects.scoped(ctx.scope).filter(region=ctx.region).order_by("-answered_at")[:n]
    )


def calls_of(ctx: D112Context, inc: Incident) -> list[Call]:
    return list(Call.objects.scoped(ctx.scope).filter(region=ctx.region, incident=inc))


def caller_phone(ctx: D112Context, inc: Incident) -> str:
    """The number of the incident's first caller, for a call back: the call centre and the
    dispatched agencies only."""
    if not ctx.is_staff:
        return ""
    if not ctx.is_admin and not (
        Dispatch.objects.scoped(ctx.scope).filter(incident=inc, agency_id__in=ctx.agencies).exists()
        or is_call_taker(ctx)
    ):
        return ""
    row = (
        Call.objects.scoped(ctx.scope)
        .filter(region=ctx.region, incident=inc)
        .exclude(caller_phone="")
        .order_by("answered_at")
        .values_list("caller_phone", flat=True)
        .first()
    )
    return row or ""


def first_phones(ctx: D112Context, incident_ids: list[int]) -> dict[int, str]:
    """The first caller's number of each incident, in one read (the responder's list shows
    only dispatches of the caller's own agencies, which may call back)."""
    if not ctx.is_staff or not incident_ids:
        return {}
    phones: dict[int, str] = {}
    for incident_id, phone in (
        Call.objects.scoped(ctx.scope)
        .filter(region=ctx.region, incident_id__in=incident_ids)
        .exclude(caller_phone="")
        .order_by("answered_at")
        .values_list("incident_id", "caller_phone")
    ):
        phones.setdefault(incident_id, phone)
    return phones


def last_call_place(ctx: D112Context, phone: str) -> dict[str, Any] | None:
    """Where this caller's last call was about ("same as the caller's last call")."""
    if not phone:
        return None
    call = (
        Call.objects.scoped(ctx.scope)
        .filter(region=ctx.region, caller_phone=phone)
        .exclude(address="", lat__isnull=True)
        .order_by("-answered_at")
        .first()
    )
    if call is None:
        return None
    return {"address": call.address, "lat": call.lat, "lng": call.lng}


def my_dispatches(
    ctx: D112Context, agency_id: int | None = None, dispatch_id: int | None = None
) -> list[Dispatch]:
    """Open dispatches of the caller's agencies (admins: every agency, or the one chosen)."""
    rows = Dispatch.objects.scoped(ctx.scope).filter(region=ctx.region, status__in=OPEN_DISPATCH)
    if dispatch_id is not None:
        rows = rows.filter(pk=dispatch_id)
    if not ctx.is_admin:
        rows = rows.filter(agency_id__in=ctx.agencies)
    if agency_id:
        rows = rows.filter(agency_id=agency_id)
    return list(rows.select_related("incident", "agency").order_by("dispatched_at")[:200])


def my_dispatch_count(ctx: D112Context) -> int:
    rows = Dispatch.objects.scoped(ctx.scope).filter(region=ctx.region, status__in=OPEN_DISPATCH)
    if not ctx.is_admin:
        if not ctx.agencies:
            return 0
        rows = rows.filter(agency_id__in=ctx.agencies)
    return rows.count()


def active_count(ctx: D112Context) -> int:
    return incidents(ctx).filter(state=IncidentState.ACTIVE).count()


def newest_event_id() -> int:
    return int(
        Event.objects.unscoped("the newest event id, for a page's live stream").aggregate(
            m=Max("id")
        )["m"]
        or 0
    )


def haversine_m(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    r = 6_371_000.0
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(a))


def normal_address(text: str) -> str:
    return " ".join(text.lower().replace(".", " ").replace(",", " ").split())


def same_incident(
    ctx: D112Context,
    type_key: str,
    lat: float | None,
    lng: float | None,
    address: str,
    now: dt.datetime | None = None,
) -> list[Incident]:
    """Active incidents of the same type, opened within the window, at the same place
    (within ``same_incident_metres`` or the same address)."""
    if not type_key or (lat is None and not address.strip()):
        return []
    now = now or timezone.now()
    since = now - dt.timedelta(minutes=ctx.config.same_incident_minutes)
    wanted = normal_address(address)
    found = []
    for inc in incidents(ctx).filter(
        state=IncidentState.ACTIVE, type_key=type_key, opened_at__gte=since
    ):
        near = (
            lat is not None
            and lng is not None
            and inc.lat is not None
            and inc.lng is not None
            and haversine_m(lat, lng, inc.lat, inc.lng) <= ctx.config.same_incident_metres
        )
        if near or (wanted and normal_address(inc.address) == wanted):
            found.append(inc)
    return found[:5]


# --- timers ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Timers:
    answer_to_dispatch: float | None  # seconds
    dispatch_to_scene: float | None
    total: float
    target: float
    within_target: bool | None  # first responder on scene within the target (None: not yet)
    late: bool  # past the target without anyone on scene


def timers(inc: Incident, now: dt.datetime | None = None) -> Timers:
    now = now or timezone.now()
    target = inc.target_minutes * 60.0
    a2d = (inc.first_dispatch_at - inc.opened_at).total_seconds() if inc.first_dispatch_at else None
    d2s = (
        (inc.first_on_scene_at - inc.first_dispatch_at).total_seconds()
        if inc.first_on_scene_at and inc.first_dispatch_at
        else None
    )
    end = inc.closed_at or now
    total = max((end - inc.opened_at).total_seconds(), 0.0)
    within = (
        (inc.first_on_scene_at - inc.opened_at).total_seconds() <= target
        if inc.first_on_scene_at
        else None
    )
    late = inc.first_on_scene_at is None and inc.state == IncidentState.ACTIVE and total > target
    return Timers(a2d, d2s, total, target, within, late)


def incident_stage(inc: Incident, dispatches: Iterable[Dispatch]) -> str:
    """The incident's state for the map: the furthest step any open responder reached."""
    if inc.state == IncidentState.CLOSED:
        return "closed"
    order = [s.value for s in DispatchStatus]
    best = ""
    for d in dispatches:
        if d.status in DONE_STATUSES:
            continue
        if not best or order.index(d.status) > order.index(best):
            best = d.status
    return best or "waiting"


# --- aggregates (KPIs, statistics, datasets) -----------------------------------------


def _day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime.combine(day, dt.time(0), tzinfo=WIB)
    return start, start + dt.timedelta(days=1)


def median(values: list[float]) -> float | None:
    return round(statistics.median(values), 1) if values else None


@dataclass(frozen=True)
class DayFigures:
    calls: int
    nuisance: int
    median_a2d: float | None  # seconds
    median_d2s: float | None
    on_scene: int
    within: int

    @property
    def nuisance_share(self) -> float | None:
        return round(100 * self.nuisance / self.calls, 1) if self.calls else None

    @property
    def within_share(self) -> float | None:
        return round(100 * self.within / self.on_scene, 1) if self.on_scene else None


def day_figures(region_id: int, day: dt.date) -> DayFigures:
    start, end = _day_bounds(day)
    outcomes = Counter(
        Call.objects.unscoped(AGGREGATES)
        .filter(region_id=region_id, answered_at__gte=start, answered_at__lt=end)
        .values_list("outcome", flat=True)
    )
    calls = sum(outcomes.values())
    nuisance = sum(n for o, n in outcomes.items() if o in NUISANCE)
    a2d: list[float] = []
    d2s: list[float] = []
    on_scene = within = 0
    for opened, first_d, first_s, target in (
        Incident.objects.unscoped(AGGREGATES)
        .filter(region_id=region_id, opened_at__gte=start, opened_at__lt=end)
        .values_list("opened_at", "first_dispatch_at", "first_on_scene_at", "target_minutes")
    ):
        if first_d:
            a2d.append((first_d - opened).total_seconds())
        if first_d and first_s:
            d2s.append((first_s - first_d).total_seconds())
        if first_s:
            on_scene += 1
            within += (first_s - opened).total_seconds() <= target * 60
    return DayFigures(calls, nuisance, median(a2d), median(d2s), on_scene, within)


def daily_calls(region_id: int, days: int = 30) -> list[tuple[dt.date, str, int]]:
    """(WIB day, category, calls): the incident type's key, or the outcome for calls without
    one (prank, silent, test)."""
    since = timezone.now() - dt.timedelta(days=days)
    counts: Counter[tuple[dt.date, str]] = Counter()
    for answered, outcome, type_key in (
        Call.objects.unscoped(AGGREGATES)
        .filter(region_id=region_id, answered_at__gte=since)
        .exclude(outcome=Outcome.OPEN)
        .values_list("answered_at", "outcome", "type_key")
        .iterator(chunk_size=2000)
    ):
        category = outcome if outcome in NUISANCE or not type_key else type_key
        counts[(local_date(answered), category)] += 1
    return sorted((d, c, n) for (d, c), n in counts.items())


def daily_times(region_id: int, days: int = 30) -> list[dict[str, Any]]:
    """Per WIB day: incidents, median answer→dispatch and dispatch→on-scene (seconds), and
    how many had a responder on scene within the target."""
    since = timezone.now() - dt.timedelta(days=days)
    per_day: dict[dt.date, dict[str, Any]] = defaultdict(
        lambda: {"incidents": 0, "a2d": [], "d2s": [], "on_scene": 0, "within": 0}
    )
    for opened, first_d, first_s, target in (
        Incident.objects.unscoped(AGGREGATES)
        .filter(region_id=region_id, opened_at__gte=since)
        .values_list("opened_at", "first_dispatch_at", "first_on_scene_at", "target_minutes")
        .iterator(chunk_size=2000)
    ):
        row = per_day[local_date(opened)]
        row["incidents"] += 1
        if first_d:
            row["a2d"].append((first_d - opened).total_seconds())
        if first_d and first_s:
            row["d2s"].append((first_s - first_d).total_seconds())
        if first_s:
            row["on_scene"] += 1
            row["within"] += (first_s - opened).total_seconds() <= target * 60
    return [
        {
            "day": day,
            "incidents": row["incidents"],
            "median_a2d": median(row["a2d"]),
            "median_d2s": median(row["d2s"]),
            "on_scene": row["on_scene"],
            "within": row["within"],
        }
        for day, row in sorted(per_day.items())
    ]
