"""How typed prices and dates are read."""

from __future__ import annotations

import datetime as dt

import pytest

from kotacerdas.apps.harga_pangan.services.values import (
    BadValue,
    is_jump,
    parse_day,
    parse_price,
    today,
)


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("12500", 12500),
        ("12.500", 12500),
        ("12,500", 12500),
        ("Rp 1.250.000", 1250000),
        (" 900 ", 900),
        (13000, 13000),
        (13000.0, 13000),
        ("", None),
        (None, None),
    ],
)
def test_prices_as_officers_write_them(raw: object, value: int | None) -> None:
    assert parse_price(raw) == value


@pytest.mark.parametrize("raw", ["0", "-100", 0, -5, "12,5", "abc", "12.50", 12.5, True])
def test_bad_prices_are_refused(raw: object) -> None:
    with pytest.raises(BadValue):
        parse_price(raw)


def test_days() -> None:
    assert parse_day("2026-01-31") == dt.date(2026, 1, 31)
    assert parse_day(dt.datetime(2026, 1, 31, 8, 0)) == dt.date(2026, 1, 31)
    with pytest.raises(BadValue):
        parse_day("31/01/2026")
    with pytest.raises(BadValue):
        parse_day(today() + dt.timedelta(days=1))


def test_tenfold_jumps_both_ways() -> None:
    assert is_jump(125000, 12500, 10)
    assert is_jump(1250, 12500, 10)
    assert not is_jump(124999, 12500, 10)
    assert not is_jump(99999, None, 10)
