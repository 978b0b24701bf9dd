"""Working days in Indonesia: weekends, public holidays and cuti bersama are skipped.

Deadlines of the LAPOR! workflow are counted in working days (domain.md). The `holidays`
package knows Indonesia's public holidays ("public") and joint leave days, cuti bersama
("government"); both are days off for regional government offices.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from zoneinfo import ZoneInfo

import holidays

WIB = ZoneInfo("Asia/Jakarta")


@cache
def _holidays(year: int) -> holidays.HolidayBase:
    calendar: holidays.HolidayBase = holidays.country_holidays(
        "ID", years=year, categories=("public", "government")
    )
    return calendar


def holiday_name(day: dt.date) -> str | None:
    name = _holidays(day.year).get(day)
    return None if name is None else str(name)


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in _holidays(day.year)


def local_date(moment: dt.datetime) -> dt.date:
    """The calendar day in WIB of an aware datetime."""
    return moment.astimezone(WIB).date()


def add_working_days(start: dt.datetime, days: int) -> dt.datetime:
    """The deadline ``days`` working days after ``start``: the end (23:59:59 WIB) of that day.

    Counting starts the day after ``start``: a report received on Friday afternoon with a
    3-day limit is due at the end of Wednesday (Mon, Tue, Wed), holidays skipped.
    """
    if days < 0:
        raise ValueError("days must be zero or more")
    day = local_date(start)
    if days == 0:
        while not is_working_day(day):
            day += dt.timedelta(days=1)
    counted = 0
    while counted < days:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            counted += 1
    return dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=WIB)


def working_days_between(start: dt.datetime, end: dt.datetime) -> int:
    """Working days after ``start``'s day up to and including ``end``'s day (0 if end ≤ start)."""
    first, last = local_date(start), local_date(end)
    count = 0
    day = first
    while day < last:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count
