"""JSON API, mounted at /api/apps/harga-pangan/.

Reading is public. Writing (``POST /{region}/prices``) takes a signed-in session (with the
CSRF token, as the console sends it) or HTTP Basic with the credentials of a market
officer's account, which is how automated sources (a market's till system, a script
reading a spreadsheet) send prices. Errors are ``{"detail", "field"}``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.security import HttpBasicAuth, SessionAuth

from kotacerdas.apps.harga_pangan import queries
from kotacerdas.apps.harga_pangan.models import Source
from kotacerdas.apps.harga_pangan.services.entry import (
    EntryRefused,
    NeedsConfirmation,
    submit_market_day,
)
from kotacerdas.apps.harga_pangan.services.values import today
from kotacerdas.apps.harga_pangan.views.common import region_lists
from kotacerdas.core.tenancy import Scope

router = Router(tags=["harga-pangan"])


class OfficerBasicAuth(HttpBasicAuth):
    def authenticate(self, request: HttpRequest, username: str, password: str) -> Any:
        user = authenticate(request, username=username, password=password)
        return user if user is not None and user.is_active else None


class OfficerSession(SessionAuth):
    """The console's session, CSRF-checked; skipped for callers that bring Basic
    credentials or no session at all, so they get 401 instead of a CSRF failure."""

    def __call__(self, request: HttpRequest) -> Any:
        if "HTTP_AUTHORIZATION" in request.META:
            return None
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return None
        return super().__call__(request)


class MarketDayIn(Schema):
    market: str
    date: dt.date | None = None
    prices: dict[str, int | str]
    confirmed: list[str] = []


class MarketDayOut(Schema):
    market: str
    date: dt.date
    saved: int
    corrected: int
    flagged: list[str]


class ItemToday(Schema):
    item: str
    name: str
    variant: str
    unit: str
    average: float | None
    change_percent: float | None
    day_change_percent: float | None
    week_change_percent: float | None
    month_change_percent: float | None
    reference_price: int | None
    reference_kind: str
    tier: str | None
    markets: int


class MarketToday(Schema):
    market: str
    name: str
    kind: str
    lat: float
    lng: float
    status: str
    prices_today: int


@router.get("/{region}/today", response=list[ItemToday])
def today_prices(request: HttpRequest, region: str) -> list[dict[str, Any]]:
    """Each commodity's region-average price today against the days before."""
    found, lists = region_lists(region)
    return [
        {
            "item": t.item.key,
            "name": t.item.name,
            "variant": t.item.variant,
            "unit": t.item.unit,
            "average": t.today,
            "change_percent": t.change_percent,
            "day_change_percent": t.day_change,
            "week_change_percent": t.week_change,
            "month_change_percent": t.month_change,
            "reference_price": t.item.reference_price,
            "reference_kind": t.item.reference_kind,
            "tier": t.tier.key if t.tier else None,
            "markets": t.markets,
        }
        for t in queries.trends(found, lists)
    ]


@router.get("/{region}/markets", response=list[MarketToday])
def markets(request: HttpRequest, region: str) -> list[dict[str, Any]]:
    """The region's markets and whether each reported today."""
    found, lists = region_lists(region)
    return [
        {
            "market": s.market.key,
            "name": s.market.name,
            "kind": s.market.kind,
            "lat": s.market.lat,
            "lng": s.market.lng,
            "status": s.state,
            "prices_today": s.reported,
        }
        for s in queries.market_statuses(found, lists)
    ]


@router.post(
    "/{region}/prices",
    response={200: MarketDayOut, 403: dict[str, Any], 409: dict[str, Any], 422: dict[str, Any]},
    auth=[OfficerBasicAuth(), OfficerSession()],
)
def submit(request: HttpRequest, region: str, body: MarketDayIn) -> Any:
    """One market's prices for one day (default today, WIB); keys are item keys such as
    ``beras:medium-1``. A price ten times the previous one answers 409 until it is listed
    in ``confirmed``."""
    found, lists = region_lists(region)
    user = request.auth  # type: ignore[attr-defined]
    scope = Scope.for_user(user)
    day = body.date or today()
    try:
        result = submit_market_day(
            scope,
            user,
            found,
            lists,
            body.market,
            day,
            body.prices,
            confirmed=body.confirmed,
            source=Source.API,
        )
    except EntryRefused as exc:
        field, message = next(iter(exc.errors.items()))
        status = 403 if field == "market" and lists.market(body.market) else 422
        return status, {"detail": f"{field}: {message}", "field": field, "errors": exc.errors}
    except NeedsConfirmation as exc:
        return 409, {
            "detail": _("confirm these prices: they are ten times (or a tenth of) the previous"),
            "field": "confirmed",
            "confirm": exc.items,
        }
    return {
        "market": result.market.key,
        "date": result.day,
        "saved": result.saved,
        "corrected": result.corrected,
        "flagged": result.flagged,
    }
