"""Reference data: the six dimensions and the installed apps' manifests."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router

from kotacerdas.api.schemas import DimensionOut, ErrorOut, ManifestOut
from kotacerdas.contract import all_apps, get_app
from kotacerdas.contract.manifest import Manifest
from kotacerdas.dimensions import DIMENSIONS

router = Router(tags=["platform"])


def manifest_out(manifest: Manifest) -> dict[str, Any]:
    data = asdict(manifest)
    data["secondary_dimensions"] = list(manifest.secondary_dimensions)
    return data


@router.get("/dimensions", response=list[DimensionOut], summary="The six smart dimensions")
def list_dimensions(request: HttpRequest) -> list[dict[str, Any]]:
    return [asdict(d) for d in DIMENSIONS]


@router.get("/apps", response=list[ManifestOut], summary="Installed apps and their manifests")
def list_apps(request: HttpRequest) -> list[dict[str, Any]]:
    return [manifest_out(a.manifest) for a in all_apps()]


@router.get("/apps/{key}", response={200: ManifestOut, 404: ErrorOut})
def get_manifest(request: HttpRequest, key: str) -> dict[str, Any]:
    app = get_app(key)
    if app is None:
        raise Http404(f"no installed app has the key {key!r}")
    return manifest_out(app.manifest)
