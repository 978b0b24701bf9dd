"""Who may do what in the evaluation: trust is explicit, not inferred from read scopes.

- Templates (weights, indicators, copying a year) are the platform admin's and the province
  officers' (the province "supports and coordinates").
- A region's entries are its own team's: the region admin (Diskominfo) enters and submits.
- Reviews are the assessor's: a province officer of the region's own province, or the
  platform admin. A province officer's scope only reads regions, so the review writes with a
  system scope of that one region after this check.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet

from kotacerdas.core.models import Membership, Province, Region
from kotacerdas.core.tenancy import Role, Scope

User = AbstractBaseUser | AnonymousUser


def _memberships(user: User, role: str) -> QuerySet[Membership]:
    return Membership.objects.unscoped("the evaluation checks the caller's own roles").filter(
        user_id=user.pk or 0, role=role, is_active=True
    )


def manages_templates(user: User) -> bool:
    if not user.is_authenticated:
        return False
    if Scope.for_user(user).is_platform_admin:
        return True
    return _memberships(user, Role.PROVINCE_OFFICER).exists()


def is_assessor(user: User, region: Region) -> bool:
    if not user.is_authenticated:
        return False
    if Scope.for_user(user).is_platform_admin:
        return True
    rows = _memberships(user, Role.PROVINCE_OFFICER)
    return rows.filter(province_id=region.province_id).exists()


def enters_for(user: User, region: Region) -> bool:
    """The region's own team: its admin (or the platform admin)."""
    return user.is_authenticated and Scope.for_user(user).is_region_admin(region.pk)


def assesses_province(user: User, province: Province) -> bool:
    """A province officer of this province (or the platform admin): sees every region's
    scores side by side, reviews entries and manages the templates."""
    if not user.is_authenticated:
        return False
    if Scope.for_user(user).is_platform_admin:
        return True
    return _memberships(user, Role.PROVINCE_OFFICER).filter(province_id=province.pk).exists()
