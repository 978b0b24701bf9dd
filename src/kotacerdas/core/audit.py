"""Recording privileged actions in the audit log, and reading it back for a region.

Call ``record`` inside the same transaction as the action, so an action that rolls back
leaves no entry and an entry never describes something that did not happen.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from kotacerdas.core.models import Region
from kotacerdas.core.models.audit import AuditEntry
from kotacerdas.core.tenancy import Scope

SYSTEM = "the audit log is written by the actions it records"


def record(
    action: str,
    *,
    region: Region | int | None = None,
    actor_id: int | None = None,
    actor_label: str = "",
    app_key: str = "",
    target: str = "",
    detail: dict[str, Any] | None = None,
) -> AuditEntry:
    """Write one entry. ``action`` is a dotted verb such as ``config.changed``,
    ``key.issued``, ``key.revoked``, ``role.changed``, ``alert.acknowledged``,
    ``alert.closed``, ``catalog.imported``, ``signin.failed``."""
    region_id = region.pk if isinstance(region, Region) else region
    return AuditEntry.objects.unscoped(SYSTEM).create(
        region_id=region_id,
        actor_id=actor_id,
        actor_label=actor_label[:120],
        action=action[:60],
        app_key=app_key[:60],
        target=target[:200],
        detail=detail or {},
    )


def entries_for(scope: Scope, region: Region) -> QuerySet[AuditEntry]:
    """The region's entries the caller may read (region admins, the platform admin),
    newest first; empty for everyone else."""
    if not scope.is_region_admin(region.pk):
        return AuditEntry.objects.scoped(scope).none()
    return AuditEntry.objects.scoped(scope).filter(region=region).select_related("actor")
