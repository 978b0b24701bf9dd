"""Entering a market's day of prices: validate everything, then write all or nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils.translation import gettext as _

from kotacerdas.apps.harga_pangan.config import APP_KEY, Market
from kotacerdas.apps.harga_pangan.models import Price, PriceRevision, Source
from kotacerdas.apps.harga_pangan.services.access import Ctx, may_enter
from kotacerdas.apps.harga_pangan.services.rollup import refresh_averages
from kotacerdas.apps.harga_pangan.services.spikes import evaluate_spikes
from kotacerdas.apps.harga_pangan.services.values import (
    FIRST_DAY,
    BadValue,
    is_jump,
    parse_price,
    today,
)
from kotacerdas.core.events import publish
from kotacerdas.core.models import Region
from kotacerdas.core.tenancy import Action, Scope


class EntryRefused(ValueError):
    """Bad input; ``errors`` maps each field (item key, "market", "day") to its message."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


class NeedsConfirmation(ValueError):
    """Prices ten times (or a tenth of) the previous ones; resubmit with them confirmed."""

    def __init__(self, items: dict[str, int]) -> None:
        super().__init__(", ".join(items))
        self.items = items  # item key -> previous price


@dataclass
class Submission:
    market: Market
    day: dt.date
    saved: int = 0
    corrected: int = 0
    flagged: list[str] = field(default_factory=list)
    # Items whose new price is above their HET/HAP (the officer is told at once).
    above_reference: list[str] = field(default_factory=list)


def previous_prices(region: Region, market: str, day: dt.date) -> dict[str, int]:
    """Each item's latest price at this market in the week before ``day``."""
    rows = (
        Price.objects.scoped(Scope.public())  # market prices are published data
        .filter(region=region, market=market, day__lt=day, day__gte=day - dt.timedelta(days=7))
        .order_by("day")
        .values_list("item", "price")
    )
    return dict(rows)


def check_market_day(
    ctx: Ctx,
    market_key: str,
    day: dt.date,
    raw: Mapping[str, Any],
    confirmed: Iterable[str] = (),
) -> tuple[Market, dict[str, int], set[str]]:
    """The clean prices and the flagged items, or EntryRefused / NeedsConfirmation."""
    config = ctx.config
    market = config.market(market_key)
    if market is None:
        raise EntryRefused({"market": _("unknown market %(key)s") % {"key": market_key}})
    if not may_enter(ctx, market):
        raise EntryRefused(
            {"market": _("you may not enter prices for %(m)s") % {"m": market.label}}
        )
    if day > today():
        raise EntryRefused({"day": _("is in the future")})
    if day < FIRST_DAY:
        raise EntryRefused({"day": _("is before %(first)s") % {"first": FIRST_DAY.isoformat()}})
    errors: dict[str, str] = {}
    prices: dict[str, int] = {}
    for key, value in raw.items():
        if config.item(key) is None:
            errors[key] = _("unknown commodity")
            continue
        try:
            price = parse_price(value)
        except BadValue as exc:
            errors[key] = str(exc)
            continue
        if price is not None:
            prices[key] = price
    if errors:
        raise EntryRefused(errors)
    if not prices:
        raise EntryRefused({"prices": _("enter at least one price")})
    before = previous_prices(ctx.region, market.key, day)
    jumps = {
        k: before[k] for k, p in prices.items() if is_jump(p, before.get(k), config.jump_factor)
    }
    accepted = set(confirmed)
    unconfirmed = {k: v for k, v in jumps.items() if k not in accepted}
    if unconfirmed:
        raise NeedsConfirmation(unconfirmed)
    return market, prices, set(jumps)


def write_prices(
    ctx: Ctx,
    user: AbstractBaseUser | None,
    market: Market,
    day: dt.date,
    prices: Mapping[str, int],
    flagged: set[str],
    source: str,
) -> Submission:
    """Insert or correct rows; every change leaves a revision. Call inside a transaction."""
    region = ctx.region
    result = Submission(market, day, flagged=sorted(flagged))
    rows = Price.objects.scoped(ctx.scope, Action.CHANGE)
    current = {p.item: p for p in rows.filter(region=region, market=market.key, day=day)}
    revisions = []
    for key, price in prices.items():
        row = current.get(key)
        is_flagged = key in flagged
        if row is not None and (row.price, row.flagged) == (price, is_flagged):
            continue
        previous = None if row is None else row.price
        if row is None:
            rows.create(
                region=region, market=market.key, item=key, day=day, price=price, flagged=is_flagged
            )
            result.saved += 1
        else:
            row.price, row.flagged = price, is_flagged
            row.save(update_fields=["price", "flagged", "updated_at"])
            result.corrected += 1
        revisions.append(
            PriceRevision(
                region=region,
                market=market.key,
                item=key,
                day=day,
                price=price,
                previous_price=previous,
                flagged=is_flagged,
                source=source,
                entered_by_id=None if user is None else user.pk,
            )
        )
    PriceRevision.objects.scoped(ctx.scope, Action.CHANGE).bulk_create(revisions)
    return result


def after_write(ctx: Ctx, items: set[str], days: set[dt.date]) -> None:
    """The rollups of the written days, and today's spike alerts when today changed."""
    refresh_averages(ctx.scope, ctx.region, items, days)
    if today() in days:
        evaluate_spikes(ctx.region, ctx.config)


def submit_market_day(
    ctx: Ctx,
    user: AbstractBaseUser | None,
    market_key: str,
    day: dt.date,
    raw: Mapping[str, Any],
    *,
    confirmed: Iterable[str] = (),
    source: str = Source.FORM,
) -> Submission:
    """One market's prices for one day, from the entry screen or the API (``ctx`` is the
    writer's: an officer's, or a machine client's from ``client_context``)."""
    market, prices, flagged = check_market_day(ctx, market_key, day, raw, confirmed)
    with transaction.atomic():
        result = write_prices(ctx, user, market, day, prices, flagged, source)
        result.above_reference = [
            k for k, p in prices.items() if (item := ctx.config.item(k)) and item.above_reference(p)
        ]
        after_write(ctx, set(prices), {day})
        publish(
            ctx.region,
            APP_KEY,
            "market_day.entered",
            {
                "market": market.key,
                "market_name": market.name,
                "day": day.isoformat(),
                "prices": len(prices),
                "saved": result.saved,
                "corrected": result.corrected,
                "flagged": result.flagged,
                "above_reference": result.above_reference,
            },
            public=True,
        )
    return result


def client_context(ctx: Ctx) -> Ctx:
    """The context a machine client writes with: its key was checked for this region and
    app by the platform; the scope reaches this one region as staff (rows of other regions
    stay out of reach), and ``ctx.client`` still says which markets it may write."""
    assert ctx.client is not None
    one = frozenset({ctx.region_id})
    scope = Scope(
        read_regions=one,
        staff_regions=one,
        reason=f"API key #{ctx.client.key_id} of {APP_KEY} in {ctx.region.slug}",
    )
    return ctx.with_access(scope, ctx.client)
