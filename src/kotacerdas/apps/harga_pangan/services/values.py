"""Reading a price as officers type it, and the checks every entry path shares."""

from __future__ import annotations

import datetime as dt
import math
import re

from django.utils import timezone
from django.utils.translation import gettext as _

from kotacerdas.core.calendar import local_date

# "12.500" and "12,500" are how Indonesian officers write twelve thousand five hundred.
THOUSANDS = re.compile(r"^\d{1,3}(?:[.,]\d{3})+$")
FIRST_DAY = dt.date(2000, 1, 1)  # no price list is older; year 1 overflowed week arithmetic
MAX_PRICE_TEXT = 40  # "Rp 100.000.000" and friends are far shorter


class BadValue(ValueError):
    """A value an officer typed that cannot be a price or a date; the message says why."""


def parse_price(raw: object) -> int | None:
    """Whole rupiah, or None for a blank; zero, negative and non-numbers are refused."""
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise BadValue(_("is not a number"))
    if isinstance(raw, float) and not math.isfinite(raw):
        raise BadValue(_("is not a number"))
    if isinstance(raw, int | float):
        if raw != int(raw):
            raise BadValue(_("must be whole rupiah"))
        value = int(raw)
    else:
        text = str(raw).strip().removeprefix("Rp").strip()
        if not text:
            return None
        if len(text) > MAX_PRICE_TEXT:  # a 5,000-digit "price" is no price (nor an int())
            raise BadValue(_("is implausibly high"))
        if THOUSANDS.match(text):
            text = re.sub(r"[.,]", "", text)
        if not re.fullmatch(r"-?[0-9]+", text):
            raise BadValue(_("is not a whole number of rupiah"))
        value = int(text)
    if value <= 0:
        raise BadValue(_("must be more than zero"))
    if value > 100_000_000:
        raise BadValue(_("is implausibly high"))
    return value


def parse_day(raw: object) -> dt.date:
    """An ISO date (or a spreadsheet date) that is not in the future in WIB."""
    if isinstance(raw, dt.datetime):
        day = raw.date()
    elif isinstance(raw, dt.date):
        day = raw
    else:
        try:
            day = dt.date.fromisoformat(str(raw).strip())
        except ValueError:
            raise BadValue(_("is not a date like 2026-01-31")) from None
    if day > today():
        raise BadValue(_("is in the future"))
    if day < FIRST_DAY:
        raise BadValue(_("is before %(first)s") % {"first": FIRST_DAY.isoformat()})
    return day


def today() -> dt.date:
    """The market day in WIB: prices are entered for Indonesian calendar days."""
    return local_date(timezone.now())


def is_jump(price: int, previous: int | None, factor: float) -> bool:
    """A price ten times the previous one (or a tenth): a typo more often than a market."""
    if previous is None:
        return False
    return price >= previous * factor or price * factor <= previous
