"""Who may enter a market's prices: region admins, staff of the market's agency or of the
agencies the configuration names (Disdag and DKP by default), and machine clients with an
API key of the region (all markets, or the one market the key is narrowed to)."""

from __future__ import annotations

from kotacerdas.apps.harga_pangan.config import HargaPanganConfig, Market
from kotacerdas.contract import AppContext
from kotacerdas.core.models import Agency

Ctx = AppContext[HargaPanganConfig]

# What an API key is narrowed with: ("market", Market.subject_id).
MARKET_SUBJECT = "market"


def enterable_markets(ctx: Ctx) -> list[Market]:
    config = ctx.config
    if ctx.client is not None:
        narrowed = ctx.client.narrowed_to(MARKET_SUBJECT)
        if ctx.client.subject_kind and narrowed is None:
            return []  # narrowed to something this app does not know: nothing
        if narrowed is None:
            return list(config.markets)
        found = config.market_by_subject(narrowed)
        return [] if found is None else [found]
    if ctx.is_admin:
        return list(config.markets)
    if not ctx.is_staff or not ctx.agencies:
        return []
    own = set(
        Agency.objects.scoped(ctx.scope)
        .filter(region=ctx.region, pk__in=ctx.agencies)
        .values_list("slug", flat=True)
    )
    if own & config.officer_agencies:
        return list(config.markets)
    return [m for m in config.markets if m.agency in own]


def may_enter(ctx: Ctx, market: Market) -> bool:
    return market in enterable_markets(ctx)
