"""DCAT-AP output parsed with rdflib in all three formats: the catalogue pages (Hydra) and
one dataset, with the mapping's triples; nothing private or of another region."""

from __future__ import annotations

import pytest
from django.test import Client, RequestFactory
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF

from kotacerdas.apps.data_terbuka import dcat
from tests.apps.data_terbuka.ckan_world import FILLERS, World, build
from tests.conftest import Demo

HYDRA = dcat.HYDRA
FORMATS = {"jsonld": "json-ld", "ttl": "turtle", "rdf": "xml"}
REGION = "/r/semarang/data-terbuka/"


@pytest.fixture
def world(demo: Demo) -> World:
    return build(demo.semarang, demo.kendal)


def graph(path: str, fmt: str, **params: str) -> Graph:
    response = Client().get(path, params)
    assert response.status_code == 200, response.content[:200]
    assert response["Content-Type"].startswith(dcat.FORMATS[fmt][1])
    return Graph().parse(data=response.content, format=FORMATS[fmt])


def dataset_nodes(g: Graph) -> set[str]:
    return {str(s) for s in g.subjects(RDF.type, DCAT.Dataset)}


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_a_dataset_maps_the_dcat_ap_way(world: World, fmt: str) -> None:
    g = graph(f"{REGION}dataset/uji-kualitas-udara.{fmt}", fmt)
    (node,) = g.subjects(RDF.type, DCAT.Dataset)
    assert (node, DCTERMS.title, Literal("Kualitas udara harian", lang="id")) in g
    assert (node, DCTERMS.title, Literal("Daily air quality", lang="en")) in g
    assert {str(k) for k in g.objects(node, DCAT.keyword)} == {"udara", "ispu"}
    assert (node, DCTERMS.accrualPeriodicity, URIRef(dcat.EU_FREQ + "DAILY")) in g
    publisher = g.value(node, DCTERMS.publisher)
    assert (publisher, RDF.type, FOAF.Agent) in g
    assert str(g.value(publisher, FOAF.name)).endswith("Semarang")
    contact = g.value(node, DCAT.contactPoint)
    assert str(g.value(contact, dcat.VCARD.hasEmail)) == "mailto:data@dlh.example.id"
    spatial = g.value(node, DCTERMS.spatial)
    assert str(g.value(spatial, DCTERMS.identifier)) == world.semarang.code
    temporal = g.value(node, DCTERMS.temporal)
    assert str(g.value(temporal, DCAT.startDate)) == "2026-01-01"
    assert g.value(node, DCAT.theme) is not None
    assert g.value(node, DCTERMS.modified) is not None
    (dist,) = g.objects(node, DCAT.distribution)
    assert str(g.value(dist, DCAT.downloadURL)).endswith(f"{world.air_resource.uuid}.csv")
    assert g.value(dist, DCAT.mediaType) == URIRef(dcat.IANA + "text/csv")
    assert g.value(dist, DCTERMS.license) == URIRef(dcat.LICENCE_URIS["CC-BY-4.0"])


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_the_region_catalogue_is_paged_and_public_only(world: World, fmt: str) -> None:
    g = graph(f"{REGION}catalog.{fmt}", fmt)
    (catalog,) = g.subjects(RDF.type, DCAT.Catalog)
    datasets = {str(d) for d in g.objects(catalog, DCAT.dataset)}
    assert len(datasets) == 2 + FILLERS
    assert not any(n in d for d in datasets for n in ("draf", "terbatas", "kendal"))
    (paging,) = g.subjects(RDF.type, HYDRA.PagedCollection)
    assert int(str(g.value(paging, HYDRA.totalItems))) == 2 + FILLERS
    assert int(str(g.value(paging, HYDRA.itemsPerPage))) == 100


def test_pages_and_modified_since(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dcat, "PAGE_SIZE", 10)
    first = graph("/catalog.ttl", "ttl")
    (paging,) = first.subjects(RDF.type, HYDRA.PagedCollection)
    assert "page=2" in str(first.value(paging, HYDRA.nextPage))
    names: set[str] = set()
    for page in (1, 2, 3, 4):
        names |= dataset_nodes(graph("/catalog.ttl", "ttl", page=str(page)))
    assert len(names) == 2 + FILLERS + 1  # Kendal's too, installation-wide
    assert not dataset_nodes(graph("/catalog.ttl", "ttl", page="9"))
    assert not dataset_nodes(graph("/catalog.ttl", "ttl", modified_since="2999-01-01"))
    assert dataset_nodes(graph("/catalog.jsonld", "jsonld", modified_since="2000-01-01T00:00:00Z"))


def test_bad_pages_and_hidden_datasets(world: World) -> None:
    client = Client()
    assert client.get("/catalog.ttl", {"page": "abc"}).status_code == 400
    assert client.get("/catalog.ttl", {"page": "0"}).status_code == 400
    assert client.get("/catalog.ttl", {"modified_since": "kemarin"}).status_code == 400
    assert client.get(f"{REGION}dataset/uji-rahasia-draf.ttl").status_code == 404
    assert client.get(f"{REGION}dataset/uji-kendal-harga.ttl").status_code == 404
    assert client.get("/dataset/uji-kendal-harga.rdf").status_code == 200


def test_alternate_links(world: World) -> None:
    request = RequestFactory().get("/")
    links = dcat.alternate_links(request, world.air)
    assert [m for _h, m in links] == ["application/ld+json", "text/turtle", "application/rdf+xml"]
    assert links[0][0] == f"http://testserver{REGION}dataset/uji-kualitas-udara.jsonld"
    assert dcat.alternate_links(request)[1][0] == "http://testserver/catalog.ttl"
