"""The configuration history of an installation, and restoring an earlier state."""

from __future__ import annotations

from django.db import transaction

from kotacerdas.catalog.models import ConfigRevision
from kotacerdas.catalog.revisions import revision_context
from kotacerdas.catalog.services.errors import CatalogError
from kotacerdas.core.calendar import WIB
from kotacerdas.core.models import AppInstallation, Region
from kotacerdas.core.tenancy import Scope
from kotacerdas.platform.installations import NotAllowed, update_config


def revisions(scope: Scope, region: Region, app_key: str) -> list[ConfigRevision]:
    return list(
        ConfigRevision.objects.scoped(scope)
        .filter(region=region, app_key=app_key)
        .select_related("created_by", "upstream__variant__region")
    )


def restore(
    scope: Scope, region: Region, app_key: str, revision_id: int, user_id: int | None = None
) -> AppInstallation:
    """Run the configuration of revision ``revision_id`` again (recorded as a new revision)."""
    if not scope.is_region_admin(region.pk):
        raise NotAllowed(f"only an admin of {region.name} may restore configurations")
    revision = (
        ConfigRevision.objects.scoped(scope)
        .filter(region=region, app_key=app_key, pk=revision_id)
        .first()
    )
    if revision is None:
        raise CatalogError(f"{region.name} has no revision #{revision_id} of {app_key}", "revision")
    note = f"#{revision.pk} ({revision.created_at.astimezone(WIB):%Y-%m-%d %H:%M} WIB)"
    with transaction.atomic(), revision_context("restored", note, user_id):
        return update_config(scope, region, app_key, revision.config)
