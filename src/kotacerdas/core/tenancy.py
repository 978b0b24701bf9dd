"""One scoping mechanism for region-owned data, failing closed.

Every model that belongs to a region inherits :class:`RegionOwned`. Its default manager
returns querysets that refuse to run until they are scoped::

    Agency.objects.scoped(scope)                      # what this caller may read
    Agency.objects.scoped(scope, Action.CHANGE)       # what this caller may change
    Agency.objects.unscoped("nightly SLA job")        # system code, with a stated reason

Evaluating, counting, updating, deleting or creating through an unscoped queryset raises
:class:`UnscopedQueryError`, so a view that forgets to scope fails in its first test instead
of leaking another region's data (the PostHog pattern). Scopes come from memberships
(NetBox's object permissions as ORM filters).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any, ClassVar, Self, TypeVar

from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

log = logging.getLogger(__name__)


class UnscopedQueryError(RuntimeError):
    """Region-owned data was queried without a scope."""


class Action(StrEnum):
    VIEW = "view"
    CHANGE = "change"


class Role(models.TextChoices):
    PLATFORM_ADMIN = "platform_admin", _("Platform admin")
    PROVINCE_OFFICER = "province_officer", _("Province officer")
    REGION_ADMIN = "region_admin", _("Region admin")
    AGENCY_STAFF = "agency_staff", _("Agency staff")


@dataclass(frozen=True)
class Scope:
    """The regions (and agencies) a caller may read and change.

    ``None`` for a set means "every region": only the platform admin and system jobs.
    """

    read_regions: frozenset[int] | None = frozenset()
    admin_regions: frozenset[int] | None = frozenset()
    staff_regions: frozenset[int] | None = frozenset()
    agencies: frozenset[int] = field(default_factory=frozenset)
    user_id: int | None = None
    is_platform_admin: bool = False
    reason: str = ""

    @classmethod
    def public(cls) -> Scope:
        """A citizen without an account: only data a model declares public."""
        return cls()

    @classmethod
    def system(cls, reason: str) -> Scope:
        """Jobs and commands that act for the platform itself; the reason is logged."""
        log.debug("system scope: %s", reason)
        return cls(None, None, None, reason=reason)

    @classmethod
    def for_user(cls, user: AbstractBaseUser | AnonymousUser | None) -> Scope:
        if user is None or not user.is_authenticated:
            return cls.public()
        if getattr(user, "is_superuser", False):
            return cls(None, None, None, user_id=user.pk, is_platform_admin=True)
        from kotacerdas.core.models import Membership, Region

        read: set[int] = set()
        admin: set[int] = set()
        staff: set[int] = set()
        agencies: set[int] = set()
        platform_admin = False
        rows = Membership.objects.unscoped("resolve a user's own roles").filter(user_id=user.pk)
        for m in rows.select_related("agency"):
            if m.role == Role.PLATFORM_ADMIN:
                platform_admin = True
            elif m.role == Role.PROVINCE_OFFICER and m.province_id is not None:
                read.update(
                    Region.objects.filter(province_id=m.province_id).values_list("pk", flat=True)
                )
            elif m.role == Role.REGION_ADMIN and m.region_id is not None:
                read.add(m.region_id)
                admin.add(m.region_id)
            elif m.role == Role.AGENCY_STAFF and m.agency is not None:
                read.add(m.agency.region_id)
                staff.add(m.agency.region_id)
                agencies.add(m.agency.pk)
        if platform_admin:
            return cls(None, None, None, user_id=user.pk, is_platform_admin=True)
        return cls(
            frozenset(read), frozenset(admin), frozenset(staff), frozenset(agencies), user.pk
        )

    def region_ids(self, model: type[RegionOwned], action: Action) -> frozenset[int] | None:
        """Region ids this scope reaches for ``model``; ``None`` means all of them."""
        if action == Action.VIEW:
            if model.tenancy_public_read:
                return None
            return self.read_regions
        if self.admin_regions is None:
            return None
        if model.tenancy_staff_write:
            assert self.staff_regions is not None
            return self.admin_regions | self.staff_regions
        return self.admin_regions

    def can(self, action: Action, model: type[RegionOwned], region_id: int) -> bool:
        ids = self.region_ids(model, action)
        return ids is None or region_id in ids

    def can_read_private(self, region_id: int) -> bool:
        return self.read_regions is None or region_id in self.read_regions

    def is_region_admin(self, region_id: int) -> bool:
        return self.admin_regions is None or region_id in self.admin_regions

    def is_staff_of(self, region_id: int) -> bool:
        return self.is_region_admin(region_id) or (
            self.staff_regions is not None and region_id in self.staff_regions
        )

    @property
    def is_anonymous(self) -> bool:
        return self.user_id is None and self.read_regions == frozenset()


_M = TypeVar("_M", bound=models.Model)


class RegionScopedQuerySet(models.QuerySet[_M]):
    """A queryset that must be scoped before it touches the database."""

    _scope_checked: bool = False

    def _clone(self) -> Self:
        clone: Self = super()._clone()  # type: ignore[misc]
        clone._scope_checked = self._scope_checked
        for name in ("_scope", "_scope_action"):
            if hasattr(self, name):
                setattr(clone, name, getattr(self, name))
        return clone

    def scoped(self, scope: Scope, action: Action = Action.VIEW) -> Self:
        model: type[RegionOwned] = self.model  # type: ignore[assignment]
        ids = scope.region_ids(model, action)
        qs = self.all() if ids is None else self.filter(**{f"{model.region_field}__in": ids})
        qs._scope_checked = True
        qs._scope = scope  # type: ignore[attr-defined]
        qs._scope_action = action  # type: ignore[attr-defined]
        return qs

    def unscoped(self, reason: str) -> Self:
        """For system code only; ``reason`` documents why it may see every region."""
        if not reason:
            raise UnscopedQueryError("unscoped() needs a reason")
        qs = self.all()
        qs._scope_checked = True
        return qs

    def _require_scope(self) -> None:
        if not self._scope_checked:
            raise UnscopedQueryError(
                f"{self.model.__name__} is region-owned: call .scoped(scope) "
                "or .unscoped(reason) before using the queryset"
            )

    def _check_writable(self, objs: Iterable[Any]) -> None:
        scope: Scope | None = getattr(self, "_scope", None)
        if scope is None:  # unscoped(reason): system code
            return
        model: type[RegionOwned] = self.model  # type: ignore[assignment]
        for obj in objs:
            region_id = obj.owning_region_id()
            if not scope.can(Action.CHANGE, model, region_id):
                raise UnscopedQueryError(
                    f"this scope may not create {model.__name__} in region {region_id}"
                )

    # Every path that reaches the database checks the scope first.
    def _fetch_all(self) -> None:
        if self._result_cache is None:
            self._require_scope()
        super()._fetch_all()

    def iterator(self, chunk_size: int | None = None) -> Iterator[_M]:
        self._require_scope()
        return super().iterator(chunk_size=chunk_size)

    def count(self) -> int:
        self._require_scope()
        return super().count()

    def exists(self) -> bool:
        self._require_scope()
        return super().exists()

    def aggregate(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        self._require_scope()
        return super().aggregate(*args, **kwargs)

    def update(self, **kwargs: Any) -> int:
        self._require_scope()
        return super().update(**kwargs)

    def delete(self) -> tuple[int, dict[str, int]]:
        self._require_scope()
        return super().delete()

    def create(self, **kwargs: Any) -> _M:
        self._require_scope()
        obj = self.model(**kwargs)
        self._check_writable([obj])
        obj.save(force_insert=True, using=self.db)
        return obj

    def bulk_create(self, objs: Iterable[_M], *args: Any, **kwargs: Any) -> list[_M]:
        self._require_scope()
        objs = list(objs)
        self._check_writable(objs)
        return super().bulk_create(objs, *args, **kwargs)


class RegionScopedManager(models.Manager[_M]):
    def get_queryset(self) -> RegionScopedQuerySet[_M]:
        return RegionScopedQuerySet(self.model, using=self._db)

    def scoped(self, scope: Scope, action: Action = Action.VIEW) -> RegionScopedQuerySet[_M]:
        return self.get_queryset().scoped(scope, action)

    def unscoped(self, reason: str) -> RegionScopedQuerySet[_M]:
        return self.get_queryset().unscoped(reason)


class RegionOwned(models.Model):
    """Base of every model whose rows belong to one region."""

    # Path from this model to its region's id, for the scoping filter.
    region_field: ClassVar[str] = "region"
    # Anyone may read rows of this model (citizens included): regions' public data.
    tenancy_public_read: ClassVar[bool] = False
    # Agency staff, not only region admins, may change rows of this model.
    tenancy_staff_write: ClassVar[bool] = False

    objects = RegionScopedManager()

    class Meta:
        abstract = True

    def owning_region_id(self) -> int:
        """The id of the region this row belongs to, following ``region_field``."""
        *path, last = self.region_field.split("__")
        value: Any = self
        for part in path:
            value = getattr(value, part)
        return int(getattr(value, f"{last}_id"))
