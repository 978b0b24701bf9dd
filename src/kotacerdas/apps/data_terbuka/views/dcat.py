"""DCAT files: the catalogue (``catalog.jsonld|ttl|rdf|xml``, paged) and one dataset
(``dataset/<name>.jsonld|ttl|rdf``), for one region's portal and, at the site root, for the
whole installation."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, re_path

from kotacerdas.apps.data_terbuka import dcat, search
from kotacerdas.apps.data_terbuka.ckan.fq import FqError, parse_datetime
from kotacerdas.contract import RootRoute

CATALOG = r"^catalog\.(?P<fmt>jsonld|ttl|rdf|xml)$"
DATASET = r"^dataset/(?P<name>[-a-zA-Z0-9_]{1,100})\.(?P<fmt>jsonld|ttl|rdf)$"
MAX_PAGE = 100_000


def _text(status: int, message: str) -> HttpResponse:
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


def _rdf(graph: Any, fmt: str) -> HttpResponse:
    body, mime = dcat.serialize(graph, fmt)
    response = HttpResponse(body, content_type=f"{mime}; charset=utf-8")
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _catalog(
    request: HttpRequest, fmt: str, regions: list[int], title: str, path: str
) -> HttpResponse:
    raw_page = request.GET.get("page", "1").strip() or "1"
    if not raw_page.isdigit() or not 1 <= int(raw_page) <= MAX_PAGE:
        return _text(400, f"page must be a whole number from 1 to {MAX_PAGE}")
    page = int(raw_page)
    since: dt.datetime | None = None
    raw_since = request.GET.get("modified_since", "").strip()
    if raw_since:
        try:
            since = parse_datetime(raw_since[:40].replace(" ", "+"))
        except FqError:
            return _text(400, "modified_since must be an ISO 8601 date or time")
    result = search.search_datasets(
        regions=regions,
        modified_since=since,
        rows=dcat.PAGE_SIZE,
        start=(page - 1) * dcat.PAGE_SIZE,
        sort="metadata_modified desc",
    )

    def page_url(n: int) -> str:
        query = {"page": n, **({"modified_since": raw_since} if raw_since else {})}
        return request.build_absolute_uri(f"{path}?{urlencode(query)}")

    graph = dcat.catalog_graph(
        request,
        datasets=result.results,
        total=result.count,
        page=page,
        title=title,
        catalog_path=path,
        page_url=page_url,
    )
    return _rdf(graph, fmt)


def _dataset(request: HttpRequest, name: str, fmt: str, regions: list[int]) -> HttpResponse:
    result = search.search_datasets(regions=regions, names=[name], rows=1)
    if not result.results:
        return _text(404, "dataset not found")
    return _rdf(dcat.dataset_graph(request, result.results[0]), fmt)


def region_catalog(request: HttpRequest, ctx: Any, fmt: str) -> HttpResponse:
    base = dcat.portal_base(ctx.region.slug)
    return _catalog(
        request, fmt, [ctx.region_id], f"Data Terbuka {ctx.region.name}", f"{base}catalog.{fmt}"
    )


def region_dataset(request: HttpRequest, ctx: Any, name: str, fmt: str) -> HttpResponse:
    return _dataset(request, name, fmt, [ctx.region_id])


def _regions() -> list[int]:
    from kotacerdas.apps.data_terbuka.views.ckan import serving_regions

    return serving_regions()


def root_catalog(request: HttpRequest, ctx: Any = None, fmt: str = "jsonld") -> HttpResponse:
    return _catalog(request, fmt, _regions(), "Data Terbuka", f"/catalog.{fmt}")


def root_dataset(
    request: HttpRequest, ctx: Any = None, name: str = "", fmt: str = "jsonld"
) -> HttpResponse:
    return _dataset(request, name, fmt, _regions())


def _refuse(
    request: HttpRequest, status: int, message: str, kwargs: dict[str, Any]
) -> HttpResponse:
    return _text(status, message)


def dcat_public_urls() -> list[URLPattern]:
    return [
        re_path(CATALOG, region_catalog, name="dcat-catalog"),
        re_path(DATASET, region_dataset, name="dcat-dataset"),
    ]


def dcat_root_routes() -> list[RootRoute]:
    return [
        RootRoute(
            CATALOG,
            root_catalog,
            "data-terbuka-dcat-catalog",
            _refuse,
            locate="installation",
            regex=True,
        ),
        RootRoute(
            DATASET,
            root_dataset,
            "data-terbuka-dcat-dataset",
            _refuse,
            locate="installation",
            regex=True,
        ),
    ]
