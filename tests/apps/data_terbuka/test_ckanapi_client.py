"""The ckanapi client (RemoteCKAN) against a live server: what harvesters and scripts do."""

from __future__ import annotations

from typing import Any

import ckanapi  # type: ignore[import-untyped]
import pytest

from tests.apps.data_terbuka.ckan_world import FILLERS, build
from tests.conftest import Demo


@pytest.mark.django_db(transaction=True)
def test_ckanapi_against_the_installation_and_a_region_portal(live_server: Any, demo: Demo) -> None:
    world = build(demo.semarang, demo.kendal)
    site = ckanapi.RemoteCKAN(live_server.url, user_agent="kotacerdas-test")
    region = ckanapi.RemoteCKAN(live_server.url + "/r/semarang/data-terbuka", user_agent="t")

    assert site.action.status_show()["ckan_version"].startswith("2.")
    assert site.action.site_read() is True

    # A harvester pages with id asc until an empty page; no page repeats.
    seen: list[str] = []
    start = 0
    while True:
        page = region.action.package_search(rows=10, start=start, sort="id asc")["results"]
        if not page:
            break
        seen.extend(p["id"] for p in page)
        start += 10
    assert len(seen) == len(set(seen)) == 2 + FILLERS

    everywhere = site.action.package_search(q="udara", rows=100)
    assert {"uji-kendal-harga", "uji-kualitas-udara"} <= {p["name"] for p in everywhere["results"]}
    kendal_only = site.action.package_search(q="udara", fq="organization:kendal-dlh")
    assert [p["name"] for p in kendal_only["results"]] == ["uji-kendal-harga"]

    faceted = region.action.package_search(
        q="udara", **{"facet.field": ["tags", "organization", "res_format"], "facet.mincount": 1}
    )
    assert faceted["count"] == 2
    tags = {i["name"]: i["count"] for i in faceted["search_facets"]["tags"]["items"]}
    assert tags["udara"] == 2
    recent = region.action.package_search(fq="metadata_modified:[2020-01-01T00:00:00Z TO *]")
    assert recent["count"] == 2 + FILLERS

    package = region.action.package_show(id="uji-kualitas-udara")
    assert package["organization"]["name"] == "semarang-dlh"
    assert "semarang-dlh" in region.action.organization_list()
    assert all(o.startswith("semarang-") for o in region.action.organization_list())

    resource_id = package["resources"][0]["id"]
    rows = region.action.datastore_search(
        resource_id=resource_id,
        filters={"station": "tugu", "quantity": "pm25"},
        sort="value desc",
        limit=5,
        offset=1,
    )
    values = [r["value"] for r in rows["records"]]
    assert len(values) == 5 and values == sorted(values, reverse=True)
    assert all(r["station"] == "tugu" for r in rows["records"])
    as_csv = region.action.datastore_search(resource_id=resource_id, records_format="csv", limit=2)
    assert as_csv["records"].count("\n") == 2

    with pytest.raises(ckanapi.NotFound):
        region.action.package_show(id="uji-rahasia-draf")
    with pytest.raises(ckanapi.NotFound):
        region.action.package_show(id="uji-kendal-harga")
    with pytest.raises(ckanapi.NotFound):
        region.action.datastore_search(resource_id=str(world.draft_resource.uuid))
    with pytest.raises(ckanapi.ValidationError):
        region.action.package_search(rows="many")
    with pytest.raises(ckanapi.ValidationError):
        region.action.datastore_search(resource_id=resource_id, filters={"secret": 1})
    with pytest.raises(ckanapi.SearchQueryError):
        region.action.package_search(fq="metadata_modified:[soon TO *]")
    with pytest.raises(ckanapi.NotAuthorized):
        region.action.datastore_search_sql(sql="SELECT 1")
    # GET works too (get_only clients).
    getter = ckanapi.RemoteCKAN(live_server.url, get_only=True)
    assert getter.action.package_show(id="uji-jalan-rusak")["name"] == "uji-jalan-rusak"
