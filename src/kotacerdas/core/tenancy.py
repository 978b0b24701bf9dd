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
from collections.abc import AsyncIterator, Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any, ClassVar, Self, TypeVar

from django.db import models
from django.db.models.base import ModelBase
from django.db.models.query import ModelIterable
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
    def region_system(cls, region_id: int, reason: str) -> Scope:
        """System work inside one region (a job run, a hook, a citizen's report): it may
        read and change that region's rows and no other region's."""
        one = frozenset({region_id})
        return cls(one, one, one, reason=reason)

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
        rows = Membership.objects.unscoped("resolve a user's own roles").filter(
            user_id=user.pk, is_active=True
        )
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
            elif m.role == Role.AGENCY_STAFF and m.agency is not None and m.agency.is_active:
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
    def is_system(self) -> bool:
        """``Scope.system()``: the platform itself, every region, no user behind it."""
        return self.user_id is None and self.admin_regions is None

    @property
    def is_anonymous(self) -> bool:
        return self.user_id is None and self.read_regions == frozenset()


_M = TypeVar("_M", bound=models.Model)


def _refused_read_scope(model: type[models.Model], what: str) -> UnscopedQueryError:
    return UnscopedQueryError(
        f"{model.__name__}: this queryset was scoped for reading (Action.VIEW) and may not "
        f"{what}; scope it with .scoped(scope, Action.CHANGE) to write"
    )


def _tag(obj: Any, scope: Scope, action: Action, region_attname: str | None) -> None:
    """Remember on an instance the scope (and action) it was loaded through."""
    d = obj.__dict__
    d["_tenancy_scope"] = scope
    d["_tenancy_action"] = action
    d["_tenancy_region_id"] = d.get(region_attname) if region_attname else None


def _region_attname(model: type[RegionOwned]) -> str | None:
    """``region_id`` when the model names its region directly; None for a path."""
    field_name = model.region_field
    return None if "__" in field_name else f"{field_name}_id"


def _tag_related(obj: models.Model, scope: Scope, seen: set[int]) -> None:
    """Rows joined by select_related() were not filtered for writing: tag them VIEW."""
    seen.add(id(obj))
    for rel in obj._state.fields_cache.values():
        if not isinstance(rel, models.Model) or id(rel) in seen:
            continue
        if isinstance(rel, RegionOwned) and "_tenancy_scope" not in rel.__dict__:
            _tag(rel, scope, Action.VIEW, _region_attname(type(rel)))
        _tag_related(rel, scope, seen)


class ScopedModelIterable(ModelIterable[Any]):
    """Yields instances that remember the scope and action of their queryset.

    Two dictionary writes per row (three with the region id it was read in): no queries.
    """

    def __iter__(self) -> Iterator[Any]:
        qs: Any = self.queryset
        scope: Scope | None = getattr(qs, "_scope", None)
        if scope is None:
            yield from super().__iter__()
            return
        action: Action = qs._scope_action
        attname = _region_attname(qs.model)
        related = bool(qs.query.select_related)
        for obj in super().__iter__():
            _tag(obj, scope, action, attname)
            if related:
                _tag_related(obj, scope, set())
            yield obj


class RegionScopedQuerySet(models.QuerySet[_M]):
    """A queryset that must be scoped before it touches the database.

    Writes through the queryset (``update``, ``delete``, ``create``, ``bulk_create``,
    ``bulk_update``, ``get_or_create``, ``update_or_create``, ``select_for_update``) need a
    queryset scoped with ``Action.CHANGE``, which holds only rows the caller may change, or
    one from ``unscoped(reason)`` (system code).
    """

    _scope_checked: bool = False
    _scope: Scope | None = None
    _scope_action: Action | None = None
    # bulk_update() checked the objects' regions before its update() writes them.
    _moves_checked: bool = False

    def _clone(self) -> Self:
        clone: Self = super()._clone()  # type: ignore[misc]
        clone._scope_checked = self._scope_checked
        clone._scope = self._scope
        clone._scope_action = self._scope_action
        clone._moves_checked = self._moves_checked
        return clone

    def scoped(self, scope: Scope, action: Action = Action.VIEW) -> Self:
        model: type[RegionOwned] = self.model  # type: ignore[assignment]
        ids = scope.region_ids(model, action)
        qs = self.all() if ids is None else self.filter(**{f"{model.region_field}__in": ids})
        qs._scope_checked = True
        qs._scope = scope
        qs._scope_action = action
        if qs._iterable_class is ModelIterable:
            qs._iterable_class = ScopedModelIterable
        return qs

    def unscoped(self, reason: str) -> Self:
        """For system code only; ``reason`` documents why it may see every region.

        Every call in ``src/kotacerdas/`` is listed in ``core/unscoped_allowlist.txt``.
        """
        if not reason:
            raise UnscopedQueryError("unscoped() needs a reason")
        qs = self.all()
        qs._scope_checked = True
        qs._scope = None
        qs._scope_action = None
        if qs._iterable_class is ScopedModelIterable:
            qs._iterable_class = ModelIterable
        return qs

    def _require_scope(self) -> None:
        if not self._scope_checked:
            raise UnscopedQueryError(
                f"{self.model.__name__} is region-owned: call .scoped(scope) "
                "or .unscoped(reason) before using the queryset"
            )

    def _require_read(self) -> None:
        self._require_scope()
        if self.query.select_for_update and self._read_only:
            raise _refused_read_scope(self.model, "lock rows (select_for_update)")

    @property
    def _read_only(self) -> bool:
        # A system scope reaches every region for writing too: like unscoped(reason), it is
        # system code, so its querysets may write whichever action they were scoped for.
        scope = self._scope
        return scope is not None and self._scope_action != Action.CHANGE

    def _require_write(self, what: str) -> None:
        self._require_scope()
        if self._read_only:
            raise _refused_read_scope(self.model, what)

    def _check_writable(self, objs: Iterable[Any], what: str = "create") -> None:
        scope = self._scope
        if scope is None:  # unscoped(reason): system code
            return
        model: type[RegionOwned] = self.model  # type: ignore[assignment]
        ids = scope.region_ids(model, Action.CHANGE)
        if ids is None:
            return
        for obj in objs:
            region_id = obj.owning_region_id()
            if region_id not in ids:
                raise UnscopedQueryError(
                    f"this scope may not {what} {model.__name__} in region {region_id}"
                )

    def _check_region_update(self, kwargs: dict[str, Any]) -> None:
        """An update that moves rows must move them to a region the scope may change."""
        scope = self._scope
        if scope is None or self._moves_checked:
            return
        model: type[RegionOwned] = self.model  # type: ignore[assignment]
        ids = scope.region_ids(model, Action.CHANGE)
        if ids is None:
            return
        first, *rest = model.region_field.split("__")
        field = model._meta.get_field(first)
        for name in (first, getattr(field, "attname", first)):
            if name not in kwargs:
                continue
            value = kwargs[name]
            if hasattr(value, "resolve_expression"):
                raise UnscopedQueryError(
                    f"{model.__name__}: an expression may not set {name} through a scope"
                )
            target = value.pk if isinstance(value, models.Model) else value
            if rest and target is not None:
                related: Any = field.related_model
                target = (
                    related._base_manager.filter(pk=target)
                    .values_list("__".join(rest), flat=True)
                    .first()
                )
            if target not in ids:
                raise UnscopedQueryError(
                    f"this scope may not move {model.__name__} rows to region {target}"
                )

    # Every path that reaches the database checks the scope first.
    def _fetch_all(self) -> None:
        if self._result_cache is None:
            self._require_read()
        super()._fetch_all()

    def iterator(self, chunk_size: int | None = None) -> Iterator[_M]:
        self._require_read()
        return super().iterator(chunk_size=chunk_size)

    def aiterator(self, chunk_size: int = 2000) -> AsyncIterator[_M]:
        self._require_read()
        return super().aiterator(chunk_size=chunk_size)

    def count(self) -> int:
        self._require_scope()
        return super().count()

    def exists(self) -> bool:
        self._require_scope()
        return super().exists()

    def aggregate(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        self._require_scope()
        return super().aggregate(*args, **kwargs)

    def select_for_update(self, *args: Any, **kwargs: Any) -> Self:
        if self._read_only:
            raise _refused_read_scope(self.model, "lock rows (select_for_update)")
        return super().select_for_update(*args, **kwargs)

    def update(self, **kwargs: Any) -> int:
        self._require_write("update")
        self._check_region_update(kwargs)
        return super().update(**kwargs)

    def _update(self, values: Any) -> Any:
        self._require_write("update")
        return super()._update(values)  # type: ignore[misc]

    def delete(self) -> tuple[int, dict[str, int]]:
        self._require_write("delete")
        return super().delete()

    def _raw_delete(self, using: Any) -> Any:
        self._require_write("delete")
        return super()._raw_delete(using)

    def create(self, **kwargs: Any) -> _M:
        self._require_write("create")
        obj = self.model(**kwargs)
        self._check_writable([obj])
        obj.save(force_insert=True, using=self.db)
        if self._scope is not None:
            model: type[RegionOwned] = self.model  # type: ignore[assignment]
            _tag(obj, self._scope, Action.CHANGE, _region_attname(model))
        return obj

    def bulk_create(self, objs: Iterable[_M], *args: Any, **kwargs: Any) -> list[_M]:
        self._require_write("create")
        objs = list(objs)
        self._check_writable(objs)
        made = super().bulk_create(objs, *args, **kwargs)
        if self._scope is not None:
            attname = _region_attname(self.model)  # type: ignore[arg-type]
            for obj in made:
                _tag(obj, self._scope, Action.CHANGE, attname)
        return made

    def bulk_update(self, objs: Iterable[_M], fields: Any, batch_size: int | None = None) -> int:
        # The UPDATE itself goes through update() on this queryset, so rows outside the
        # scope are not written; the objects' own regions must be changeable too.
        self._require_write("update")
        objs = tuple(objs)
        self._check_writable(objs, "update")
        qs = self.all()
        qs._moves_checked = True
        return super(RegionScopedQuerySet, qs).bulk_update(objs, fields, batch_size=batch_size)

    def _insert(self, *args: Any, **kwargs: Any) -> Any:
        self._require_write("create")
        return super()._insert(*args, **kwargs)  # type: ignore[misc]

    def get_or_create(self, defaults: Any = None, **kwargs: Any) -> tuple[_M, bool]:
        self._require_write("get_or_create")
        return super().get_or_create(defaults, **kwargs)

    def update_or_create(
        self, defaults: Any = None, create_defaults: Any = None, **kwargs: Any
    ) -> tuple[_M, bool]:
        self._require_write("update_or_create")
        return super().update_or_create(defaults, create_defaults, **kwargs)


class RegionScopedManager(models.Manager[_M]):
    def get_queryset(self) -> RegionScopedQuerySet[_M]:
        return RegionScopedQuerySet(self.model, using=self._db)

    def scoped(self, scope: Scope, action: Action = Action.VIEW) -> RegionScopedQuerySet[_M]:
        return self.get_queryset().scoped(scope, action)

    def unscoped(self, reason: str) -> RegionScopedQuerySet[_M]:
        return self.get_queryset().unscoped(reason)


class RegionOwned(models.Model):
    """Base of every model whose rows belong to one region.

    An instance loaded through ``objects.scoped(scope, action)`` remembers ``scope`` and
    ``action``; its ``save()`` and ``delete()`` refuse unless the scope may change both the
    region the row was read in and the region it now names (so a row read for display cannot
    be written back, and a row the caller may change cannot be moved to a region they may
    not). Instances loaded through ``unscoped(reason)``, and instances constructed directly
    (``Agency(region=r, ...)``) and saved, are not checked: that is system code's way (jobs,
    demo seeding, migrations). App code creates through
    ``X.objects.scoped(scope, Action.CHANGE).create(...)``, which checks the region.
    """

    # Path from this model to its region's id, for the scoping filter.
    region_field: ClassVar[str] = "region"
    # Anyone may read rows of this model (citizens included): regions' public data.
    tenancy_public_read: ClassVar[bool] = False
    # Agency staff, not only region admins, may change rows of this model.
    tenancy_staff_write: ClassVar[bool] = False

    objects = RegionScopedManager()

    class Meta:
        abstract = True

    def save(
        self,
        *,
        force_insert: bool | tuple[ModelBase, ...] = False,
        force_update: bool = False,
        using: str | None = None,
        update_fields: Iterable[str] | None = None,
    ) -> None:
        self._refuse_unless_changeable("save")
        super().save(
            force_insert=force_insert,
            force_update=force_update,
            using=using,
            update_fields=update_fields,
        )

    def delete(self, using: Any = None, keep_parents: bool = False) -> tuple[int, dict[str, int]]:
        self._refuse_unless_changeable("delete")
        return super().delete(using=using, keep_parents=keep_parents)

    def owning_region_id(self) -> int:
        """The id of the region this row belongs to, following ``region_field``."""
        *path, last = self.region_field.split("__")
        value: Any = self
        for part in path:
            value = getattr(value, part)
        return int(getattr(value, f"{last}_id"))

    def _refuse_unless_changeable(self, what: str) -> None:
        d = self.__dict__
        scope: Scope | None = d.get("_tenancy_scope")
        if scope is None:  # constructed directly or loaded unscoped: system code
            return
        model = type(self)
        ids = scope.region_ids(model, Action.CHANGE)
        if ids is None:
            return
        regions = {self.owning_region_id()}
        loaded: int | None = d.get("_tenancy_region_id")
        if loaded is not None:
            regions.add(loaded)
        elif d.get("_tenancy_action") != Action.CHANGE and self.pk is not None:
            # Read through a path (or with the region deferred): ask the database where the
            # row lives. Only writes of rows loaded for reading pay this query.
            stored = (
                model._base_manager.filter(pk=self.pk)
                .values_list(self.region_field, flat=True)
                .first()
            )
            if stored is not None:
                regions.add(stored)
        refused = sorted(r for r in regions if r not in ids)
        if refused:
            hint = (
                "; load it with .scoped(scope, Action.CHANGE)"
                if d.get("_tenancy_action") != Action.CHANGE
                else ""
            )
            raise UnscopedQueryError(
                f"this scope may not {what} {model.__name__} #{self.pk} in region "
                f"{', '.join(map(str, refused))}{hint}"
            )
