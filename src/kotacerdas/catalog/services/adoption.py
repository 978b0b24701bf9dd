"""Adopting another region's variant: preview, map agency references, enable in one step."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from kotacerdas.catalog import semver
from kotacerdas.catalog.models import Branding, Lineage, VariantVersion
from kotacerdas.catalog.refs import Reference, find_references, map_references
from kotacerdas.catalog.revisions import revision_context
from kotacerdas.catalog.services.errors import CatalogError, OutOfScope
from kotacerdas.catalog.services.visibility import may_adopt
from kotacerdas.contract import SmartCityApp
from kotacerdas.core.models import Agency, Region
from kotacerdas.core.services.config_schema import validate_config
from kotacerdas.core.tenancy import Action, Scope
from kotacerdas.platform.installations import NotAllowed, enable_app, require_app


@dataclass(frozen=True)
class AdoptionPreview:
    version: VariantVersion
    references: list[Reference]
    # For each publisher agency slug: the adopter's agency with the same slug, if any.
    suggestions: dict[str, str]
    agencies: list[Agency]


def check_app_version(app: SmartCityApp, needed: str) -> None:
    """A configuration written for app version ``needed`` runs here only on the same major
    version, at least as new."""
    have = app.manifest.version
    if semver.parse(have)[0] != semver.parse(needed)[0] or semver.parse(have) < semver.parse(
        needed
    ):
        raise CatalogError(
            f"this configuration needs {app.key} {needed}; this installation has {have}",
            "app_version",
        )


def preview(scope: Scope, adopter: Region, version: VariantVersion) -> AdoptionPreview:
    """What adopting ``version`` will do, or the reason it cannot be adopted."""
    app = require_app(version.variant.app_key)
    if not scope.is_region_admin(adopter.pk):
        raise NotAllowed(f"only an admin of {adopter.name} may adopt variants for it")
    if not may_adopt(version.variant, adopter):
        raise OutOfScope(
            f"{version.variant.name} is shared with {version.variant.get_sharing_display()}; "
            f"{adopter.name} is outside that scope"
        )
    check_app_version(app, version.app_version)
    refs = [
        r for r in find_references(app.manifest.config_schema, version.config) if r.kind == "agency"
    ]
    agencies = list(Agency.objects.scoped(scope).filter(region=adopter))
    slugs = {a.slug for a in agencies}
    suggestions = {r.value: r.value for r in refs if r.value in slugs}
    return AdoptionPreview(version, refs, suggestions, agencies)


def adopt(
    scope: Scope,
    adopter: Region,
    version: VariantVersion,
    mapping: dict[str, str],
    user_id: int | None = None,
) -> Lineage:
    """Enable the app for ``adopter`` with ``version``'s configuration, agency references
    mapped through ``mapping``; all or nothing."""
    plan = preview(scope, adopter, version)
    app = require_app(version.variant.app_key)
    ours = {a.slug for a in plan.agencies}
    for ref in plan.references:
        target = mapping.get(ref.value, "")
        if target not in ours:
            raise CatalogError(
                f"map {version.variant.region.name}'s agency {ref.value!r} (at {ref.pointer}) "
                f"to one of {adopter.name}'s agencies",
                f"mapping.{ref.value}",
            )
    used = {r.value: mapping[r.value] for r in plan.references}
    schema = app.manifest.config_schema
    config = validate_config(schema, map_references(schema, version.config, used))
    note = f"{version.variant.region.name} · {version.variant.name} v{version.version}"
    with transaction.atomic(), revision_context("adopted", note, user_id, version.pk):
        enable_app(scope, adopter, app.key, config)
        Lineage.objects.scoped(scope, Action.CHANGE).filter(
            region=adopter, app_key=app.key
        ).delete()
        lineage = Lineage.objects.scoped(scope, Action.CHANGE).create(
            region=adopter,
            app_key=app.key,
            upstream=version,
            base_config=config,
            agency_mapping=used,
            merged_at=timezone.now(),
        )
        take_logo(scope, adopter, app.key, version)
        return lineage


def take_logo(scope: Scope, region: Region, app_key: str, version: VariantVersion) -> None:
    if not version.logo:
        return
    rows = Branding.objects.scoped(scope, Action.CHANGE).filter(region=region, app_key=app_key)
    if not rows.update(logo=bytes(version.logo), logo_type=version.logo_type):
        rows.create(
            region=region, app_key=app_key, logo=bytes(version.logo), logo_type=version.logo_type
        )


def mapping_from(data: Any, references: list[Reference]) -> dict[str, str]:
    """The mapping a form or API body sent: ``map-<slug>`` fields or a ``{slug: slug}`` dict."""
    if isinstance(data, dict) and not any(k.startswith("map-") for k in data):
        return {str(k): str(v) for k, v in data.items()}
    return {r.value: str(data.get(f"map-{r.value}", "")) for r in references}
