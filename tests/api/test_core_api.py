"""The core JSON API: OpenAPI, public reads, errors that name the problem."""

from __future__ import annotations

import json

from django.test import Client

from tests.conftest import Demo


def test_openapi_and_docs(db: None) -> None:
    client = Client()
    spec = client.get("/api/openapi.json").json()
    assert spec["info"]["title"] == "kotacerdas API"
    assert "/api/regions/{code}/apps" in spec["paths"]
    assert client.get("/api/docs").status_code == 200


def test_regions_and_dimensions(demo: Demo) -> None:
    client = Client()
    regions = {r["code"]: r for r in client.get("/api/regions").json()}
    assert set(regions) >= {"33.74", "33.24", "33.21", "33.16", "33.05", "33.73"}
    assert regions["33.74"]["slug"] == "semarang" and regions["33.74"]["kind"] == "kota"
    assert client.get("/api/regions/semarang").json()["code"] == "33.74"
    dims = client.get("/api/dimensions").json()
    assert [d["key"] for d in dims] == [
        "governance",
        "branding",
        "economy",
        "society",
        "living",
        "environment",
    ]
    assert all(len(d["sub_elements"]) == 3 for d in dims)


def test_unknown_region(demo: Demo) -> None:
    response = Client().get("/api/regions/99.99")
    assert response.status_code == 404
    assert response.json() == {"detail": "no region has the code or slug '99.99'"}


def test_enabled_apps_are_public(demo: Demo) -> None:
    apps = Client().get("/api/regions/33.74/apps").json()
    assert "contoh-taman" in {a["key"] for a in apps}


def test_config_write_errors_name_the_field(demo: Demo) -> None:
    client = demo.client_for("admin-semarang")
    bad = client.put(
        "/api/regions/33.74/apps/contoh-taman/config",
        json.dumps({"config": {"target_parks": -1}}),
        content_type="application/json",
    )
    assert bad.status_code == 422
    assert bad.json()["field"] == "target_parks"
    assert "minimum" in bad.json()["detail"] or "less than" in bad.json()["detail"]
    unknown = client.put(
        "/api/regions/33.74/apps/contoh-taman/config",
        json.dumps({"config": {"colour": "red"}}),
        content_type="application/json",
    )
    assert unknown.status_code == 422 and "colour" in unknown.json()["detail"]


def test_agency_create_validation(demo: Demo) -> None:
    client = demo.client_for("admin-semarang")
    bad = client.post(
        "/api/regions/33.74/agencies",
        json.dumps({"name": "Dinas", "slug": "Bad Slug"}),
        content_type="application/json",
    )
    assert bad.status_code == 422 and bad.json()["field"] == "slug"
    dup = client.post(
        "/api/regions/33.74/agencies",
        json.dumps({"name": "Dinas PU lagi", "slug": "dpu"}),
        content_type="application/json",
    )
    assert dup.status_code == 409 and dup.json()["field"] == "slug"
