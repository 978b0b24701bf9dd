"""Adopting another region's variant: preview, map agency references, enable in one step.

Adoption takes the variant's *policy* and keeps the adopter's *local* parts (its markets,
stations, contacts, branding: ``catalog.policy``); a local part the adopter has not set yet
comes from the schema's default, never from the publisher, unless the publisher shared it
and the adopter explicitly takes it (``take_local``). The catalog logo is the publisher's
own as well: adoption never copies it onto the adopter's branding."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from kotacerdas.catalog import policy, semver
from kotacerdas.catalog.models import Lineage, VariantVersion
from kotacerdas.catalog.refs import Reference, find_references, map_references
from kotacerdas.catalog.revisions import revision_context
from kotacerdas.catalog.services.errors import CatalogError, OutOfScope
from kotacerdas.catalog.services.visibility import may_adopt
from kotacerdas.contract import SmartCityApp
from kotacerdas.core.models import Agency, AppInstallation, Region
from kotacerdas.core.services.config_schema import validate_config
from kotacerdas.core.tenancy import Action, Scope
from kotacerdas.platform.installations import NotAllowed, enable_app, require_app


@dataclass(frozen=True)
class AdoptionPreview:
    version: VariantVersion
    # Agency references of the policy, and of local parts the publisher shared (those
    # need a mapping only when the adopter takes that part).
    references: list[Reference]
    # For each publisher agency slug: the adopter's agency with the same slug, if any.
    suggestions: dict[str, str]
    agencies: list[Agency]
    # The adopter's configuration today (None when it never enabled the app).
    running: dict[str, Any] | None = None
    # Local parts the publisher shared with this version (top-level keys).
    offered_local: tuple[str, ...] = ()
    schema: dict[str, Any] = field(default_factory=dict)

    def needed(self, take_local: Iterable[str] = ()) -> list[Reference]:
        """The references that must be mapped when the adopter takes ``take_local``."""
        taken = set(take_local)
        local = policy.local_keys(self.schema)
        return [r for r in self.references if str(r.path[0]) not in local or r.path[0] in taken]

    def result(self, mapping: dict[str, str], take_local: Iterable[str] = ()) -> dict[str, Any]:
        """The configuration the adopter would run (not validated)."""
        schema = self.schema
        mapped = map_references(schema, self.version.config, mapping)
        return policy.adopted(schema, mapped, self.running, frozenset(take_local))


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
    schema = app.manifest.config_schema
    refs = [r for r in find_references(schema, version.config) if r.kind == "agency"]
    agencies = list(Agency.objects.scoped(scope).filter(region=adopter))
    slugs = {a.slug for a in agencies}
    suggestions = {r.value: r.value for r in refs if r.value in slugs}
    row = AppInstallation.objects.scoped(scope).filter(region=adopter, app_key=app.key).first()
    offered = tuple(k for k in policy.split(schema, version.config)[1] if isinstance(k, str))
    return AdoptionPreview(
        version, refs, suggestions, agencies, dict(row.config) if row else None, offered, schema
    )


def adopt(
    scope: Scope,
    adopter: Region,
    version: VariantVersion,
    mapping: dict[str, str],
    user_id: int | None = None,
    take_local: Iterable[str] = (),
) -> Lineage:
    """Enable the app for ``adopter`` with ``version``'s policy, agency references mapped
    through ``mapping``, and the adopter's own local parts (or, for the keys in
    ``take_local``, the ones the publisher shared); all or nothing."""
    plan = preview(scope, adopter, version)
    app = require_app(version.variant.app_key)
    taken = [str(k) for k in take_local]
    for key in taken:
        if key not in plan.offered_local:
            raise CatalogError(
                f"{version.variant.name} v{version.version} does not share its {key!r}",
                "take_local",
            )
    ours = {a.slug for a in plan.agencies}
    needed = plan.needed(taken)
    for ref in needed:
        target = mapping.get(ref.value, "")
        if target not in ours:
            raise CatalogError(
                f"map {version.variant.region.name}'s agency {ref.value!r} "
                f"to one of {adopter.name}'s agencies",
                f"mapping.{ref.value}",
            )
    used = {r.value: mapping[r.value] for r in needed}
    schema = app.manifest.config_schema
    config = validate_config(schema, plan.result(used, taken))
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
        return lineage


def mapping_from(data: Any, references: list[Reference]) -> dict[str, str]:
    """The mapping a form or API body sent: ``map-<slug>`` fields or a ``{slug: slug}`` dict."""
    if isinstance(data, dict) and not any(k.startswith("map-") for k in data):
        return {str(k): str(v) for k, v in data.items()}
    return {r.value: str(data.get(f"map-{r.value}", "")) for r in references}
