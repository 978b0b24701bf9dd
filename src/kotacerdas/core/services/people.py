"""A region's people: inviting users, their roles and agencies, deactivating and
reactivating them. Every refusal is a :class:`PeopleRefused` whose message says why; every
change is written to the audit log in its own transaction.

A region admin manages only their region's memberships; the platform admin manages every
region's. A region never loses its last active admin through these functions.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from kotacerdas.core.audit import record
from kotacerdas.core.models import Agency, Membership, Region
from kotacerdas.core.tenancy import Action, Role, Scope

# Roles a region's admin hands out; platform admins and province officers are set by the
# platform admin elsewhere (createadmin, the Django admin).
REGION_ROLES = (Role.REGION_ADMIN, Role.AGENCY_STAFF)


class PeopleRefused(ValueError):
    """A change to a region's people that was refused; ``field`` names the form field."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class AlreadyMember(PeopleRefused):
    """The invited address already belongs to a member of this region."""

    def __init__(self, message: str, membership: Membership) -> None:
        super().__init__(message, "email")
        self.membership = membership


@dataclass(frozen=True)
class Invitation:
    user: User
    membership: Membership
    # True when the user was created now and must set a password through the e-mailed link.
    new_user: bool


def _require_admin(scope: Scope, region: Region) -> None:
    if not scope.is_region_admin(region.pk):
        raise PeopleRefused(
            _("Only an admin of %(region)s may manage its people.") % {"region": region.name}
        )


def clean_email(raw: str) -> str:
    address = (raw or "").strip()
    if len(address) > 254:
        raise PeopleRefused(_("An e-mail address has at most 254 characters."), "email")
    try:
        validate_email(address)
    except ValidationError:
        raise PeopleRefused(
            _("“%(value)s” is not an e-mail address, such as nama@kota.go.id.")
            % {"value": address[:80]},
            "email",
        ) from None
    return address.lower()


def clean_name(raw: str) -> str:
    name = " ".join((raw or "").split())
    if len(name) > 150:
        raise PeopleRefused(_("A name has at most 150 characters."), "name")
    return name


def _agency_for(scope: Scope, region: Region, role: str, agency: Agency | None) -> Agency | None:
    if role not in REGION_ROLES:
        raise PeopleRefused(_("Choose a role: region admin or agency staff."), "role")
    if role == Role.REGION_ADMIN:
        return None
    if agency is None:
        raise PeopleRefused(_("Agency staff need an agency: choose one."), "agency")
    if agency.region_id != region.pk or not agency.is_active:
        raise PeopleRefused(_("Choose an active agency of this region."), "agency")
    return agency


def active_admin_count(region: Region) -> int:
    return (
        Membership.objects.unscoped("count a region's admins to keep the last one")
        .filter(region=region, role=Role.REGION_ADMIN, is_active=True, user__is_active=True)
        .count()
    )


def _would_lose_last_admin(membership: Membership) -> bool:
    if membership.role != Role.REGION_ADMIN or not membership.is_active:
        return False
    assert membership.region is not None
    return active_admin_count(membership.region) <= 1


def _split_name(name: str) -> tuple[str, str]:
    first, _sep, last = name.partition(" ")
    return first[:150], last[:150]


def invite(
    scope: Scope,
    region: Region,
    email: str,
    role: str,
    agency: Agency | None = None,
    name: str = "",
) -> Invitation:
    """Give the person at ``email`` a role in ``region``, creating their account when
    there is none (without a usable password: they set one through the e-mailed link).

    Refuses an address already a member of the region (:class:`AlreadyMember`, so the page
    can offer to add the role instead).
    """
    _require_admin(scope, region)
    address = clean_email(email)
    full_name = clean_name(name)
    agency = _agency_for(scope, region, role, agency)
    user_model = get_user_model()
    with transaction.atomic():
        user = user_model.objects.filter(email__iexact=address).order_by("pk").first()
        if user is None:
            user = user_model.objects.filter(username__iexact=address).first()
        new_user = user is None
        if user is None:
            first, last = _split_name(full_name)
            user = user_model.objects.create_user(
                username=address, email=address, first_name=first, last_name=last
            )
            user.set_unusable_password()
            user.save()
        else:
            existing = (
                Membership.objects.scoped(scope, Action.CHANGE)
                .filter(region=region, user=user)
                .select_related("agency")
                .order_by("-is_active", "pk")
                .first()
            )
            if existing is not None:
                raise AlreadyMember(
                    _(
                        "%(email)s is already a member of %(region)s (%(role)s). "
                        "Add the role to them instead."
                    )
                    % {"email": address, "region": region.name, "role": describe(existing)},
                    existing,
                )
        membership = Membership.objects.scoped(scope, Action.CHANGE).create(
            user=user, role=role, region=region, agency=agency
        )
        record(
            "role.changed",
            region=region,
            actor_id=scope.user_id,
            target=address,
            detail={"change": "invited", "role": role, "agency": agency.slug if agency else ""},
        )
    return Invitation(user, membership, new_user)


def add_role(
    scope: Scope, region: Region, user: User, role: str, agency: Agency | None
) -> Membership:
    """Another role for someone who is already a member (an admin who is also DPU staff)."""
    _require_admin(scope, region)
    agency = _agency_for(scope, region, role, agency)
    with transaction.atomic():
        rows = Membership.objects.scoped(scope, Action.CHANGE).filter(region=region, user=user)
        same = rows.filter(role=role, agency=agency).first()
        if same is not None:
            if same.is_active:
                raise PeopleRefused(_("They already have this role."), "role")
            same.is_active = True
            same.save(update_fields=["is_active"])
            membership = same
        else:
            membership = Membership.objects.scoped(scope, Action.CHANGE).create(
                user=user, role=role, region=region, agency=agency
            )
        record(
            "role.changed",
            region=region,
            actor_id=scope.user_id,
            target=user.get_username(),
            detail={"change": "role added", "role": role, "agency": agency.slug if agency else ""},
        )
    return membership


def region_membership(scope: Scope, region: Region, pk: int) -> Membership:
    """One of ``region``'s memberships the caller may change; refuses everything else
    (another region's people look like nobody at all)."""
    _require_admin(scope, region)
    membership = (
        Membership.objects.scoped(scope, Action.CHANGE)
        .filter(region=region, pk=pk)
        .select_related("user", "agency", "region")
        .first()
    )
    if membership is None:
        raise PeopleRefused(
            _("No such member in %(region)s. You manage only your region's people.")
            % {"region": region.name}
        )
    return membership


def change_role(
    scope: Scope, membership: Membership, role: str, agency: Agency | None
) -> Membership:
    region = membership.region
    assert region is not None
    _require_admin(scope, region)
    agency = _agency_for(scope, region, role, agency)
    if role != Role.REGION_ADMIN and _would_lose_last_admin(membership):
        raise PeopleRefused(
            _("%(user)s is the last active admin of %(region)s: make someone else admin first.")
            % {"user": membership.user.get_username(), "region": region.name},
            "role",
        )
    before = _code(membership)
    with transaction.atomic():
        membership.role = role
        membership.agency = agency
        membership.save(update_fields=["role", "agency"])
        record(
            "role.changed",
            region=region,
            actor_id=scope.user_id,
            target=membership.user.get_username(),
            detail={"change": "role changed", "from": before, "to": _code(membership)},
        )
    return membership


def set_active(scope: Scope, membership: Membership, active: bool) -> Membership:
    region = membership.region
    assert region is not None
    _require_admin(scope, region)
    if membership.is_active == active:
        return membership
    if not active and _would_lose_last_admin(membership):
        raise PeopleRefused(
            _("%(user)s is the last active admin of %(region)s and cannot be deactivated.")
            % {"user": membership.user.get_username(), "region": region.name}
        )
    if active and membership.agency is not None and not membership.agency.is_active:
        raise PeopleRefused(
            _("Their agency %(agency)s is inactive: give them another agency first.")
            % {"agency": membership.agency}
        )
    with transaction.atomic():
        membership.is_active = active
        membership.save(update_fields=["is_active"])
        record(
            "role.changed",
            region=region,
            actor_id=scope.user_id,
            target=membership.user.get_username(),
            detail={
                "change": "reactivated" if active else "deactivated",
                "role": _code(membership),
            },
        )
    return membership


def describe(membership: Membership) -> str:
    role = str(Role(membership.role).label)
    return f"{role} · {membership.agency}" if membership.agency_id else role


def _code(membership: Membership) -> str:
    """The role as the audit log stores it: stable codes, not translated labels."""
    agency = membership.agency.slug if membership.agency is not None else ""
    return f"{membership.role}:{agency}" if agency else str(membership.role)
