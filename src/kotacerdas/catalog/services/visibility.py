"""Who may see and adopt a variant: its sharing scope, read against agreements."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from kotacerdas.catalog.models import Agreement, Variant
from kotacerdas.core.calendar import local_date
from kotacerdas.core.models import Region
from kotacerdas.core.tenancy import Scope


def today() -> dt.date:
    return local_date(timezone.now())


def active_agreements(
    a: Region, b: Region, app_key: str, on: dt.date | None = None
) -> list[Agreement]:
    """Agreements valid on ``on`` (today, WIB) with both regions as parties, covering the app."""
    on = on or today()
    rows = Agreement.objects.scoped(Scope.public()).filter(parties=a).filter(parties=b)
    return [x for x in rows.distinct() if x.is_active(on) and x.covers(app_key)]


def may_adopt(variant: Variant, adopter: Region, on: dt.date | None = None) -> bool:
    """Whether ``adopter`` is inside ``variant``'s sharing scope (never its own variant)."""
    publisher = variant.region
    if publisher.pk == adopter.pk:
        return False
    if variant.sharing == Variant.Scope.PUBLIC:
        return True
    if variant.sharing == Variant.Scope.PROVINCE:
        return publisher.province_id == adopter.province_id
    return bool(active_agreements(publisher, adopter, variant.app_key, on))


def may_see(variant: Variant, scope: Scope) -> bool:
    """Public variants for everyone; others for the regions inside their scope and the
    publisher's own staff; province officers see their province's."""
    if variant.sharing == Variant.Scope.PUBLIC or scope.read_regions is None:
        return True
    regions = Region.objects.filter(pk__in=scope.read_regions)
    return any(r.pk == variant.region_id or may_adopt(variant, r) for r in regions)


def adoptable_by(scope: Scope) -> list[Region]:
    """The regions the caller administers: the ones it may adopt for."""
    if scope.admin_regions is None:
        return list(Region.objects.all())
    return list(Region.objects.filter(pk__in=scope.admin_regions))
