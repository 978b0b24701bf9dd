"""Public catalog pages (richer for signed-in staff): apps, variants with lineage,
agreements, the province matrix."""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from kotacerdas.catalog import queries
from kotacerdas.catalog.lineage_graph import lineage_graphs
from kotacerdas.catalog.models import Agreement, Lineage, Variant, VariantVersion
from kotacerdas.catalog.services.visibility import (
    UpdateNotice,
    adoptable_by,
    may_adopt,
    today,
    update_notice,
)
from kotacerdas.contract import get_app
from kotacerdas.contract.publiccode import publiccode_yaml
from kotacerdas.core.calendar import local_date
from kotacerdas.core.models import Province, Region
from kotacerdas.core.tenancy import Scope
from kotacerdas.dimensions import DIMENSIONS
from kotacerdas.web.views.access import scope_of

PUBLIC = Scope.public()


def index(request: HttpRequest) -> HttpResponse:
    dimension = request.GET.get("dimension", "")
    if dimension not in {d.key for d in DIMENSIONS}:
        dimension = ""
    cards = queries.variant_cards(scope_of(request), dimension)
    apps = queries.apps(dimension)
    return render(
        request,
        "catalog/index.html",
        {
            "apps": apps,
            "forest": queries.lineage_forest(cards),
            "graphs": lineage_graphs([a.key for a in apps]),
            "variant_count": len(cards),
            "broken_cards": [c for c in cards if c.broken],
            "dimensions": DIMENSIONS,
            "dimension": dimension,
        },
    )


def variant_detail(request: HttpRequest, pk: int) -> HttpResponse:
    scope = scope_of(request)
    cards = queries.variant_cards(scope)
    card = next((c for c in cards if c.variant.pk == pk), None)
    if card is None:
        raise Http404("no such variant, or it is not shared with you")
    queries.lineage_forest(cards)  # links every card to its children
    root = card
    while root.upstream is not None:  # walk up to the first ancestor the caller may see
        parent = next((c for c in cards if c.variant.pk == root.upstream.variant_id), None)
        if parent is None:
            break
        root = parent
    latest = card.latest and VariantVersion.objects.scoped(PUBLIC).get(pk=card.latest.pk)
    adopters = [
        r for r in adoptable_by(scope) if not scope.is_anonymous and may_adopt(card.variant, r)
    ]
    return render(
        request,
        "catalog/variant.html",
        {
            "card": card,
            "tree": [root],
            "latest": latest,
            "adopters": adopters,
            "latest_config_broken": bool(latest and not isinstance(latest.config, dict)),
            "graphs": lineage_graphs([card.variant.app_key], current=card.variant),
            "notices": _update_notices(scope, card.variant.pk),
        },
    )


def _update_notices(scope: Scope, variant_id: int) -> list[UpdateNotice]:
    """For the caller's regions that run this variant: why its later versions are out of
    their reach (the agreement ended), if they are."""
    if scope.is_anonymous or scope.read_regions is None:
        return []
    rows = Lineage.objects.scoped(scope).select_related("region", "upstream__variant__region")
    found = rows.filter(region_id__in=scope.read_regions, upstream__variant_id=variant_id)
    return [n for n in (update_notice(row) for row in found) if n is not None]


def variant_publiccode(request: HttpRequest, pk: int) -> HttpResponse:
    """The variant as publiccode.yml: its name and newest version, ``isBasedOn`` the
    upstream variant it derives from."""
    variant = get_object_or_404(
        Variant.objects.scoped(PUBLIC).select_related("derived_from__variant"), pk=pk
    )
    app = get_app(variant.app_key)
    latest = variant.latest()
    if app is None or latest is None:
        raise Http404("this variant has no published version of an installed app")
    upstream = variant.derived_from
    based_on = (
        request.build_absolute_uri(reverse("catalog:variant", args=[upstream.variant_id]))
        if upstream is not None
        else None
    )
    text = publiccode_yaml(
        app.manifest,
        local_date(latest.published_at),
        name=variant.name,
        version=latest.version,
        url=request.build_absolute_uri(reverse("catalog:variant", args=[variant.pk])),
        is_based_on=based_on,
    )
    return HttpResponse(text, content_type="application/yaml; charset=utf-8")


def logo(request: HttpRequest, pk: int) -> HttpResponse:
    version = get_object_or_404(VariantVersion.objects.scoped(PUBLIC), pk=pk)
    if not version.logo:
        raise Http404("this version has no logo")
    response = HttpResponse(bytes(version.logo), content_type=version.logo_type or "image/png")
    # A logo from another installation may be an SVG: never let it run script here.
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def agreements(request: HttpRequest) -> HttpResponse:
    rows = list(Agreement.objects.scoped(PUBLIC).select_related("region"))
    parties = {a.pk: list(Region.objects.filter(agreements=a)) for a in rows}
    on = today()
    listing = [(a, parties[a.pk], a.is_active(on)) for a in rows]
    return render(request, "catalog/agreements.html", {"listing": listing})


def agreement_document(request: HttpRequest, pk: int) -> FileResponse:
    agreement = get_object_or_404(Agreement.objects.scoped(PUBLIC), pk=pk)
    name = agreement.document.name
    if not name:
        raise Http404("this agreement has no document")
    handle = default_storage.open(name, "rb")
    return FileResponse(handle, as_attachment=True, filename=name.rsplit("/", 1)[-1])


def province(request: HttpRequest, code: str) -> HttpResponse:
    prov = get_object_or_404(Province, code=code)
    regions = list(Region.objects.filter(province=prov))
    return render(
        request,
        "catalog/province.html",
        {
            "province": prov,
            "apps": queries.apps(),
            "matrix": queries.province_matrix(regions),
            "graphs": lineage_graphs(regions=regions),
        },
    )
