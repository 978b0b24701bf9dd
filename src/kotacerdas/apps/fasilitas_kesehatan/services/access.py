"""Who may update which facility's beds.

* region admins and staff of the managing agency (Dinkes): every facility of the region;
* staff of a facility's own agency (the facility's officers): that facility only;
* a machine client's key: every facility, or the one facility the key is narrowed to
  (subject ``("facility", Facility.pk)``).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from kotacerdas.apps.fasilitas_kesehatan.config import FasilitasKesehatanSettings
from kotacerdas.apps.fasilitas_kesehatan.models import Facility
from kotacerdas.contract import AppContext
from kotacerdas.core.models import Agency

Ctx = AppContext[FasilitasKesehatanSettings]

FACILITY_SUBJECT = "facility"


def manages_registry(ctx: Ctx) -> bool:
    """Region admins and Dinkes staff: they edit the registry and see every facility."""
    if ctx.client is not None:
        return False
    if ctx.is_admin:
        return True
    if not ctx.is_staff or not ctx.agencies:
        return False
    return (
        Agency.objects.scoped(ctx.scope)
        .filter(region=ctx.region, pk__in=ctx.agencies, slug=ctx.config.managing_agency)
        .exists()
    )


def updatable_facilities(ctx: Ctx) -> QuerySet[Facility, Any]:
    """The facilities whose beds this caller may update (a queryset for reading)."""
    rows = Facility.objects.scoped(ctx.scope).filter(region=ctx.region, is_active=True)
    if ctx.client is not None:
        narrowed = ctx.client.narrowed_to(FACILITY_SUBJECT)
        if ctx.client.subject_kind and narrowed is None:
            return rows.none()
        return rows if narrowed is None else rows.filter(pk=narrowed)
    if manages_registry(ctx):
        return rows
    if not ctx.is_staff or not ctx.agencies:
        return rows.none()
    return rows.filter(agency_id__in=ctx.agencies)


def may_update(ctx: Ctx, facility: Facility) -> bool:
    return updatable_facilities(ctx).filter(pk=facility.pk).exists()
