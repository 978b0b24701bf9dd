"""The catalog API: public reads, admin writes, refusals in the {"detail", "field"} shape."""

from __future__ import annotations

import json

from kotacerdas.catalog.models import Lineage
from tests.catalog.conftest import APP, Story


def post(client: object, url: str, body: dict[str, object]) -> object:
    return client.post(url, json.dumps(body), content_type="application/json")  # type: ignore[attr-defined]


def test_public_reads(story: Story) -> None:
    client = story.demo.client_for(None)
    apps = client.get("/api/catalog/apps").json()
    taman = next(a for a in apps if a["key"] == APP)
    assert taman["variants"] == 1 and taman["dimension"] == "living"
    assert all(
        a["dimension"] == "living" or "living" in a["secondary_dimensions"]
        for a in client.get("/api/catalog/apps?dimension=living").json()
    )
    variants = client.get(f"/api/catalog/variants?app={APP}").json()
    assert [(v["name"], v["latest_version"], v["config_visible"]) for v in variants] == [
        ("Taman Semarang", "1.0.0", False)  # partners only: anonymous sees who, not what
    ]
    refused = client.get(f"/api/catalog/variants/{story.v1.variant_id}/versions/1.0.0/config")
    assert refused.status_code == 404
    partner = story.demo.client_for("admin-kendal")
    config = partner.get(f"/api/catalog/variants/{story.v1.variant_id}/versions/1.0.0/config")
    assert config.status_code == 200 and config.json()["managing_agency"] == "dlh"


def test_adopt_customise_update_merge_republish_through_the_api(story: Story) -> None:
    kendal = story.demo.client_for("admin-kendal")
    adopted = post(
        kendal,
        "/api/catalog/regions/33.24/adopt",
        {"variant_id": story.v1.variant_id, "version": "1.0.0", "mapping": {"dlh": "dpu"}},
    )
    assert adopted.status_code == 201, adopted.content  # type: ignore[attr-defined]
    assert adopted.json()["upstream"]["publisher"]["code"] == "33.74"  # type: ignore[attr-defined]
    config = kendal.get(f"/api/regions/33.24/apps/{APP}/config").json()["config"]
    config["target_parks"] = 12
    assert (
        kendal.put(
            f"/api/regions/33.24/apps/{APP}/config",
            json.dumps({"config": config}),
            content_type="application/json",
        ).status_code
        == 200
    )
    semarang = story.demo.client_for("admin-semarang")
    published = post(
        semarang,
        "/api/catalog/regions/33.74/publish",
        {"app": APP, "version": "1.1.0", "changelog": "more", "sharing": "partners"},
    )
    assert published.status_code == 201  # type: ignore[attr-defined]
    apps = {a["key"]: a for a in kendal.get("/api/regions/33.24/apps").json()}
    assert apps[APP]["update_available"] is True
    assert apps[APP]["latest_upstream_version"] == "1.1.0"
    state = kendal.get(f"/api/catalog/regions/33.24/apps/{APP}/sync").json()
    assert [c["pointer"] for c in state["overrides"]] == ["/target_parks"]
    merged = post(kendal, f"/api/catalog/regions/33.24/apps/{APP}/merge", {"version": "1.1.0"})
    assert merged.status_code == 200 and merged.json()["config"]["target_parks"] == 12  # type: ignore[attr-defined]
    republished = post(
        kendal,
        "/api/catalog/regions/33.24/publish",
        {"app": APP, "version": "1.0.0", "changelog": "Kendal", "sharing": "partners"},
    )
    assert republished.status_code == 201  # type: ignore[attr-defined]
    variants = {
        v["name"]: v for v in story.demo.client_for(None).get("/api/catalog/variants").json()
    }
    kendal_variant = variants[republished.json()["name"]]  # type: ignore[attr-defined]
    assert kendal_variant["upstream"]["publisher"]["code"] == "33.74"
    assert kendal_variant["upstream"]["version"] == "1.1.0"


def test_writes_are_refused_with_a_reason(story: Story) -> None:
    anonymous = story.demo.client_for(None)
    body = {"app": APP, "version": "2.0.0", "changelog": "x"}
    assert post(anonymous, "/api/catalog/regions/33.74/publish", body).status_code == 401  # type: ignore[attr-defined]
    other = post(story.demo.client_for("admin-kendal"), "/api/catalog/regions/33.74/publish", body)
    assert other.status_code == 403  # type: ignore[attr-defined]
    bad = post(
        story.demo.client_for("admin-semarang"),
        "/api/catalog/regions/33.74/publish",
        {**body, "version": "0.9.0"},
    )
    assert bad.status_code == 422 and bad.json()["field"] == "version"  # type: ignore[attr-defined]
    unmapped = post(
        story.demo.client_for("admin-kendal"),
        "/api/catalog/regions/33.24/adopt",
        {"variant_id": story.v1.variant_id, "version": "1.0.0", "mapping": {}},
    )
    assert unmapped.status_code == 422  # type: ignore[attr-defined]
    assert unmapped.json()["field"] == "mapping.dlh"  # type: ignore[attr-defined]
    assert not Lineage.objects.unscoped("t").filter(region=story.demo.kendal, app_key=APP).exists()
    staff = post(
        story.demo.client_for("dpu-kendal"),
        "/api/catalog/regions/33.24/adopt",
        {"variant_id": story.v1.variant_id, "version": "1.0.0", "mapping": {"dlh": "dlh"}},
    )
    assert staff.status_code == 403  # type: ignore[attr-defined]
