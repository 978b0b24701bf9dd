"""Regions, their agencies, members and enabled apps."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest
from ninja import Router
from ninja.security import django_auth

from kotacerdas.api.schemas import (
    AgencyIn,
    AgencyOut,
    ConfigIn,
    ConfigOut,
    ErrorOut,
    MemberOut,
    RegionOut,
)
from kotacerdas.catalog.schemas import EnabledAppCatalogOut
from kotacerdas.core.models import Agency, AppInstallation, Membership, Region
from kotacerdas.core.tenancy import Action
from kotacerdas.platform.installations import NotAllowed, enabled_apps, update_config
from kotacerdas.web.views.access import scope_of

router = Router(tags=["regions"])


def region_by_code(code: str) -> Region:
    """A region by Kemendagri code (33.74) or slug (semarang)."""
    region = Region.objects.select_related("province").filter(code=code).first()
    region = region or Region.objects.select_related("province").filter(slug=code).first()
    if region is None:
        raise Http404(f"no region has the code or slug {code!r}")
    return region


def region_out(region: Region) -> dict[str, Any]:
    return {
        "code": region.code,
        "slug": region.slug,
        "name": region.name,
        "kind": region.kind,
        "province_code": region.province.code,
        "centre": (region.centre_lat, region.centre_lng),
        "bbox": region.bbox,
        "url": f"/r/{region.slug}/",
    }


@router.get("/regions", response=list[RegionOut], summary="Every region, public")
def list_regions(request: HttpRequest) -> list[dict[str, Any]]:
    return [region_out(r) for r in Region.objects.select_related("province")]


@router.get("/regions/{code}", response={200: RegionOut, 404: ErrorOut})
def get_region(request: HttpRequest, code: str) -> dict[str, Any]:
    return region_out(region_by_code(code))


@router.get("/regions/{code}/agencies", response={200: list[AgencyOut], 404: ErrorOut})
def list_agencies(request: HttpRequest, code: str) -> Any:
    region = region_by_code(code)
    return Agency.objects.scoped(scope_of(request)).filter(region=region)


@router.post(
    "/regions/{code}/agencies",
    auth=django_auth,
    response={201: AgencyOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
)
def create_agency(request: HttpRequest, code: str, body: AgencyIn) -> Any:
    region = region_by_code(code)
    scope = scope_of(request)
    if not scope.can(Action.CHANGE, Agency, region.pk):
        raise NotAllowed(f"you may not add agencies to {region.name}")
    try:
        with transaction.atomic():
            agency = Agency.objects.scoped(scope, Action.CHANGE).create(
                region=region, **body.dict()
            )
    except IntegrityError:
        return 409, {
            "detail": f"{region.name} already has an agency {body.slug!r}",
            "field": "slug",
        }
    return 201, agency


@router.get(
    "/regions/{code}/members",
    auth=django_auth,
    response={200: list[MemberOut], 403: ErrorOut, 404: ErrorOut},
)
def list_members(request: HttpRequest, code: str) -> Any:
    region = region_by_code(code)
    scope = scope_of(request)
    if not scope.can_read_private(region.pk):
        raise NotAllowed(f"you may not see the members of {region.name}")
    rows = (
        Membership.objects.scoped(scope)
        .filter(region=region)
        .select_related("user", "agency")
        .order_by("role", "user__username")
    )
    return [
        {"username": m.user.get_username(), "role": m.role, "agency": m.agency and m.agency.slug}
        for m in rows
    ]


@router.get("/regions/{code}/apps", response={200: list[EnabledAppCatalogOut], 404: ErrorOut})
def list_enabled_apps(request: HttpRequest, code: str) -> Any:
    """Enabled apps with the region's own variant, its upstream and whether an update waits."""
    from kotacerdas.catalog.queries import catalog_state

    region = region_by_code(code)
    return [
        {
            "key": app.key,
            "name": app.manifest.name,
            "dimension": app.manifest.dimension,
            "app_version": row.app_version,
            "enabled_at": row.enabled_at.isoformat(),
            **catalog_state(region, app.key),
        }
        for app, row in enabled_apps(region)
    ]


@router.get(
    "/regions/{code}/apps/{key}/config",
    auth=django_auth,
    response={200: ConfigOut, 403: ErrorOut, 404: ErrorOut},
)
def get_app_config(request: HttpRequest, code: str, key: str) -> Any:
    region = region_by_code(code)
    scope = scope_of(request)
    if not scope.can_read_private(region.pk):
        raise NotAllowed(f"you may not read the configuration of {region.name}")
    row = AppInstallation.objects.scoped(scope).filter(region=region, app_key=key).first()
    if row is None:
        raise Http404(f"{key} is not enabled for {region.name}")
    return {"app": key, "region": region.code, "config": row.config}


@router.put(
    "/regions/{code}/apps/{key}/config",
    auth=django_auth,
    response={200: ConfigOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
)
def put_app_config(request: HttpRequest, code: str, key: str, body: ConfigIn) -> Any:
    region = region_by_code(code)
    scope = scope_of(request)
    if not scope.is_region_admin(region.pk):
        raise NotAllowed(f"you may not change the configuration of {region.name}")
    row = update_config(scope, region, key, body.config)
    return {"app": key, "region": region.code, "config": row.config}
