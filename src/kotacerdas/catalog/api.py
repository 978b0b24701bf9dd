"""The catalog API at /api/catalog/: public reads where the sharing scope allows, writes
for region admins (publish, adopt, merge, restore). The base of a later federation."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router, Schema
from ninja.security import django_auth
from pydantic import Field

from kotacerdas.api.regions import region_by_code
from kotacerdas.api.schemas import ErrorOut
from kotacerdas.catalog import describe, queries, serialise
from kotacerdas.catalog.models import Agreement, Variant, VariantVersion
from kotacerdas.catalog.schemas import (
    AdoptedOut,
    AdoptIn,
    AgreementOut,
    CatalogAppOut,
    ConflictOut,
    MergeIn,
    PublishIn,
    RegionRef,
    RestoreIn,
    SyncOut,
    VariantOut,
)
from kotacerdas.catalog.services import adoption, history, publishing, sync
from kotacerdas.catalog.services.errors import CatalogError
from kotacerdas.catalog.services.visibility import today
from kotacerdas.core.models import AppInstallation, Region
from kotacerdas.core.tenancy import Scope
from kotacerdas.platform.installations import NotAllowed, require_app
from kotacerdas.web.views.access import scope_of

router = Router(tags=["catalog"])


class ListedVariantOut(VariantOut):
    """A variant as listed, with whether its stored rows are sound."""

    broken: bool = False  # a malformed stored row (a version that is not semver …)
    problems: list[str] = []
    imported_from: RegionRef | None = None  # set on an imported copy


# Writes answer 201 (publish, adopt) or 200 (merge, restore); the API's document adds the
# other error answers (400, 401, 413) from what each operation is (kotacerdas.api.document).
REFUSED = {403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
CREATED = {201: dict[str, Any], **REFUSED}
DONE = {200: dict[str, Any], **REFUSED}


@router.get("/apps", response=list[CatalogAppOut], summary="Every installed app")
def list_apps(request: HttpRequest, dimension: str = "") -> list[dict[str, Any]]:
    counts: dict[str, int] = {}
    for v in Variant.objects.scoped(Scope.public()):
        counts[v.app_key] = counts.get(v.app_key, 0) + 1
    return [
        {
            **{
                f: getattr(a.manifest, f)
                for f in (
                    "key",
                    "name",
                    "description",
                    "dimension",
                    "version",
                    "publisher",
                    "licence",
                )
            },
            "secondary_dimensions": list(a.manifest.secondary_dimensions),
            "variants": counts.get(a.key, 0),
        }
        for a in queries.apps(dimension)
    ]


@router.get(
    "/variants", response=list[ListedVariantOut], summary="Published variants the caller may see"
)
def list_variants(request: HttpRequest, dimension: str = "", app: str = "") -> list[dict[str, Any]]:
    return [serialise.variant(c) for c in queries.variant_cards(scope_of(request), dimension, app)]


def _visible_version(request: HttpRequest, variant_id: int, version: str) -> VariantVersion:
    for card in queries.variant_cards(scope_of(request)):
        if card.variant.pk == variant_id and card.config_visible:
            for v in card.versions:
                if v.version == version:
                    return (
                        VariantVersion.objects.scoped(Scope.public())
                        .select_related("variant__region")
                        .get(pk=v.pk)
                    )
    raise Http404(f"no variant {variant_id} version {version} shared with you")


@router.get(
    "/variants/{variant_id}/versions/{version}/config",
    response={200: dict, 404: ErrorOut, 409: ErrorOut},
)
def version_config(request: HttpRequest, variant_id: int, version: str) -> Any:
    config = _visible_version(request, variant_id, version).config
    if not isinstance(config, dict):
        return 409, {
            "detail": f"the stored configuration of version {version} is broken (not an object)",
            "field": "config",
        }
    return config


@router.get("/agreements", response=list[AgreementOut])
def list_agreements(request: HttpRequest) -> list[dict[str, Any]]:
    on = today()
    return [
        {
            "number": a.number,
            "title": a.title,
            "signed_on": a.signed_on.isoformat(),
            "parties": [serialise.region_ref(r) for r in Region.objects.filter(agreements=a)],
            "apps": list(a.app_keys),
            "valid_from": a.valid_from.isoformat(),
            "valid_until": a.valid_until.isoformat() if a.valid_until else None,
            "active": a.is_active(on),
        }
        for a in Agreement.objects.scoped(Scope.public())
    ]


class PublishLocalIn(PublishIn):
    # Top-level local parts (markets, stations, contacts, branding) to share as well;
    # by default a version holds the policy only.
    include_local: list[str] = Field(default_factory=list)


class MergeEditIn(MergeIn):
    # For each conflict chosen "edit": the value to use (checked against the schema).
    edits: dict[str, Any] = Field(default_factory=dict)


class PlainConflictOut(ConflictOut):
    setting: str  # the setting in plain words ("Batas waktu Jalan rusak")


class PlainLinesOut(Schema):
    changes: list[str]  # what merging the waiting update changes here
    overrides: list[str]  # the region's own changes to the shared settings
    yours: list[str]  # the local parts that stay ("Pasar Anda tetap (5)")


class PlainSyncOut(SyncOut):
    conflicts: list[PlainConflictOut]  # type: ignore[assignment]
    lines: PlainLinesOut


@router.post("/regions/{code}/publish", auth=django_auth, response=CREATED)
def publish_variant(request: HttpRequest, code: str, body: PublishLocalIn) -> Any:
    region = region_by_code(code)
    version = publishing.publish(
        scope_of(request),
        region,
        body.app,
        version=body.version,
        changelog=body.changelog,
        sharing=body.sharing,
        name=body.name,
        user_id=request.user.pk,
        include_local=body.include_local,
    )
    return 201, {
        "variant_id": version.variant_id,
        "version": version.version,
        "name": version.variant.name,
    }


@router.post("/regions/{code}/adopt", auth=django_auth, response={**CREATED, 201: AdoptedOut})
def adopt_variant(request: HttpRequest, code: str, body: AdoptIn) -> Any:
    region = region_by_code(code)
    version = _visible_version(request, body.variant_id, body.version)
    lineage = adoption.adopt(scope_of(request), region, version, body.mapping, request.user.pk)
    return 201, {
        "app": lineage.app_key,
        "region": region.code,
        "upstream": serialise.upstream(version),
        "config": lineage.base_config,
    }


@router.get(
    "/regions/{code}/apps/{key}/sync",
    auth=django_auth,
    response={200: PlainSyncOut, 403: ErrorOut, 404: ErrorOut},
)
def sync_status(request: HttpRequest, code: str, key: str) -> Any:
    region = region_by_code(code)
    require_app(key)
    scope = scope_of(request)
    if not scope.can_read_private(region.pk):
        raise NotAllowed(f"you may not see the configuration of {region.name}")
    state = sync.status(scope, region, key)
    if state is None:
        raise Http404(f"{region.name} did not adopt {key} from a variant")
    schema = require_app(key).manifest.config_schema
    lines = describe.sync_lines(schema, state.lineage.base_config, state.current, state.merge)
    return {
        "app": key,
        "region": region.code,
        "upstream": serialise.upstream(state.lineage.upstream),
        "latest_version": state.latest.version,
        "update_available": state.update_available,
        "overrides": [serialise.change(c) for c in state.overrides],
        "upstream_changes": [serialise.change(c) for c in state.upstream_changes],
        "conflicts": [
            {
                **serialise.conflict(c),
                "setting": describe.setting_name(schema, state.current, c.path),
            }
            for c in (state.merge.conflicts if state.merge else [])
        ],
        "lines": {"changes": lines.changes, "overrides": lines.overrides, "yours": lines.yours},
    }


@router.post("/regions/{code}/apps/{key}/merge", auth=django_auth, response=DONE)
def merge_update(request: HttpRequest, code: str, key: str, body: MergeEditIn) -> Any:
    region = region_by_code(code)
    scope = scope_of(request)
    lineage = sync.lineage_of(scope, region, key)
    if lineage is None:
        raise Http404(f"{region.name} did not adopt {key} from a variant")
    version = (
        VariantVersion.objects.scoped(Scope.public())
        .filter(variant_id=lineage.upstream.variant_id, version=body.version)
        .first()
    )
    if version is None:
        raise CatalogError(f"the upstream has no version {body.version}", "version")
    running = AppInstallation.objects.scoped(scope).filter(region=region, app_key=key).first()
    before = dict(running.config) if running else {}
    installation = sync.merge(
        scope, region, key, version, body.choices, request.user.pk, edits=body.edits
    )
    schema = require_app(key).manifest.config_schema
    return 200, {
        "app": key,
        "region": region.code,
        "version": version.version,
        "config": installation.config,
        "lines": describe.describe(schema, before, installation.config),
    }


@router.post("/regions/{code}/apps/{key}/restore", auth=django_auth, response=DONE)
def restore_revision(request: HttpRequest, code: str, key: str, body: RestoreIn) -> Any:
    region = region_by_code(code)
    row = history.restore(scope_of(request), region, key, body.revision, request.user.pk)
    return 200, {"app": key, "region": region.code, "config": row.config}
