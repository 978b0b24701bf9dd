"""The CKAN Action API through Django's test client: the raw envelope, both paths, GET and
POST, errors in CKAN's format, and tenancy (drafts, restricted data, other regions)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from tests.apps.data_terbuka.ckan_world import FILLERS, World, build
from tests.conftest import Demo

REGION = "/r/semarang/data-terbuka/"


@pytest.fixture
def world(demo: Demo) -> World:
    return build(demo.semarang, demo.kendal)


def get(client: Client, path: str, **params: Any) -> tuple[int, dict[str, Any]]:
    response = client.get(path, params)
    assert response["Content-Type"].startswith("application/json")
    return response.status_code, json.loads(response.content)


def post(client: Client, path: str, body: Any) -> tuple[int, dict[str, Any]]:
    data = body if isinstance(body, bytes | str) else json.dumps(body)
    response = client.post(path, data, content_type="application/json")
    return response.status_code, json.loads(response.content)


@pytest.mark.parametrize(
    "path",
    [
        "/api/3/action/status_show",
        "/api/action/status_show",
        "/api/3/action/status_show/",
        REGION + "api/3/action/status_show",
        REGION + "api/action/status_show/",
    ],
)
def test_both_paths_with_and_without_slash_answer_the_envelope(world: World, path: str) -> None:
    status, body = get(Client(), path)
    assert status == 200
    assert body["success"] is True
    assert body["help"].endswith("help_show?name=status_show")
    assert body["result"]["ckan_version"].startswith("2.")
    assert "datastore" in body["result"]["extensions"]


def test_post_json_and_form_without_csrf(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    status, body = post(client, REGION + "api/action/package_show", {"id": "uji-kualitas-udara"})
    assert status == 200 and body["result"]["name"] == "uji-kualitas-udara"
    response = client.post(REGION + "api/3/action/package_show", {"id": "uji-jalan-rusak"})
    assert response.status_code == 200
    assert json.loads(response.content)["result"]["name"] == "uji-jalan-rusak"


def test_package_show_carries_resources_and_satu_data_extras(world: World) -> None:
    status, body = get(Client(), REGION + "api/3/action/package_show", id=str(world.air.uuid))
    assert status == 200
    package = body["result"]
    assert package["organization"]["name"] == "semarang-dlh"
    assert package["groups"][0]["name"] == "environment"
    assert {t["name"] for t in package["tags"]} == {"udara", "ispu"}
    extras = {e["key"]: e["value"] for e in package["extras"]}
    assert extras["frequency"] == "harian"
    assert extras["kode_wilayah"] == world.semarang.code
    assert extras["access_level"] == "terbuka"
    assert extras["priority"] == "true"
    assert extras["period_start"] == "2026-01-01"
    assert extras["produsen_data"]
    (resource,) = package["resources"]
    assert resource["id"] == str(world.air_resource.uuid)
    assert resource["datastore_active"] is True
    assert resource["format"] == "CSV"
    assert resource["url"].startswith("http://testserver/r/semarang/data-terbuka/dataset/")
    assert resource["url"].endswith(".csv")


def test_package_search_paging_facets_and_fq(world: World) -> None:
    client = Client()
    path = REGION + "api/3/action/package_search"
    status, body = get(client, path, rows=1000)
    assert body["result"]["count"] == 2 + FILLERS
    status, body = get(
        client,
        path,
        q="udara",
        **{"facet.field": json.dumps(["tags", "organization", "groups"]), "facet.limit": "2"},
    )
    result = body["result"]
    assert result["count"] == 2
    assert result["facets"]["tags"]["udara"] == 2
    assert len(result["search_facets"]["tags"]["items"]) == 2
    assert result["search_facets"]["organization"]["title"]
    status, body = get(client, path, fq="organization:semarang-dlh tags:udara")
    assert [p["name"] for p in body["result"]["results"]] == ["uji-kualitas-udara"]
    status, body = get(client, path, fq="metadata_modified:[2000-01-01T00:00:00Z TO *]", rows=0)
    assert body["result"]["count"] == 2 + FILLERS
    status, body = get(client, path, fq="metadata_modified:[* TO 2001-01-01T00:00:00Z]")
    assert body["result"]["count"] == 0
    status, body = get(client, path, start=10_000)
    assert status == 200 and body["result"]["results"] == []


def test_installation_wide_search_has_every_region_and_region_filters(world: World) -> None:
    client = Client()
    _status, body = get(client, "/api/3/action/package_search", q="udara", rows=100)
    names = {p["name"] for p in body["result"]["results"]}
    assert {"uji-kendal-harga", "uji-kualitas-udara"} <= names
    _status, body = get(client, "/api/3/action/package_search", q="udara", fq="region:kendal")
    assert [p["name"] for p in body["result"]["results"]] == ["uji-kendal-harga"]
    _status, body = get(client, "/api/3/action/organization_list")
    assert {"semarang-dlh", "kendal-dlh"} <= set(body["result"])


def test_a_region_portal_never_shows_drafts_restricted_or_other_regions(world: World) -> None:
    client = Client()
    status, body = get(client, REGION + "api/3/action/package_search", q="udara", rows=100)
    names = {p["name"] for p in body["result"]["results"]}
    assert names == {"uji-kualitas-udara", "uji-jalan-rusak"}
    for name in ("uji-rahasia-draf", "uji-terbatas", "uji-kendal-harga"):
        status, body = get(client, REGION + "api/3/action/package_show", id=name)
        assert status == 404 and body["error"]["__type"] == "Not Found Error"
    status, body = get(client, REGION + "api/3/action/package_list")
    assert not {"uji-rahasia-draf", "uji-terbatas", "uji-kendal-harga"} & set(body["result"])
    for resource in (world.draft_resource, world.kendal_resource):
        status, body = get(
            client, REGION + "api/3/action/datastore_search", resource_id=str(resource.uuid)
        )
        assert status == 404
    status, body = get(client, "/api/3/action/package_show", id="uji-rahasia-draf")
    assert status == 404
    status, body = get(client, REGION + "api/3/action/organization_show", id="kendal-dlh")
    assert status == 404


def test_region_staff_reach_their_restricted_dataset_with_include_private(
    world: World, demo: Demo
) -> None:
    client = demo.client_for("admin-semarang")
    path = REGION + "api/3/action/package_search"
    _status, body = get(client, path, q="terbatas", include_private="true")
    assert [p["name"] for p in body["result"]["results"]] == ["uji-terbatas"]
    _status, body = get(client, path, q="terbatas")
    assert body["result"]["count"] == 0


def test_lists_and_shows(world: World) -> None:
    client = Client()
    _status, body = get(client, REGION + "api/3/action/group_list", all_fields="true")
    assert [g["name"] for g in body["result"]] == [
        "governance",
        "branding",
        "economy",
        "society",
        "living",
        "environment",
    ]
    counts = {g["name"]: g["package_count"] for g in body["result"]}
    assert counts["environment"] == 1
    _status, body = get(
        client, REGION + "api/3/action/group_show", id="living", include_datasets="true"
    )
    assert [p["name"] for p in body["result"]["packages"]] == ["uji-jalan-rusak"]
    _status, body = get(client, REGION + "api/3/action/organization_list", all_fields="true")
    orgs = {o["name"]: o for o in body["result"]}
    assert orgs["semarang-dlh"]["title"].endswith("Semarang")
    assert all(name.startswith("semarang-") for name in orgs)
    _status, body = get(
        client, REGION + "api/3/action/organization_show", id="semarang-dpu", include_datasets="1"
    )
    assert "uji-jalan-rusak" in {p["name"] for p in body["result"]["packages"]}
    _status, body = get(client, REGION + "api/3/action/tag_list")
    assert {"udara", "ispu", "jalan", "isi"} <= set(body["result"])
    assert "harga" not in body["result"]  # Kendal's tag
    _status, body = get(
        client, REGION + "api/3/action/resource_show", id=str(world.air_resource.uuid)
    )
    assert body["result"]["package_id"] == str(world.air.uuid)
    _status, body = get(client, REGION + "api/3/action/site_read")
    assert body["result"] is True


@pytest.mark.parametrize(
    ("params", "status", "kind", "field"),
    [
        ({"rows": "abc"}, 409, "Validation Error", "rows"),
        ({"rows": str(10**12)}, 409, "Validation Error", "rows"),
        ({"start": "-3"}, 409, "Validation Error", "start"),
        ({"fq": "organization:(a"}, 400, "Search Query Error", "fq"),
        ({"fq": "metadata_modified:[yesterday TO *]"}, 400, "Search Query Error", "fq"),
        ({"fq": "secret_field:x"}, 400, "Search Query Error", "fq"),
        ({"sort": "password desc"}, 409, "Validation Error", "sort"),
        ({"facet.field": "[not json"}, 409, "Validation Error", "facet.field"),
    ],
)
def test_bad_input_answers_ckan_errors_never_500(
    world: World, params: dict[str, str], status: int, kind: str, field: str
) -> None:
    code, body = get(Client(), REGION + "api/3/action/package_search", **params)
    assert code == status
    assert body["success"] is False
    assert body["error"]["__type"] == kind
    assert field in body["error"] and body["error"]["message"]


def test_malformed_json_bodies_and_unknown_or_write_actions(world: World) -> None:
    client = Client()
    status, body = post(client, REGION + "api/3/action/package_search", b"{not json")
    assert status == 409 and body["error"]["__type"] == "Validation Error"
    status, body = post(client, REGION + "api/3/action/package_search", b"[1, 2]")
    assert status == 409
    status, body = post(client, "/api/3/action/package_create", {"name": "x"})
    assert status == 403 and body["error"]["__type"] == "Authorization Error"
    status, body = get(client, "/api/3/action/no_such_action")
    assert status == 400 and body["success"] is False
    status, body = get(client, REGION + "api/3/action/datastore_search_sql", sql="SELECT 1")
    assert status == 403 and "disabled" in body["error"]["message"]
    status, body = get(client, REGION + "api/3/action/package_show")
    assert status == 409 and body["error"]["id"] == ["Missing value"]


def test_control_characters_are_refused_never_500(world: World) -> None:
    # In a JSON body the API itself refuses them in CKAN's format ...
    status, body = post(Client(), REGION + "api/3/action/package_search", {"q": "udara\x00"})
    assert status == 409 and body["error"]["__type"] == "Validation Error"
    assert body["error"]["q"]
    # ... in a query string the site's edge refuses them first (400), in CKAN's envelope too.
    response = Client().get("/api/3/action/package_search", {"q": "udara\x07"})
    error = json.loads(response.content)["error"]
    assert response.status_code == 400 and error["__type"] == "Validation Error" and error["q"]
    response = Client().get(REGION + "api/3/action/package_search", {"q": "udara\x00"})
    assert response.status_code == 400


def test_unknown_parameters_are_ignored(world: World) -> None:
    status, _body = get(
        Client(), REGION + "api/3/action/package_show", id="uji-jalan-rusak", use_default_schema="1"
    )
    assert status == 200
