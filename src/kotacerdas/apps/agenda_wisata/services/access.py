"""Who curates: the region's admin, and staff of the configured curating agencies."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kotacerdas.core.models import Agency

if TYPE_CHECKING:
    from kotacerdas.apps.agenda_wisata.config import AgendaWisataSettings
    from kotacerdas.contract import AppContext

    Ctx = AppContext[AgendaWisataSettings]


def agencies(ctx: Ctx) -> Any:
    """The region's active agencies an event may name as organiser."""
    return Agency.objects.scoped(ctx.scope).filter(region=ctx.region, is_active=True)


def can_curate(ctx: Ctx) -> bool:
    if ctx.is_admin:
        return True
    if not ctx.is_staff or not ctx.agencies:
        return False
    return bool(
        agencies(ctx).filter(pk__in=ctx.agencies, slug__in=ctx.config.curator_agencies).exists()
    )


def default_agency(ctx: Ctx) -> Agency | None:
    """The caller's own curating agency, else the region's first curating one."""
    rows = agencies(ctx).filter(slug__in=ctx.config.curator_agencies)
    mine = rows.filter(pk__in=ctx.agencies).first() if ctx.agencies else None
    found: Agency | None = mine or rows.first() or agencies(ctx).first()
    return found
