"""The catalog API at /api/catalog/: public reads where the sharing scope allows, writes
for region admins (publish, adopt, merge, restore). The base of a later federation."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router
from ninja.security import django_auth

from kotacerdas.api.regions import region_by_code
from kotacerdas.api.schemas import ErrorOut
from kotacerdas.catalog import queries, serialise
from kotacerdas.catalog.models import Agreement, Variant, VariantVersion
from kotacerdas.catalog.schemas import (
    AdoptedOut,
    AdoptIn,
    AgreementOut,
    CatalogAppOut,
    MergeIn,
    PublishIn,
    RestoreIn,
    SyncOut,
    VariantOut,
)
from kotacerdas.catalog.services import adoption, history, publishing, sync
from kotacerdas.catalog.services.errors import CatalogError
from kotacerdas.catalog.services.visibility import today
from kotacerdas.core.models import Region
from kotacerdas.core.tenancy import Scope
from kotacerdas.platform.installations import NotAllowed, require_app
from kotacerdas.web.views.access import scope_of

router = Router(tags=["catalog"])
WRITE = {200: Any, 201: Any, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


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


@router.get("/variants", response=list[VariantOut], summary="Published variants the caller may see")
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


@router.get("/variants/{variant_id}/versions/{version}/config", response={200: dict, 404: ErrorOut})
def version_config(request: HttpRequest, variant_id: int, version: str) -> Any:
    return _visible_version(request, variant_id, version).config


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


@router.post("/regions/{code}/publish", auth=django_auth, response=WRITE)
def publish_variant(request: HttpRequest, code: str, body: PublishIn) -> Any:
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
    )
    return 201, {
        "variant_id": version.variant_id,
        "version": version.version,
        "name": version.variant.name,
    }


@router.post("/regions/{code}/adopt", auth=django_auth, response={201: AdoptedOut, **WRITE})
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
    response={200: SyncOut, 403: ErrorOut, 404: ErrorOut},
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
    return {
        "app": key,
        "region": region.code,
        "upstream": serialise.upstream(state.lineage.upstream),
        "latest_version": state.latest.version,
        "update_available": state.update_available,
        "overrides": [serialise.change(c) for c in state.overrides],
        "upstream_changes": [serialise.change(c) for c in state.upstream_changes],
        "conflicts": [
            serialise.conflict(c) for c in (state.merge.conflicts if state.merge else [])
        ],
    }


@router.post("/regions/{code}/apps/{key}/merge", auth=django_auth, response=WRITE)
def merge_update(request: HttpRequest, code: str, key: str, body: MergeIn) -> Any:
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
    installation = sync.merge(scope, region, key, version, body.choices, request.user.pk)
    return 200, {
        "app": key,
        "region": region.code,
        "version": version.version,
        "config": installation.config,
    }


@router.post("/regions/{code}/apps/{key}/restore", auth=django_auth, response=WRITE)
def restore_revision(request: HttpRequest, code: str, key: str, body: RestoreIn) -> Any:
    region = region_by_code(code)
    row = history.restore(scope_of(request), region, key, body.revision, request.user.pk)
    return 200, {"app": key, "region": region.code, "config": row.config}
