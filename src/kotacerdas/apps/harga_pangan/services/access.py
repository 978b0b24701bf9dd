"""Who may enter a market's prices: region admins, and staff of the market's agency or of
the agencies the configuration names (Disdag and DKP by default)."""

from __future__ import annotations

from kotacerdas.apps.harga_pangan.lists import Market, PriceLists
from kotacerdas.core.models import Agency, Region
from kotacerdas.core.tenancy import Scope


def enterable_markets(scope: Scope, region: Region, lists: PriceLists) -> list[Market]:
    if scope.is_region_admin(region.pk):
        return list(lists.markets)
    if not scope.is_staff_of(region.pk) or not scope.agencies:
        return []
    own = set(
        Agency.objects.scoped(scope)
        .filter(region=region, pk__in=scope.agencies)
        .values_list("slug", flat=True)
    )
    if own & lists.officer_agencies:
        return list(lists.markets)
    return [m for m in lists.markets if m.agency in own]


def may_enter(scope: Scope, region: Region, lists: PriceLists, market: Market) -> bool:
    return market in enterable_markets(scope, region, lists)
