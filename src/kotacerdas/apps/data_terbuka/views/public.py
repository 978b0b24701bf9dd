"""Citizens' pages: the region's (or its province's) dataset search with facets, and one
dataset with its Satu Data metadata, previews, a chart where the data is a series,
downloads, the API calls that fetch it and its release history.

Only published ``terbuka`` datasets are ever shown here (``search.base_queryset``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from itertools import islice
from typing import Any
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from kotacerdas.apps.data_terbuka import datastore
from kotacerdas.apps.data_terbuka.models import (
    ACCESS_CHOICES,
    FREQUENCY_CHOICES,
    DatasetTag,
    OpenDataset,
    Release,
    ReleaseState,
    Resource,
)
from kotacerdas.apps.data_terbuka.search import (
    SearchError,
    base_queryset,
    facet_title,
    search_datasets,
)
from kotacerdas.apps.data_terbuka.views import (
    WIB,
    column_definition,
    column_title,
    language,
    wib,
)
from kotacerdas.contract import AppContext
from kotacerdas.core.models import Region
from kotacerdas.core.tenancy import Scope
from kotacerdas.dimensions import DIMENSIONS

Ctx = AppContext[Any]

PAGE_SIZE = 20
PREVIEW_ROWS = 50
# Rows read for a chart: a daily series of several years fits.
CHART_ROWS = 5000
FACETS = ("groups", "organization", "res_format", "tags", "frequency")
MAX_QUERY = 200
LICENCES = {
    "CC-BY-4.0": (
        "Creative Commons Attribution 4.0",
        "https://creativecommons.org/licenses/by/4.0/",
    )
}


@dataclass
class Facet:
    name: str
    title: str
    items: list[dict[str, Any]] = field(default_factory=list)


def _choices(choices: list[tuple[str, Any]]) -> dict[str, str]:
    return {str(k): str(v) for k, v in choices}


def _alternates(request: HttpRequest, dataset: OpenDataset | None = None) -> list[tuple[str, str]]:
    from kotacerdas.apps.data_terbuka.dcat import alternate_links

    return list(alternate_links(request, dataset))


def _search_page(
    request: HttpRequest, ctx: Ctx, regions: list[Region], province: bool
) -> HttpResponse:
    lang = language()
    q = request.GET.get("q", "")[:MAX_QUERY]
    filters = {name: request.GET.getlist(name)[:20] for name in FACETS}
    try:
        page = max(1, min(int(request.GET.get("page", "1")), 10_000))
    except ValueError:
        page = 1
    problem = ""
    try:
        found = search_datasets(
            regions=[r.pk for r in regions],
            q=q,
            filters={k: v for k, v in filters.items() if v},
            facet_fields=FACETS,
            facet_limit=30,
            rows=PAGE_SIZE,
            start=(page - 1) * PAGE_SIZE,
            sort="metadata_modified desc",
            language=lang,
        )
    except SearchError as exc:
        problem = str(exc)
        found = search_datasets(regions=[r.pk for r in regions], rows=0, language=lang)
    facets = []
    for name in FACETS:
        chosen = set(filters[name])
        items = [
            {
                "value": f.name,
                "label": f.display_name,
                "count": f.count,
                "checked": f.name in chosen,
            }
            for f in found.facets.get(name, [])
        ]
        facets.append(Facet(name, facet_title(name, lang), items))
    frequencies = _choices(FREQUENCY_CHOICES)
    results = []
    for d in found.results:
        formats = sorted({r.format.upper() for r in d.resources.all()})
        if any(r.current_id for r in d.resources.all()):
            formats = sorted({*formats, "CSV", "XLSX", "JSON"} - {""})
        results.append(
            {
                "dataset": d,
                "title": d.title(lang),
                "agency": d.agency.short_name or d.agency.name if d.agency else "",
                "frequency": frequencies.get(d.frequency, d.frequency),
                "modified": wib(d.metadata_modified),
                "formats": formats,
                "region": d.region,
            }
        )
    pages = max(1, -(-found.count // PAGE_SIZE))
    keep = [(k, v) for k in FACETS for v in filters[k]] + ([("q", q)] if q else [])
    base = "?" + urlencode(keep) + ("&" if keep else "")
    here = reverse(
        "data_terbuka:province" if province else "data_terbuka:search",
        kwargs={"region_slug": ctx.region.slug},
    )
    return render(
        request,
        "data_terbuka/search.html",
        {
            "region": ctx.region,
            "province": ctx.region.province if province else None,
            "regions": regions,
            "q": q,
            "problem": problem,
            "count": found.count,
            "results": results,
            "facets": facets,
            "page": page,
            "pages": pages,
            "previous_url": f"{here}{base}page={page - 1}" if page > 1 else "",
            "next_url": f"{here}{base}page={page + 1}" if page < pages else "",
            "alternates": _alternates(request),
            "here": here,
        },
    )


def search(request: HttpRequest, ctx: Ctx) -> HttpResponse:
    return _search_page(request, ctx, [ctx.region], province=False)


def province(request: HttpRequest, ctx: Ctx) -> HttpResponse:
    """Every region of this region's province together (each its own portal's datasets)."""
    regions = list(Region.objects.filter(province_id=ctx.region.province_id).order_by("name"))
    return _search_page(request, ctx, regions, province=True)


def public_dataset(ctx: Ctx, name: str) -> OpenDataset:
    found = (
        base_queryset([ctx.region_id])
        .filter(name=name)
        .select_related("region", "agency", "walidata")
        .first()
    )
    if found is None:
        raise Http404(_("No such dataset"))
    return found


def _series(release: Release) -> dict[str, Any] | None:
    """A chart when the table is a series: its first date/timestamp column against its
    first numeric column (the mean of the rows that share a time)."""
    columns = release.columns or []
    when = next((c for c in columns if c.get("type") in ("date", "timestamp")), None)
    value = next((c for c in columns if c.get("type") in ("integer", "numeric")), None)
    if when is None or value is None or not release.table_name:
        return None
    sums: dict[int, list[float]] = {}
    try:
        rows = datastore.iter_rows(release, [when["name"], value["name"]], chunk=CHART_ROWS)
        for moment, number in islice(rows, CHART_ROWS):
            if moment is None or number is None:
                continue
            if isinstance(moment, dt.datetime):
                seconds = int(moment.timestamp())
            else:
                seconds = int(dt.datetime.combine(moment, dt.time(12), tzinfo=WIB).timestamp())
            total = sums.setdefault(seconds, [0.0, 0])
            total[0] += float(number)
            total[1] += 1
    except datastore.DatastoreError:
        return None
    if len(sums) < 2:
        return None
    xs = sorted(sums)
    lang = language()
    return {
        "x": xs,
        "y": [round(sums[x][0] / sums[x][1], 6) for x in xs],
        "x_label": column_title(when, lang),
        "y_label": column_title(value, lang) + (f" ({value['unit']})" if value.get("unit") else ""),
        "mean": any(sums[x][1] > 1 for x in xs),
        "days": when.get("type") == "date",
    }


def _preview(release: Release) -> list[tuple[Any, ...]]:
    try:
        return list(islice(datastore.iter_rows(release, chunk=PREVIEW_ROWS), PREVIEW_ROWS))
    except datastore.DatastoreError:
        return []


def _history(resource: Resource, dataset: OpenDataset) -> list[dict[str, Any]]:
    releases = (
        Release.objects.scoped(Scope.public())
        .filter(resource=resource, state__in=[ReleaseState.PUBLISHED, ReleaseState.SUPERSEDED])
        .order_by("-version")[:20]
    )
    walidata = dataset.walidata
    approver = (walidata.short_name or walidata.name) if walidata else ""
    return [
        {
            "version": r.version,
            "when": wib(r.published_at or r.created_at),
            "rows": r.row_count,
            # An agency's name, never a person: uploads are approved by the walidata,
            # app feeds publish themselves.
            "approved_by": approver if r.reviewed_at else "",
            "current": r.pk == resource.current_id,
        }
        for r in releases
    ]


def dataset(request: HttpRequest, ctx: Ctx, name: str) -> HttpResponse:
    lang = language()
    found = public_dataset(ctx, name)
    resources = []
    for resource in (
        Resource.objects.scoped(Scope.public()).filter(dataset=found).select_related("current")
    ):
        release = resource.current
        link = resource.url if resource.url.startswith(("https://", "http://", "/")) else ""
        item: dict[str, Any] = {"resource": resource, "title": resource.title(lang), "link": link}
        if release is not None and release.state == ReleaseState.PUBLISHED:
            columns = [
                {
                    "name": c["name"],
                    "title": column_title(c, lang),
                    "type": c.get("type", "text"),
                    "unit": c.get("unit", ""),
                    "definition": column_definition(c, lang),
                }
                for c in release.columns
            ]
            rows = _preview(release)
            item.update(
                release=release,
                columns=columns,
                rows=[[datastore.to_json(v) for v in row] for row in rows],
                chart=_series(release),
                chart_id=f"dt-chart-{resource.pk}",
                chart_data_id=f"dt-chart-{resource.pk}-data",
                downloads=[
                    (
                        fmt.upper(),
                        reverse(
                            "data_terbuka:download",
                            kwargs={
                                "region_slug": ctx.region.slug,
                                "name": found.name,
                                "resource_id": resource.uuid,
                                "fmt": fmt,
                            },
                        ),
                    )
                    for fmt in ("csv", "xlsx", "json")
                ],
                api=request.build_absolute_uri(
                    reverse("data_terbuka:search", kwargs={"region_slug": ctx.region.slug})
                    + "api/3/action/datastore_search?"
                    + urlencode({"resource_id": str(resource.uuid), "limit": 100})
                ),
            )
        item["history"] = _history(resource, found)
        resources.append(item)
    package_show = request.build_absolute_uri(
        reverse("data_terbuka:search", kwargs={"region_slug": ctx.region.slug})
        + "api/3/action/package_show?"
        + urlencode({"id": found.name})
    )
    dimension = next((d for d in DIMENSIONS if d.key == found.dimension), None)
    tags = list(
        DatasetTag.objects.scoped(Scope.public())
        .filter(dataset=found)
        .order_by("name")
        .values_list("name", flat=True)
    )
    licence = LICENCES.get(found.licence, (found.licence, ""))
    return render(
        request,
        "data_terbuka/dataset.html",
        {
            "region": ctx.region,
            "dataset": found,
            "title": found.title(lang),
            "notes": found.notes(lang),
            "agency": found.agency,
            "walidata": found.walidata,
            "frequency": _choices(FREQUENCY_CHOICES).get(found.frequency, found.frequency),
            "access": _choices(ACCESS_CHOICES).get(found.access_level, found.access_level),
            "dimension": dimension.name(lang) if dimension else found.dimension,
            "tags": tags,
            "licence_name": licence[0],
            "licence_url": licence[1],
            "modified": wib(found.metadata_modified),
            "resources": resources,
            "package_show": package_show,
            "alternates": _alternates(request, found),
        },
    )
