"""A region's agencies (OPD): adding them (from the standard list or their own), editing,
deactivating and reactivating. The apps' open work is moved by the caller through the app
contract (``agency_open_work``/``reassign_agency_work``) inside the same transaction as
:func:`set_active`; the core knows no apps.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from kotacerdas.core.audit import record
from kotacerdas.core.models import Agency, Membership, Region
from kotacerdas.core.opd import BY_SLUG
from kotacerdas.core.tenancy import Action, Scope


class AgencyRefused(ValueError):
    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def _require_admin(scope: Scope, region: Region) -> None:
    if not scope.can(Action.CHANGE, Agency, region.pk):
        raise AgencyRefused(
            _("Only an admin of %(region)s may change its agencies.") % {"region": region.name}
        )


def _audit(scope: Scope, agency: Agency, change: str, **extra: object) -> None:
    record(
        "agency.changed",
        region=agency.region_id,
        actor_id=scope.user_id,
        target=agency.name,
        detail={"change": change, "slug": agency.slug, **extra},
    )


def add_standard(scope: Scope, region: Region, slugs: Iterable[str]) -> list[Agency]:
    """Add the ticked agencies of the standard OPD list; ones the region has already
    (by short code) are skipped. Names are the Indonesian full names."""
    _require_admin(scope, region)
    wanted = [BY_SLUG[s] for s in dict.fromkeys(slugs) if s in BY_SLUG]
    rows = Agency.objects.scoped(scope, Action.CHANGE)
    have = set(rows.filter(region=region).values_list("slug", flat=True))
    added: list[Agency] = []
    with transaction.atomic():
        for opd in wanted:
            if opd.slug in have:
                continue
            agency = rows.create(
                region=region, slug=opd.slug, name=opd.name_id, short_name=opd.short_name
            )
            _audit(scope, agency, "added", standard=True)
            added.append(agency)
    return added


def save_agency(scope: Scope, agency: Agency, *, adding: bool) -> Agency:
    """Save an agency built or changed by the agency form, inside one transaction."""
    region = agency.region
    _require_admin(scope, region)
    with transaction.atomic():
        if adding:
            agency = Agency.objects.scoped(scope, Action.CHANGE).create(
                region=region,
                slug=agency.slug,
                name=agency.name,
                short_name=agency.short_name,
                email=agency.email,
                more_emails=agency.more_emails,
            )
        else:
            agency.save()
        _audit(scope, agency, "added" if adding else "edited")
    return agency


def region_agency(scope: Scope, region: Region, pk: int) -> Agency:
    agency = Agency.objects.scoped(scope, Action.CHANGE).filter(region=region, pk=pk).first()
    if agency is None:
        raise AgencyRefused(
            _("No such agency in %(region)s. You manage only your region's agencies.")
            % {"region": region.name}
        )
    return agency


def set_active(scope: Scope, agency: Agency, active: bool, **detail: object) -> Agency:
    """Deactivate or reactivate. Call it inside the transaction that moved the agency's
    open work; the staff memberships of a deactivated agency stay (and are ignored while
    the agency is inactive, as their agency is)."""
    _require_admin(scope, agency.region)
    if agency.is_active == active:
        return agency
    with transaction.atomic():
        agency.is_active = active
        agency.save(update_fields=["is_active"])
        _audit(scope, agency, "reactivated" if active else "deactivated", **detail)
    return agency


def staff_count(scope: Scope, agency: Agency) -> int:
    return (
        Membership.objects.scoped(scope)
        .filter(agency=agency, is_active=True, user__is_active=True)
        .count()
    )
