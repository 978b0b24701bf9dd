"""JSON API, mounted by the platform at /api/apps/harga-pangan/{region}/.

Reading is public. Writing (``POST /{region}/prices``) takes either

* the console's signed-in session (with the CSRF token, as the console sends it) of a user
  who may enter prices in the region, or
* a machine client's API key (``Authorization: Bearer <key>``), issued by the region admin
  in the console (*Kunci API harga*); the platform checks the key for this region and app
  before the operation runs and answers 401 for an unknown, revoked, expired or other
  region's key. A key narrowed to a market (subject ``("market", Market.subject_id)``) may
  write only that market.

No operation accepts a user's password (HTTP Basic is refused with 401). Errors are
``{"detail", "field"}``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.security import HttpBearer, SessionAuth

from kotacerdas.apps.harga_pangan import queries
from kotacerdas.apps.harga_pangan.models import Source
from kotacerdas.apps.harga_pangan.services.entry import (
    EntryRefused,
    NeedsConfirmation,
    client_context,
    submit_market_day,
)
from kotacerdas.apps.harga_pangan.services.values import today
from kotacerdas.contract import KeyGrant, api_context

router = Router(tags=["harga-pangan"])


class MachineClientKey(HttpBearer):
    """A machine client's API key. The platform has already checked the bearer key for this
    region and app (401 before the operation otherwise) and put its grant on the context."""

    def authenticate(self, request: HttpRequest, token: str) -> KeyGrant | None:
        return api_context(request).client


class OfficerSession(SessionAuth):
    """The console's session, CSRF-checked, of a user who may enter prices in the region.

    Skipped for callers that bring an ``Authorization`` header (a machine client, or Basic
    credentials, which are never accepted) or no session at all, so they get 401 instead of
    a CSRF failure; a signed-in user who is not staff of the region gets 403.
    """

    def __call__(self, request: HttpRequest) -> Any:
        if "HTTP_AUTHORIZATION" in request.META:
            return None
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return None
        return super().__call__(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        if user is None:
            return None
        if not api_context(request).is_staff:
            raise HttpError(403, _("you may not enter prices in this region"))
        return user


class Problem(Schema):
    detail: str
    field: str | None = None


class EntryProblem(Problem):
    """A refused entry: ``errors`` maps each field at fault (an item key, ``market``,
    ``date``) to its message."""

    errors: dict[str, str] = {}


class ConfirmationNeeded(Problem):
    """Prices ten times (or a tenth of) the previous ones: ``confirm`` maps each item key to
    its previous price; resubmit with those keys in ``confirmed``."""

    confirm: dict[str, int] = {}


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
    # Items whose new price is above their HET/HAP.
    above_reference: list[str] = []


class ItemToday(Schema):
    item: str
    name: str
    name_en: str
    variant: str
    variant_en: str
    unit: str
    average: float | None
    change_percent: float | None
    day_change_percent: float | None
    week_change_percent: float | None
    month_change_percent: float | None
    reference_price: int | None
    reference_kind: str
    # Today's average against the HET/HAP: a finding apart from the spike tier.
    reference_gap_percent: float | None
    above_reference: bool
    tier: str | None
    markets: int


class MarketToday(Schema):
    market: str
    name: str
    name_en: str
    kind: str
    lat: float
    lng: float
    status: str
    prices_today: int
    above_reference: int


@router.get("/{region}/today", response=list[ItemToday])
def today_prices(request: HttpRequest, region: str) -> list[dict[str, Any]]:
    """Each commodity's region-average price today against the days before and against its
    HET/HAP (``above_reference``, apart from the spike ``tier``). Names are Indonesian;
    ``name_en``/``variant_en`` are the English ones (the Indonesian where none is set)."""
    ctx = api_context(request)
    return [
        {
            "item": t.item.key,
            "name": t.item.name,
            "name_en": t.item.name_en or t.item.name,
            "variant": t.item.variant,
            "variant_en": t.item.variant_en or t.item.variant,
            "unit": t.item.unit,
            "average": t.today,
            "change_percent": t.change_percent,
            "day_change_percent": t.day_change,
            "week_change_percent": t.week_change,
            "month_change_percent": t.month_change,
            "reference_price": t.item.reference_price,
            "reference_kind": t.item.reference_kind,
            "reference_gap_percent": t.reference_gap,
            "above_reference": t.above_reference,
            "tier": t.tier.key if t.tier else None,
            "markets": t.markets,
        }
        for t in queries.trends(ctx.region, ctx.config)
    ]


@router.get("/{region}/markets", response=list[MarketToday])
def markets(request: HttpRequest, region: str) -> list[dict[str, Any]]:
    """The region's markets and whether each reported today."""
    ctx = api_context(request)
    return [
        {
            "market": s.market.key,
            "name": s.market.name,
            "name_en": s.market.name_en or s.market.name,
            "kind": s.market.kind,
            "lat": s.market.lat,
            "lng": s.market.lng,
            "status": s.state,
            "prices_today": s.reported,
            "above_reference": s.above,
        }
        for s in queries.market_statuses(ctx.region, ctx.config)
    ]


@router.post(
    "/{region}/prices",
    response={
        200: MarketDayOut,
        401: Problem,
        403: EntryProblem,
        409: ConfirmationNeeded,
        422: EntryProblem,
    },
    auth=[MachineClientKey(), OfficerSession()],
)
def submit(request: HttpRequest, region: str, body: MarketDayIn) -> Any:
    """One market's prices for one day (default today, WIB); keys are item keys such as
    ``beras:medium-1``. A price ten times the previous one answers 409 until it is listed
    in ``confirmed``.

    401: no session and no API key, an unknown, revoked or expired key, a key of another
    region or app, or any other credentials (HTTP Basic is not accepted). 403: a signed-in
    user who may not enter prices here, a missing CSRF token, or a market the caller may not
    write (another agency's, or not the one the key is narrowed to)."""
    ctx = api_context(request)
    user: AbstractBaseUser | None = None
    if ctx.client is not None:
        ctx = client_context(ctx)
    else:
        user = request.auth  # type: ignore[attr-defined]
    day = body.date or today()
    try:
        result = submit_market_day(
            ctx,
            user,
            body.market,
            day,
            body.prices,
            confirmed=body.confirmed,
            source=Source.API,
        )
    except EntryRefused as exc:
        field, message = next(iter(exc.errors.items()))
        status = 403 if field == "market" and ctx.config.market(body.market) else 422
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
        "above_reference": result.above_reference,
    }
