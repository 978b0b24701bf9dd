"""Occurrences of an event in WIB: one-off, multi-day, or weekly (BYDAY with UNTIL or COUNT).

The same rules the iCalendar feed writes (RRULE, EXDATE), so the pages and a calendar app
agree: COUNT counts every generated date, cancelled ones included (RFC 5545: EXDATE removes
dates after the rule has produced them).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    from kotacerdas.apps.agenda_wisata.models import Event

WIB = ZoneInfo("Asia/Jakarta")
# A weekly event without an end is expanded at most this far (pages ask for weeks, not years).
HORIZON_DAYS = 2 * 366


@dataclass(frozen=True)
class Occurrence:
    event: Event
    starts: dt.datetime  # WIB
    ends: dt.datetime

    @property
    def day(self) -> dt.date:
        return self.starts.date()


def _dates(event: Event) -> list[dt.date] | None:
    """None for a one-off; else the generated dates (bounded)."""
    if not event.weekdays:
        return None
    first = event.starts_at.astimezone(WIB).date()
    days = sorted({int(d) for d in event.weekdays})
    last = event.repeat_until or (first + dt.timedelta(days=HORIZON_DAYS))
    out: list[dt.date] = []
    day = first
    while day <= last:
        if day.weekday() in days:
            out.append(day)
            if event.repeat_count and len(out) >= event.repeat_count:
                break
        day += dt.timedelta(days=1)
    return out


def occurrences(event: Event, since: dt.date, until: dt.date) -> list[Occurrence]:
    """The event's occurrences that overlap ``since``..``until`` (WIB days, both included),
    cancelled single dates left out."""
    start = event.starts_at.astimezone(WIB)
    end = event.ends_at.astimezone(WIB)
    length = end - start
    dates = _dates(event)
    if dates is None:
        if start.date() <= until and end.date() >= since:
            return [Occurrence(event, start, end)]
        return []
    cancelled = set(event.cancelled_dates or [])
    out = []
    for day in dates:
        if day > until:
            break
        begin = dt.datetime.combine(day, start.timetz().replace(tzinfo=None), WIB)
        finish = begin + length
        if finish.date() < since or day.isoformat() in cancelled:
            continue
        out.append(Occurrence(event, begin, finish))
    return out


def all_dates(event: Event) -> list[dt.date]:
    """Every date the rule generates (cancelled included); a one-off's first day."""
    dates = _dates(event)
    return [event.starts_at.astimezone(WIB).date()] if dates is None else dates


def weekend(today: dt.date) -> tuple[dt.date, dt.date]:
    """ "Akhir pekan ini": Saturday and Sunday of this week; on a Sunday, today alone is left
    of it, but Saturday is still shown (it is the same weekend)."""
    saturday = today + dt.timedelta(days=(5 - today.weekday()) % 7)
    if today.weekday() == 6:
        saturday = today - dt.timedelta(days=1)
    return saturday, saturday + dt.timedelta(days=1)
