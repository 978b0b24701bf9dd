"""Updating a facility's beds: validate every class first, then write all or nothing.

One update (the screen's one save, or one API call) stamps every class it carries with the
same time, appends each to the history, refreshes today's rollup, clears the facility's
stale-data alert and re-evaluates the region's ICU/IGD occupancy alert.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Avg, Count, Max, Min
from django.utils import timezone
from django.utils.translation import gettext as _

from kotacerdas.apps.fasilitas_kesehatan.config import APP_KEY
from kotacerdas.apps.fasilitas_kesehatan.models import BedReport, Beds, DailyBeds, Facility, Source
from kotacerdas.apps.fasilitas_kesehatan.services.access import Ctx, may_update
from kotacerdas.apps.fasilitas_kesehatan.services.alerts import (
    clear_stale,
    evaluate_occupancy,
)
from kotacerdas.apps.fasilitas_kesehatan.vocab import MAX_COUNT, ROOM_ORDER
from kotacerdas.core.events import publish
from kotacerdas.core.tenancy import Action, Scope

WIB = ZoneInfo("Asia/Jakarta")
FIELDS = ("total", "occupied", "free", "free_male", "free_female", "waiting")
DIGITS = re.compile(r"^\d{1,9}$")


class BedsRefused(ValueError):
    """Bad input; ``errors`` maps each field (``icu.free``, ``facility`` …) to its message."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


@dataclass(frozen=True)
class Counts:
    total: int
    occupied: int
    free: int
    free_male: int | None
    free_female: int | None
    waiting: int


def today_wib(now: dt.datetime | None = None) -> dt.date:
    return timezone.localtime(now or timezone.now(), WIB).date()


def parse_count(value: Any) -> int | None:
    """A whole non-negative count, ``None`` for an empty field; ValueError with a message."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError(_("must be a whole number"))
    if isinstance(value, int):
        number = value
    else:
        text = str(value).strip()
        if text == "":
            return None
        if not DIGITS.match(text):
            if text.startswith("-") and text[1:].isdigit():
                raise ValueError(_("may not be negative"))
            raise ValueError(_("must be a whole number"))
        number = int(text)
    if number < 0:
        raise ValueError(_("may not be negative"))
    if number > MAX_COUNT:
        raise ValueError(_("is too large (at most %(max)d)") % {"max": MAX_COUNT})
    return number


def check_class(room_class: str, raw: Mapping[str, Any]) -> tuple[Counts | None, dict[str, str]]:
    """One class's counts, or None for a row left entirely empty; errors by field."""
    errors: dict[str, str] = {}
    values: dict[str, int | None] = {}
    for name in FIELDS:
        try:
            values[name] = parse_count(raw.get(name))
        except ValueError as exc:
            errors[f"{room_class}.{name}"] = str(exc)
    if errors:
        return None, errors
    if all(v is None for v in values.values()):
        return None, {}
    total, occupied = values["total"], values["occupied"]
    if total is None:
        return None, {f"{room_class}.total": _("enter the number of beds (0 closes the room)")}
    occupied = occupied or 0
    if occupied > total:
        return None, {f"{room_class}.occupied": _("is more than the total beds")}
    male, female, free = values["free_male"], values["free_female"], values["free"]
    if (male is None) != (female is None):
        field = "free_female" if female is None else "free_male"
        return None, {
            f"{room_class}.{field}": _("give free beds for both men and women, or neither")
        }
    if male is not None and female is not None:
        if free is None:
            free = male + female
        elif free != male + female:
            return None, {f"{room_class}.free": _("must equal free beds for men plus women")}
    if free is None:
        free = total - occupied
    if free > total:
        return None, {f"{room_class}.free": _("is more than the total beds")}
    if free > total - occupied:
        return None, {f"{room_class}.free": _("is more than the beds not occupied")}
    return Counts(total, occupied, free, male, female, values["waiting"] or 0), {}


def check_update(raw: Mapping[str, Mapping[str, Any]]) -> dict[str, Counts]:
    """Every class of one update, or BedsRefused with every problem at once."""
    errors: dict[str, str] = {}
    clean: dict[str, Counts] = {}
    for room_class, row in raw.items():
        if room_class not in ROOM_ORDER:
            errors[room_class] = _("unknown room class")
            continue
        if not isinstance(row, Mapping):
            errors[room_class] = _("must be an object of counts")
            continue
        counts, problems = check_class(room_class, row)
        errors.update(problems)
        if counts is not None:
            clean[room_class] = counts
    if errors:
        raise BedsRefused(errors)
    if not clean:
        raise BedsRefused({"beds": _("enter the beds of at least one room class")})
    return clean


@dataclass
class Update:
    facility: Facility
    at: dt.datetime
    classes: list[str]


def update_beds(
    ctx: Ctx,
    user: AbstractBaseUser | None,
    facility: Facility,
    raw: Mapping[str, Mapping[str, Any]],
    *,
    source: str = Source.FORM,
    at: dt.datetime | None = None,
) -> Update:
    """One update of a facility's beds by an officer, Dinkes, or a machine client (``ctx``
    from ``client_context``). Nothing is written when any class is refused."""
    if not may_update(ctx, facility):
        raise BedsRefused(
            {"facility": _("you may not update the beds of %(f)s") % {"f": facility.name}}
        )
    clean = check_update(raw)
    now = at or timezone.now()
    with transaction.atomic():
        rows = Beds.objects.scoped(ctx.scope, Action.CHANGE)
        current = {b.room_class: b for b in rows.filter(facility=facility)}
        reports = []
        for room_class, c in clean.items():
            values = {
                "total": c.total,
                "occupied": c.occupied,
                "free": c.free,
                "free_male": c.free_male,
                "free_female": c.free_female,
                "waiting": c.waiting,
                "updated_at": now,
            }
            row = current.get(room_class)
            if row is None:
                rows.create(region=ctx.region, facility=facility, room_class=room_class, **values)
            else:
                for key, value in values.items():
                    setattr(row, key, value)
                row.save()
            reports.append(
                BedReport(
                    region=ctx.region,
                    facility=facility,
                    room_class=room_class,
                    total=c.total,
                    occupied=c.occupied,
                    free=c.free,
                    free_male=c.free_male,
                    free_female=c.free_female,
                    waiting=c.waiting,
                    source=source,
                    entered_by_id=None if user is None else user.pk,
                    reported_at=now,
                )
            )
        BedReport.objects.scoped(ctx.scope, Action.CHANGE).bulk_create(reports)
        stamp_facility(facility, now)
        refresh_daily(ctx.scope, facility, today_wib(now), set(clean))
        clear_stale(ctx.region, facility)
        evaluate_occupancy(ctx.region, ctx.config)
        publish(
            ctx.region,
            APP_KEY,
            "beds.updated",
            {
                "facility": facility.slug,
                "name": facility.name,
                "classes": sorted(clean),
                "free": {k: c.free for k, c in clean.items()},
                "at": now.isoformat(),
            },
            public=True,
        )
    return Update(facility, now, sorted(clean, key=ROOM_ORDER.index))


def stamp_facility(facility: Facility, at: dt.datetime) -> None:
    """The facility's last-report time; the caller's right was checked by ``update_beds``
    (facility officers may not change the registry row itself)."""
    Facility.objects.unscoped("stamp a facility's last bed report after the access check").filter(
        pk=facility.pk
    ).update(beds_updated_at=at)
    facility.beds_updated_at = at


def refresh_daily(scope: Scope, facility: Facility, day: dt.date, classes: set[str]) -> None:
    """Recompute the day's rollup of these classes from the history."""
    start = dt.datetime.combine(day, dt.time.min, tzinfo=WIB)
    end = start + dt.timedelta(days=1)
    history = BedReport.objects.scoped(scope).filter(
        facility=facility, room_class__in=classes, reported_at__gte=start, reported_at__lt=end
    )
    stats = history.values("room_class").annotate(
        total=Max("total"),
        occ_max=Max("occupied"),
        occ_avg=Avg("occupied"),
        free_min=Min("free"),
        wait_max=Max("waiting"),
        n=Count("id"),
    )
    last = {
        r["room_class"]: r["free"]
        for r in history.order_by("reported_at", "id").values("room_class", "free")
    }
    daily = DailyBeds.objects.scoped(scope, Action.CHANGE)
    for s in stats:
        daily.update_or_create(
            facility=facility,
            room_class=s["room_class"],
            day=day,
            defaults={
                "region_id": facility.region_id,
                "total": s["total"],
                "occupied_max": s["occ_max"],
                "occupied_avg": round(float(s["occ_avg"]), 2),
                "free_min": s["free_min"],
                "free_last": last.get(s["room_class"], 0),
                "waiting_max": s["wait_max"],
                "reports": s["n"],
            },
        )


def client_context(ctx: Ctx) -> Ctx:
    """The context a machine client writes with: its key was checked for this region and
    app; the scope reaches this one region as staff, and ``ctx.client`` still says which
    facility it may write."""
    assert ctx.client is not None
    one = frozenset({ctx.region_id})
    scope = Scope(
        read_regions=one,
        staff_regions=one,
        reason=f"API key #{ctx.client.key_id} of {APP_KEY} in {ctx.region.slug}",
    )
    return ctx.with_access(scope, ctx.client)
