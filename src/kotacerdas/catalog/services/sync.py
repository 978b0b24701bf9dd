"""Staying in sync with the upstream: what changed, what is ours, and the three-way merge.

Only the policy merges: the region's local parts (``catalog.policy``) are neither overrides
nor upstream changes, and a merge leaves them exactly as they are, whatever upstream did.
The upstream's logo never replaces the region's own."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from kotacerdas.catalog import policy
from kotacerdas.catalog.jsonmerge import Change, MergeResult, diff, three_way
from kotacerdas.catalog.models import Lineage, VariantVersion
from kotacerdas.catalog.refs import map_references
from kotacerdas.catalog.revisions import revision_context
from kotacerdas.catalog.services import visibility
from kotacerdas.catalog.services.adoption import check_app_version
from kotacerdas.catalog.services.errors import CatalogError
from kotacerdas.core.models import AppInstallation, Region
from kotacerdas.core.services.config_schema import ConfigInvalid, apply_defaults, validate_config
from kotacerdas.core.tenancy import Action, Scope
from kotacerdas.platform.installations import NotAllowed, require_app, update_config


@dataclass(frozen=True)
class SyncStatus:
    lineage: Lineage
    current: dict[str, Any]
    overrides: list[Change]  # local changes against the merge base
    latest: VariantVersion
    upstream_changes: list[Change]  # upstream's changes since the merge base
    merge: MergeResult | None  # None when no update is waiting

    @property
    def update_available(self) -> bool:
        return self.merge is not None


def lineage_of(scope: Scope, region: Region, app_key: str) -> Lineage | None:
    return (
        Lineage.objects.scoped(scope)
        .select_related("upstream__variant__region")
        .filter(region=region, app_key=app_key)
        .first()
    )


def upstream_config(lineage: Lineage, version: VariantVersion) -> dict[str, Any]:
    """``version``'s configuration as this region would run it: our agencies, defaults filled.

    Not validated here: a version that breaks today's schema is refused by ``merge`` with
    the field named, while the diff can still show what it would change."""
    schema = require_app(lineage.app_key).manifest.config_schema
    mapped = apply_defaults(schema, map_references(schema, version.config, lineage.agency_mapping))
    return dict(mapped)


def status(scope: Scope, region: Region, app_key: str) -> SyncStatus | None:
    """None when the region did not adopt this app from a variant."""
    lineage = lineage_of(scope, region, app_key)
    if lineage is None:
        return None
    installation = AppInstallation.objects.scoped(scope).get(region=region, app_key=app_key)
    latest = visibility.reachable_latest(lineage)  # what the sharing scope lets it see
    waiting = latest.semver > lineage.upstream.semver
    theirs = upstream_config(lineage, latest) if waiting else lineage.base_config
    schema = require_app(app_key).manifest.config_schema
    local = policy.local_keys(schema)
    base, current = lineage.base_config, installation.config
    return SyncStatus(
        lineage=lineage,
        current=current,
        overrides=[c for c in diff(base, current) if not policy.is_local(schema, c.path)],
        latest=latest,
        upstream_changes=[c for c in diff(base, theirs) if not policy.is_local(schema, c.path)]
        if waiting
        else [],
        merge=three_way(base, current, theirs, local) if waiting else None,
    )


def merge(
    scope: Scope,
    region: Region,
    app_key: str,
    version: VariantVersion,
    choices: dict[str, str],
    user_id: int | None = None,
    edits: dict[str, Any] | None = None,
) -> AppInstallation:
    """Merge ``version`` of the upstream into the running configuration; each conflict is
    resolved by ``choices[pointer]``: "ours", "theirs", or "edit" (the value is
    ``edits[pointer]``). Local parts stay ours. Refused, with nothing written, when a
    conflict is unresolved or the result breaks the app's schema."""
    if not scope.is_region_admin(region.pk):
        raise NotAllowed(f"only an admin of {region.name} may merge updates")
    lineage = lineage_of(scope, region, app_key)
    if lineage is None:
        raise CatalogError(f"{region.name} did not adopt {app_key} from a variant", "app")
    if version.variant_id != lineage.upstream.variant_id:
        raise CatalogError("that version belongs to another variant", "version")
    visibility.check_version_reaches(lineage, version)  # 403 past the agreement
    if version.semver <= lineage.upstream.semver:
        raise CatalogError(
            f"{region.name} already runs v{lineage.upstream.version} or newer", "version"
        )
    app = require_app(app_key)
    check_app_version(app, version.app_version)
    installation = AppInstallation.objects.scoped(scope).get(region=region, app_key=app_key)
    theirs = upstream_config(lineage, version)
    schema = app.manifest.config_schema
    result = three_way(lineage.base_config, installation.config, theirs, policy.local_keys(schema))
    edits = edits or {}
    for conflict in result.conflicts:
        choice = choices.get(conflict.pointer)
        if choice not in ("ours", "theirs", "edit"):
            raise CatalogError(
                f"choose ours, theirs or edit for {conflict.pointer}", conflict.pointer
            )
        if choice == "edit" and conflict.pointer not in edits:
            raise CatalogError(f"type the value for {conflict.pointer}", conflict.pointer)
    merged = result.resolve(choices, edits)
    try:
        merged = validate_config(app.manifest.config_schema, merged)
    except ConfigInvalid as exc:
        raise CatalogError(
            f"the merged configuration would break the app's schema at {exc.field}: {exc.message}",
            exc.field,
        ) from None
    note = (
        f"v{lineage.upstream.version} → v{version.version}: {len(result.applied)} applied, "
        f"{len(result.kept)} kept, {len(result.conflicts)} resolved"
    )
    # The new merge base: upstream's policy, with our local parts (never merged anyway).
    base = policy.adopted(schema, theirs, merged)
    with transaction.atomic(), revision_context("merged", note, user_id, version.pk):
        installation = update_config(scope, region, app_key, merged)
        lineage.upstream = version
        lineage.base_config = base
        lineage.merged_at = timezone.now()
        Lineage.objects.scoped(scope, Action.CHANGE).filter(pk=lineage.pk).update(
            upstream=version, base_config=base, merged_at=lineage.merged_at
        )
        return installation
