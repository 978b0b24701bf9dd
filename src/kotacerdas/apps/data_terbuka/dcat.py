"""DCAT-AP 3 for catalogue harvesters (rdflib): the catalogue paged as a Hydra collection
(100 datasets a page, ``?page=``, ``?modified_since=``) and one dataset at a time, in
JSON-LD, Turtle and RDF/XML.

Mapping (as ckanext-dcat does): title → ``dct:title`` and notes → ``dct:description`` (with
``id`` and ``en`` language tags), tags → ``dcat:keyword``, frequency →
``dct:accrualPeriodicity`` (EU frequency vocabulary), agency → ``dct:publisher``
(``foaf:Agent``), contact → ``dcat:contactPoint`` (``vcard:Kind``), region → ``dct:spatial``
(``dct:Location`` with the Kemendagri code), period → ``dct:temporal``
(``dct:PeriodOfTime``), dimension → ``dcat:theme`` (``skos:Concept``), resources →
``dcat:distribution`` (``dcat:downloadURL``, ``dcat:mediaType`` IANA URI, ``dct:license``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, SKOS, XSD

from kotacerdas.apps.data_terbuka.models import OpenDataset
from kotacerdas.dimensions import DIMENSIONS

VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")
EU_FREQ = "http://publications.europa.eu/resource/authority/frequency/"
FREQUENCY = {
    "tahunan": "ANNUAL",
    "semesteran": "ANNUAL_2",
    "triwulanan": "QUARTERLY",
    "bulanan": "MONTHLY",
    "harian": "DAILY",
    "real-time": "UPDATE_CONT",
}
LICENCE_URIS = {
    "CC-BY-4.0": "http://creativecommons.org/licenses/by/4.0/",
    "CC0-1.0": "http://creativecommons.org/publicdomain/zero/1.0/",
    "ODbL-1.0": "http://opendatacommons.org/licenses/odbl/1-0/",
}
IANA = "https://www.iana.org/assignments/media-types/"
MEDIA_TYPES = {
    "CSV": "text/csv",
    "JSON": "application/json",
    "XLSX": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "GEOJSON": "application/geo+json",
    "XML": "application/xml",
    "HTML": "text/html",
}
FORMATS = {
    "jsonld": ("json-ld", "application/ld+json"),
    "ttl": ("turtle", "text/turtle"),
    "rdf": ("xml", "application/rdf+xml"),
    "xml": ("xml", "application/rdf+xml"),
}
PAGE_SIZE = 100


def _graph() -> Graph:
    graph = Graph()
    for prefix, ns in (
        ("dcat", DCAT),
        ("dct", DCTERMS),
        ("foaf", FOAF),
        ("vcard", VCARD),
        ("hydra", HYDRA),
        ("skos", SKOS),
    ):
        graph.bind(prefix, ns)
    return graph


def portal_base(region_slug: str) -> str:
    try:
        return reverse("data_terbuka:search", kwargs={"region_slug": region_slug})
    except NoReverseMatch:
        return f"/r/{region_slug}/data-terbuka/"


def dataset_page(dataset: OpenDataset) -> str:
    try:
        return reverse(
            "data_terbuka:dataset",
            kwargs={"region_slug": dataset.region.slug, "name": dataset.name},
        )
    except NoReverseMatch:
        return f"{portal_base(dataset.region.slug)}dataset/{dataset.name}/"


def _time(value: dt.datetime | None) -> Literal | None:
    if value is None:
        return None
    return Literal(value.astimezone(dt.UTC).replace(microsecond=0), datatype=XSD.dateTime)


def add_dataset(graph: Graph, request: HttpRequest, dataset: OpenDataset) -> URIRef:
    from kotacerdas.apps.data_terbuka.ckan.actions import Env, download_url
    from kotacerdas.apps.data_terbuka.search import organizations

    absolute = request.build_absolute_uri
    node = URIRef(absolute(dataset_page(dataset)))
    g = graph
    g.add((node, RDF.type, DCAT.Dataset))
    g.add((node, DCTERMS.identifier, Literal(str(dataset.uuid))))
    g.add((node, DCTERMS.title, Literal(dataset.title_id, lang="id")))
    if dataset.title_en:
        g.add((node, DCTERMS.title, Literal(dataset.title_en, lang="en")))
    if dataset.notes_id:
        g.add((node, DCTERMS.description, Literal(dataset.notes_id, lang="id")))
    if dataset.notes_en:
        g.add((node, DCTERMS.description, Literal(dataset.notes_en, lang="en")))
    g.add((node, DCAT.landingPage, node))
    for tag in dataset.tag_rows.all():
        g.add((node, DCAT.keyword, Literal(tag.name)))
    if dataset.frequency in FREQUENCY:
        g.add((node, DCTERMS.accrualPeriodicity, URIRef(EU_FREQ + FREQUENCY[dataset.frequency])))
    issued, modified = _time(dataset.metadata_created), _time(dataset.metadata_modified)
    if issued is not None:
        g.add((node, DCTERMS.issued, issued))
    if modified is not None:
        g.add((node, DCTERMS.modified, modified))
    by_id, _ = organizations()
    org = by_id.get(dataset.agency_id) if dataset.agency_id is not None else None
    if org is not None:
        agent = URIRef(absolute(f"/api/3/action/organization_show?id={org.name}"))
        g.add((node, DCTERMS.publisher, agent))
        g.add((agent, RDF.type, FOAF.Agent))
        g.add((agent, FOAF.name, Literal(org.title)))
        g.add((agent, DCTERMS.identifier, Literal(org.name)))
    if dataset.contact_name or dataset.contact_email or org is not None:
        contact = BNode()
        g.add((node, DCAT.contactPoint, contact))
        g.add((contact, RDF.type, VCARD.Kind))
        g.add((contact, VCARD.fn, Literal(dataset.contact_name or (org.title if org else ""))))
        email = dataset.contact_email or (org.email if org else "")
        if email:
            g.add((contact, VCARD.hasEmail, URIRef(f"mailto:{email}")))
    region = dataset.region
    place = BNode()
    g.add((node, DCTERMS.spatial, place))
    g.add((place, RDF.type, DCTERMS.Location))
    g.add((place, SKOS.prefLabel, Literal(region.name)))
    g.add((place, DCTERMS.identifier, Literal(region.code)))
    if dataset.period_start or dataset.period_end:
        period = BNode()
        g.add((node, DCTERMS.temporal, period))
        g.add((period, RDF.type, DCTERMS.PeriodOfTime))
        if dataset.period_start:
            g.add((period, DCAT.startDate, Literal(dataset.period_start, datatype=XSD.date)))
        if dataset.period_end:
            g.add((period, DCAT.endDate, Literal(dataset.period_end, datatype=XSD.date)))
    for dimension in DIMENSIONS:
        if dimension.key == dataset.dimension:
            theme = URIRef(absolute(f"/api/3/action/group_show?id={dimension.key}"))
            g.add((node, DCAT.theme, theme))
            g.add((theme, RDF.type, SKOS.Concept))
            g.add((theme, SKOS.prefLabel, Literal(dimension.name_id, lang="id")))
            g.add((theme, SKOS.prefLabel, Literal(dimension.name_en, lang="en")))
    licence = URIRef(LICENCE_URIS.get(dataset.licence, LICENCE_URIS["CC-BY-4.0"]))
    g.add((node, DCTERMS.license, licence))
    g.add((licence, RDF.type, DCTERMS.LicenseDocument))
    env = Env(request, "/", [dataset.region_id], None, _public_scope(), "id")
    for resource in dataset.resources.all():
        url = download_url(env, dataset, resource)
        dist = URIRef(f"{absolute(dataset_page(dataset))}#resource-{resource.uuid}")
        g.add((node, DCAT.distribution, dist))
        g.add((dist, RDF.type, DCAT.Distribution))
        g.add((dist, DCTERMS.identifier, Literal(str(resource.uuid))))
        g.add((dist, DCTERMS.title, Literal(resource.title_id, lang="id")))
        if resource.title_en:
            g.add((dist, DCTERMS.title, Literal(resource.title_en, lang="en")))
        g.add((dist, DCAT.accessURL, URIRef(url)))
        g.add((dist, DCAT.downloadURL, URIRef(url)))
        fmt = resource.format.upper()
        g.add((dist, DCTERMS.format, Literal(fmt)))
        if fmt in MEDIA_TYPES:
            g.add((dist, DCAT.mediaType, URIRef(IANA + MEDIA_TYPES[fmt])))
        g.add((dist, DCTERMS.license, licence))
        if (changed := _time(resource.last_modified)) is not None:
            g.add((dist, DCTERMS.modified, changed))
    return node


def _public_scope() -> Any:
    from kotacerdas.core.tenancy import Scope

    return Scope.public()


def catalog_graph(
    request: HttpRequest,
    *,
    datasets: Iterable[OpenDataset],
    total: int,
    page: int,
    title: str,
    catalog_path: str,
    page_url: Any,
) -> Graph:
    """The catalogue node, its datasets and the Hydra paging of this page."""
    graph = _graph()
    absolute = request.build_absolute_uri
    catalog = URIRef(absolute(catalog_path))
    graph.add((catalog, RDF.type, DCAT.Catalog))
    graph.add((catalog, DCTERMS.title, Literal(title, lang="id")))
    graph.add((catalog, DCTERMS.description, Literal(f"{title} (Satu Data Indonesia)", lang="id")))
    graph.add((catalog, FOAF.homepage, catalog))
    graph.add(
        (
            catalog,
            DCTERMS.language,
            URIRef("http://publications.europa.eu/resource/authority/language/IND"),
        )
    )
    for dataset in datasets:
        node = add_dataset(graph, request, dataset)
        graph.add((catalog, DCAT.dataset, node))
    last = max(1, (total + PAGE_SIZE - 1) // PAGE_SIZE)
    paging = URIRef(page_url(page))
    graph.add((paging, RDF.type, HYDRA.PagedCollection))
    graph.add((paging, HYDRA.totalItems, Literal(total, datatype=XSD.integer)))
    graph.add((paging, HYDRA.itemsPerPage, Literal(PAGE_SIZE, datatype=XSD.integer)))
    graph.add((paging, HYDRA.firstPage, Literal(page_url(1))))
    graph.add((paging, HYDRA.lastPage, Literal(page_url(last))))
    if page < last:
        graph.add((paging, HYDRA.nextPage, Literal(page_url(page + 1))))
    if page > 1:
        graph.add((paging, HYDRA.previousPage, Literal(page_url(page - 1))))
    return graph


def dataset_graph(request: HttpRequest, dataset: OpenDataset) -> Graph:
    graph = _graph()
    add_dataset(graph, request, dataset)
    return graph


def serialize(graph: Graph, fmt: str) -> tuple[bytes, str]:
    rdflib_format, mime = FORMATS[fmt]
    data = graph.serialize(format=rdflib_format, encoding="utf-8")
    return (data if isinstance(data, bytes) else data.encode()), mime


def alternate_links(
    request: HttpRequest, dataset: OpenDataset | None = None
) -> list[tuple[str, str]]:
    """``[(absolute href, mime type)]`` for ``<link rel="alternate">``: the dataset's DCAT
    files, or the catalogue of the region portal the request is in (the installation's
    catalogue outside a region)."""
    if dataset is not None:
        base = portal_base(dataset.region.slug) + f"dataset/{dataset.name}."
    else:
        match = getattr(request, "resolver_match", None)
        region_slug = match.kwargs.get("region_slug") if match is not None else None
        base = (portal_base(region_slug) if region_slug else "/") + "catalog."
    return [
        (request.build_absolute_uri(base + ext), FORMATS[ext][1])
        for ext in ("jsonld", "ttl", "rdf")
    ]
