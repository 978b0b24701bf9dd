"""Parsing Open311 query and form parameters; every failure names the parameter."""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from typing import Any

from django.http import QueryDict
from django.utils import timezone

from kotacerdas.apps.aduan_warga.services import ReportInvalid
from kotacerdas.core.calendar import WIB

MAX_SPAN = dt.timedelta(days=90)
MAX_PAGE_SIZE = 1000
# Reports exist from the platform's start on; a date outside these years is a client's bug
# (0001-01-01 used to overflow the 90-day window arithmetic into a server error).
FIRST_YEAR, LAST_YEAR = 1970, 2100
DIGITS = re.compile(r"[0-9]{1,9}")  # ASCII only: str.isdigit() also takes "²" and "٣"


def _date(query: QueryDict, name: str) -> dt.datetime | None:
    raw = query.get(name, "").strip()
    if not raw:
        return None
    try:
        value = dt.datetime.fromisoformat(raw)
    except ValueError:
        raise ReportInvalid(name, f"{name} is not an ISO 8601 date-time: {raw[:40]!r}") from None
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ReportInvalid(name, f"{name} must be a date from {FIRST_YEAR} to {LAST_YEAR}")
    return value if value.tzinfo else value.replace(tzinfo=WIB)


def _int(query: QueryDict, name: str, default: int, low: int, high: int) -> int:
    raw = query.get(name, "").strip()
    if not raw:
        return default
    if not DIGITS.fullmatch(raw) or not low <= int(raw) <= high:
        raise ReportInvalid(name, f"{name} must be a whole number from {low} to {high}")
    return int(raw)


def _list(query: QueryDict, name: str) -> list[str]:
    return [v.strip() for v in query.get(name, "").split(",") if v.strip()]


@dataclass
class RequestQuery:
    ids: list[str]
    service_codes: list[str]
    statuses: list[str]
    start: dt.datetime
    end: dt.datetime
    page: int
    page_size: int

    @classmethod
    def parse(cls, query: QueryDict) -> RequestQuery:
        start, end = _date(query, "start_date"), _date(query, "end_date")
        if start and end and end < start:
            raise ReportInvalid("end_date", "end_date is before start_date")
        # Default window: the last 90 days; one date given, the 90 days from/to it.
        if start is None and end is None:
            end = timezone.now()
        if start is None:
            assert end is not None
            start = end - MAX_SPAN
        if end is None:
            end = start + MAX_SPAN
        if end - start > MAX_SPAN:
            raise ReportInvalid("end_date", "the span from start_date to end_date is over 90 days")
        statuses = _list(query, "status")
        if not set(statuses) <= {"open", "closed"}:
            raise ReportInvalid("status", "status must be open, closed, or both comma-separated")
        return cls(
            ids=_list(query, "service_request_id"),
            service_codes=_list(query, "service_code"),
            statuses=statuses,
            start=start,
            end=end,
            page=_int(query, "page", 1, 1, 100_000),
            page_size=_int(query, "page_size", MAX_PAGE_SIZE, 1, MAX_PAGE_SIZE),
        )


def attributes(form: QueryDict) -> dict[str, Any]:
    """``attribute[code]=v`` and ``attribute[code][]=v1&…`` into ``{code: v | [v1, …]}``."""
    found: dict[str, Any] = {}
    for key in form:
        if not key.startswith("attribute[") or "]" not in key:
            continue
        code = key[len("attribute[") : key.index("]")]
        found[code] = form.getlist(key) if key.endswith("[]") else form.get(key)
    return found


def coordinate(form: QueryDict, name: str) -> float | None:
    raw = form.get(name, "").strip()
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        raise ReportInvalid(name, f"{name} is not a number: {raw[:30]!r}") from None
    if not math.isfinite(value):
        raise ReportInvalid(name, f"{name} is not a finite number: {raw[:30]!r}")
    return value
