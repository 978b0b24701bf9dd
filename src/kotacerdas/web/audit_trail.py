"""Who acts in the current request, and role changes written to the audit log.

Memberships change in the Django admin (the platform admin's tool), in a shell or in the
demo seeding, all through ``Membership.save()`` / ``delete()``. The signal receivers below
write a ``role.changed`` entry for each, inside the same transaction as the save (the admin
wraps every change in one), with the signed-in user of the request as the actor; saves
outside a request (commands, the demo) are recorded with the actor label ``system``.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.db.models.signals import post_delete, post_save, pre_save
from django.http import HttpRequest, HttpResponse

from kotacerdas.core.audit import record
from kotacerdas.core.models import Membership
from kotacerdas.core.tenancy import Scope

_request: ContextVar[HttpRequest | None] = ContextVar("kotacerdas_acting_request", default=None)
READ_BEFORE = "a membership's previous role, for its audit entry"


class ActingUserMiddleware:
    """Keeps the request for the length of the call, so code that is not handed a scope
    (model signals) can still name who acted. The user is read only when an entry is
    written, so requests that change nothing cost no session lookup."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _request.set(request)
        try:
            return self.get_response(request)
        finally:
            _request.reset(token)


def acting_user_id() -> int | None:
    """The signed-in user of the current request, or None (no request, anonymous)."""
    request = _request.get()
    user = getattr(request, "user", None) if request is not None else None
    if user is None or not user.is_authenticated:
        return None
    return int(user.pk)


def _describe(m: Membership) -> dict[str, Any]:
    return {
        "user": m.user.get_username() if m.user_id else None,
        "role": m.role,
        "region_id": m.region_id,
        "agency": m.agency.slug if m.agency_id and m.agency else None,
        "province_id": m.province_id,
    }


def _record_role(m: Membership, change: str, region_id: int | None, **detail: Any) -> None:
    actor = acting_user_id()
    record(
        "role.changed",
        region=region_id,
        actor_id=actor,
        actor_label="" if actor is not None else "system",
        target=str(m)[:200],
        detail={"change": change, **_describe(m), **detail},
    )


def _remember_previous(sender: type[Membership], instance: Membership, **kwargs: Any) -> None:
    if instance.pk is None or kwargs.get("raw"):
        return
    before = (
        Membership.objects.scoped(Scope.system(READ_BEFORE))
        .filter(pk=instance.pk)
        .values("role", "region_id", "agency_id", "province_id")
        .first()
    )
    instance.__dict__["_audit_before"] = before


def _membership_saved(
    sender: type[Membership], instance: Membership, created: bool, **kwargs: Any
) -> None:
    if kwargs.get("raw"):
        return
    before = instance.__dict__.pop("_audit_before", None)
    if created or before is None:
        _record_role(instance, "granted", instance.region_id)
        return
    now = {
        "role": instance.role,
        "region_id": instance.region_id,
        "agency_id": instance.agency_id,
        "province_id": instance.province_id,
    }
    if now == before:
        return  # saved unchanged: nothing to tell
    _record_role(instance, "changed", instance.region_id, before=before)
    if before["region_id"] is not None and before["region_id"] != instance.region_id:
        # The region it left sees that it left.
        _record_role(instance, "moved away", before["region_id"], before=before)


def _membership_deleted(sender: type[Membership], instance: Membership, **kwargs: Any) -> None:
    # Deleting a membership, or a user with their memberships, revokes roles. Deleting a
    # region, agency or province takes its memberships along; that deletion is the action,
    # and an entry pointing at the region being deleted would fail the transaction.
    origin = kwargs.get("origin")
    model = origin.model if isinstance(origin, QuerySet) else type(origin)
    if origin is not None and model not in (Membership, get_user_model()):
        return
    _record_role(instance, "revoked", instance.region_id)


def connect() -> None:
    """Called once from the web app's ready()."""
    pre_save.connect(_remember_previous, sender=Membership, dispatch_uid="audit-role-before")
    post_save.connect(_membership_saved, sender=Membership, dispatch_uid="audit-role-saved")
    post_delete.connect(_membership_deleted, sender=Membership, dispatch_uid="audit-role-deleted")
