"""The OpenAPI document: valid, every operation's error answers documented, every JSON
endpoint under /api/ in it (including the sensor batch ingest, a plain Django view)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from openapi_spec_validator import validate

from tests.conftest import Demo

METHODS = ("get", "put", "post", "delete", "patch")
# Served under /api/ but not JSON operations: the document itself, its HTML viewer and
# ninja's root (a 404 that only names the docs' address).
NOT_OPERATIONS = {"/api/openapi.json", "/api/docs", "/api/"}
# CKAN's Action API (Data Terbuka) is a standard with its own reference, not our API's.
CKAN_ACTIONS = "/api/(?:3/)?action/"


@pytest.fixture
def spec(db: None) -> dict[str, Any]:
    response = Client().get("/api/openapi.json")
    assert response.status_code == 200
    return dict(response.json())


def operations(spec: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in spec["paths"].items():
        for method in METHODS:
            if method in item:
                yield path, method, item[method]


def resolve(spec: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        name = schema["$ref"].removeprefix("#/components/schemas/")
        schema = spec["components"]["schemas"][name]
    return schema


def test_the_document_is_valid(spec: dict[str, Any]) -> None:
    validate(spec)  # raises on any invalid part, naming it
    assert spec["openapi"].startswith("3.1")


def test_region_bbox_and_centre_are_plain_arrays_of_numbers(spec: dict[str, Any]) -> None:
    region = spec["components"]["schemas"]["RegionOut"]["properties"]
    assert region["bbox"]["type"] == "array" and region["bbox"]["items"] == {"type": "number"}
    assert region["bbox"]["minItems"] == region["bbox"]["maxItems"] == 4
    assert region["centre"]["minItems"] == region["centre"]["maxItems"] == 2
    assert "prefixItems" not in json.dumps(spec)


def test_every_operation_documents_its_error_answers(spec: dict[str, Any]) -> None:
    missing: list[str] = []
    for path, method, op in operations(spec):
        statuses = set(op["responses"])
        params = op.get("parameters", [])
        wanted: set[str] = {"400"}  # control characters are refused everywhere
        if op.get("security"):
            wanted |= {"401", "403"}
        if any(p["in"] == "path" for p in params):
            wanted.add("404")
        if "requestBody" in op:
            wanted |= {"400", "413", "422"}
        if params:
            wanted.add("422")
        if path.startswith("/api/apps/") and "{region}" in path:
            wanted |= {"401", "404", "503"}
        missing += [f"{method.upper()} {path}: {s}" for s in sorted(wanted - statuses)]
        for status, answer in op["responses"].items():
            if not status.startswith(("4", "5")):
                continue
            schema = resolve(spec, answer["content"]["application/json"]["schema"])
            assert "detail" in schema["properties"], f"{method} {path} {status}"
            assert "detail" in schema["required"], f"{method} {path} {status}"
    assert not missing, missing


def test_error_answers_share_one_shape(spec: dict[str, Any]) -> None:
    error = spec["components"]["schemas"]["ErrorOut"]
    assert set(error["properties"]) == {"detail", "field"}
    assert error["required"] == ["detail"]


def _api_routes() -> Iterator[str]:
    """Every URL pattern under api/, as an OpenAPI path (``<int:id>`` → ``{id}``)."""

    def walk(patterns: list[Any], prefix: str) -> Iterator[str]:
        for p in patterns:
            route = prefix + str(p.pattern).lstrip("^").rstrip("$")
            if isinstance(p, URLResolver):
                yield from walk(list(p.url_patterns), route)
            elif isinstance(p, URLPattern) and route.startswith("api/"):
                yield "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)

    yield from walk(list(get_resolver().url_patterns), "")


def test_every_json_endpoint_under_api_is_in_the_document(spec: dict[str, Any]) -> None:
    routes = {r for r in _api_routes() if not r.startswith(CKAN_ACTIONS)} - NOT_OPERATIONS
    documented = set(spec["paths"])
    assert "/api/apps/sensor-kota/ingest" in routes
    assert routes - documented == set()
    assert documented - routes == set()


def test_the_batch_ingest_is_documented_as_its_view_answers(
    spec: dict[str, Any], demo: Demo
) -> None:
    op = spec["paths"]["/api/apps/sensor-kota/ingest"]["post"]
    assert op["security"] == [{"IngestKey": []}]
    assert spec["components"]["securitySchemes"]["IngestKey"]["scheme"] == "bearer"
    body = op["requestBody"]["content"]["application/json"]["schema"]
    reading = body["anyOf"][0]["items"]
    assert reading["required"] == ["sensor", "ts", "value"]
    client = Client()
    url = "/api/apps/sensor-kota/ingest"
    anonymous = client.post(url, "[]", content_type="application/json")
    assert anonymous.status_code == 401 and "detail" in anonymous.json()
    assert "401" in op["responses"]
    bad = client.post(
        url, "[{", content_type="application/json", HTTP_AUTHORIZATION="Bearer demo-sensor-key"
    )
    assert bad.status_code == 400 and bad.json()["detail"].startswith("malformed JSON")
    stored = client.post(
        url, "[]", content_type="application/json", HTTP_AUTHORIZATION="Bearer demo-sensor-key"
    )
    assert stored.status_code == 200
    assert set(stored.json()) == set(
        op["responses"]["200"]["content"]["application/json"]["schema"]["required"]
    )


def test_documented_error_answers_are_what_the_api_answers(demo: Demo) -> None:
    client = Client()
    missing = client.get("/api/regions/nowhere/agencies")
    assert missing.status_code == 404 and set(missing.json()) <= {"detail", "field"}
    anonymous = client.get("/api/regions/semarang/members")
    assert anonymous.status_code == 401 and anonymous.json()["detail"]
    not_json = demo.client_for("admin-semarang").post(
        "/api/regions/semarang/agencies", "{", content_type="application/json"
    )
    assert not_json.status_code == 400 and not_json.json()["detail"]
    not_enabled = client.get("/api/apps/sensor-kota/nowhere/stations")
    assert not_enabled.status_code == 404 and not_enabled.json()["field"] == "region"


def test_series_parameters_are_documented_and_out_of_range_times_refused(
    spec: dict[str, Any], demo: Demo
) -> None:
    path = "/api/apps/sensor-kota/{region}/stations/{code}/series"
    op = spec["paths"][path]["get"]
    params = {p["name"]: p["schema"] for p in op["parameters"] if p["in"] == "query"}
    assert "raw" in params["resolution"]["enum"] and "mean" in params["agg"]["enum"]
    assert "ISO 8601" in params["start"]["description"]
    assert "400" in op["responses"]
    url = "/api/apps/sensor-kota/semarang/stations/aq-tugu-muda/series"
    # Year 1 at +07:00 is still year 0 in UTC: refused, naming the parameter, not a 500.
    early = Client().get(url, {"start": "0001-01-01T00:00:00+07:00"})
    assert early.status_code == 400 and early.json()["field"] == "start"
    assert Client().get(url, {"agg": "median"}).json()["field"] == "agg"
