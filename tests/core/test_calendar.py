"""Working-day arithmetic against real Indonesian dates."""

from __future__ import annotations

import datetime as dt

import pytest

from kotacerdas.core.calendar import (
    WIB,
    add_working_days,
    holiday_name,
    is_working_day,
    working_days_between,
)


def wib(y: int, m: int, d: int, h: int = 10) -> dt.datetime:
    return dt.datetime(y, m, d, h, tzinfo=WIB)


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (dt.date(2026, 11, 27), True),  # a Friday
        (dt.date(2026, 11, 28), False),  # Saturday
        (dt.date(2026, 11, 29), False),  # Sunday
        (dt.date(2026, 8, 17), False),  # Hari Kemerdekaan, a Monday
        (dt.date(2026, 3, 23), False),  # cuti bersama Idul Fitri
        (dt.date(2026, 12, 24), False),  # cuti bersama Natal
    ],
)
def test_is_working_day(day: dt.date, working: bool) -> None:
    assert is_working_day(day) is working


def test_friday_plus_three_is_wednesday() -> None:
    assert add_working_days(wib(2026, 11, 27), 3).date() == dt.date(2026, 12, 2)


def test_deadline_skips_independence_day() -> None:
    # Fri 14 Aug 2026 + 1 working day: Mon 17 Aug is a holiday, so Tuesday.
    assert add_working_days(wib(2026, 8, 14), 1).date() == dt.date(2026, 8, 18)


def test_deadline_skips_lebaran_week() -> None:
    # Tue 17 Mar 2026 + 1: 18 Nyepi joint holiday, 19 Nyepi, 20 cuti, 21-22 Lebaran/weekend,
    # 23-24 cuti bersama → Wednesday 25 March.
    assert add_working_days(wib(2026, 3, 17), 1).date() == dt.date(2026, 3, 25)


def test_deadline_is_end_of_day_in_wib() -> None:
    due = add_working_days(dt.datetime(2026, 11, 26, 20, tzinfo=dt.UTC), 1)  # 03:00 WIB Fri
    assert (due.date(), due.hour, due.tzinfo) == (dt.date(2026, 11, 30), 23, WIB)


def test_working_days_between() -> None:
    assert working_days_between(wib(2026, 11, 27), wib(2026, 12, 4)) == 5
    assert working_days_between(wib(2026, 12, 4), wib(2026, 11, 27)) == 0


def test_holiday_names() -> None:
    assert holiday_name(dt.date(2026, 8, 17)) == "Independence Day"
    assert holiday_name(dt.date(2026, 11, 27)) is None
