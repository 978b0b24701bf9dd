"""datastore_search over a release table: filters, q, fields, sort, paging, totals, formats."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from django.test import Client

from kotacerdas.apps.data_terbuka.ckan import datastore_search
from tests.apps.data_terbuka.ckan_world import AIR_ROWS, World, air_rows, build
from tests.conftest import Demo

PATH = "/r/semarang/data-terbuka/api/3/action/datastore_search"


@pytest.fixture
def world(demo: Demo) -> World:
    return build(demo.semarang, demo.kendal)


def search(world: World, **params: Any) -> tuple[int, dict[str, Any]]:
    params = {"resource_id": str(world.air_resource.uuid), **params}
    body = {k: (json.dumps(v) if isinstance(v, dict | list) else v) for k, v in params.items()}
    response = Client().get(PATH, body)
    return response.status_code, json.loads(response.content)


def expected(station: str, quantity: str) -> list[tuple[Any, ...]]:
    return [r for r in air_rows() if r[0] == station and r[1] == quantity]


def test_fields_with_types_and_total(world: World) -> None:
    _status, body = search(world, limit=3)
    result = body["result"]
    assert [(f["id"], f["type"]) for f in result["fields"]] == [
        ("_id", "int"),
        ("station", "text"),
        ("quantity", "text"),
        ("day", "date"),
        ("value", "numeric"),
        ("good", "bool"),
    ]
    assert result["fields"][4]["info"]["unit"] == "µg/m³"
    assert result["total"] == AIR_ROWS and result["total_was_estimated"] is False
    assert [r["_id"] for r in result["records"]] == [1, 2, 3]
    first = air_rows()[0]
    assert result["records"][0]["station"] == first[0]
    assert result["records"][0]["day"] == first[2].isoformat()


def test_two_filters_and_a_sort(world: World) -> None:
    _status, body = search(
        world, filters={"station": "tugu", "quantity": "pm10"}, sort="value desc, day", limit=1000
    )
    result = body["result"]
    rows = expected("tugu", "pm10")
    assert result["total"] == len(rows)
    values = [r["value"] for r in result["records"]]
    assert values == sorted((r[3] for r in rows), reverse=True)
    _status, body = search(
        world, filters={"station": ["tugu", "genuk"], "good": "true"}, limit=1000
    )
    want = [r for r in air_rows() if r[0] in ("tugu", "genuk") and r[4]]
    assert body["result"]["total"] == len(want)
    assert all(r["good"] is True for r in body["result"]["records"])


def test_limit_offset_and_fields(world: World) -> None:
    _status, body = search(world, fields="station,value", sort="_id", limit=5, offset=10)
    records = body["result"]["records"]
    assert list(records[0]) == ["station", "value"]
    assert [r["value"] for r in records] == [r[3] for r in air_rows()[10:15]]
    assert (
        "offset=15" in body["result"]["_links"]["next"]
        or "next_page" in body["result"]["_links"]["next"]
    )


def test_keyset_paging_with_next_page_reads_every_row_once(world: World) -> None:
    seen: list[int] = []
    params: dict[str, Any] = {"limit": 60, "filters": {"quantity": "pm25"}}
    while True:
        status, body = search(world, **params)
        assert status == 200
        ids = [r["_id"] for r in body["result"]["records"]]
        if not ids:
            break
        seen.extend(ids)
        if "next_page" not in body["result"]:
            break
        params["next_page"] = body["result"]["next_page"]
    want = [i + 1 for i, r in enumerate(air_rows()) if r[1] == "pm25"]
    assert seen == want


def test_q_searches_text_columns(world: World) -> None:
    _status, body = search(world, q="banyu", limit=1000)
    assert body["result"]["total"] == sum(1 for r in air_rows() if "banyu" in r[0])
    _status, body = search(world, q={"station": "GENUK"}, limit=1000)
    assert {r["station"] for r in body["result"]["records"]} == {"genuk"}


def test_records_formats(world: World) -> None:
    _status, body = search(world, records_format="lists", fields=["_id", "station"], limit=2)
    assert body["result"]["records"] == [[1, air_rows()[0][0]], [2, air_rows()[1][0]]]
    _status, body = search(world, records_format="csv", fields="station,value", limit=3)
    rows = list(csv.reader(io.StringIO(body["result"]["records"])))
    assert rows == [[r[0], str(r[3])] for r in air_rows()[:3]]
    _status, body = search(world, records_format="tsv", fields="station", limit=2)
    assert body["result"]["records"].split("\n")[0] == air_rows()[0][0]


def test_large_tables_estimate_filtered_totals(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(datastore_search, "EXACT_TOTAL_MAX", 100)
    monkeypatch.setattr(datastore_search, "SAMPLE_BLOCK_ROWS", 10)
    _status, body = search(world, filters={"quantity": "pm25"}, limit=10)
    result = body["result"]
    assert result["total_was_estimated"] is True
    exact = len([r for r in air_rows() if r[1] == "pm25"])
    assert exact * 0.5 <= result["total"] <= exact * 1.5
    _status, body = search(world, limit=10)  # unfiltered: the row count, exact
    assert body["result"]["total"] == AIR_ROWS and body["result"]["total_was_estimated"] is False


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"filters": {"secret": "x"}}, "filters"),
        ({"filters": "{broken"}, "filters"),
        ({"filters": {"value": "abc"}}, "filters"),
        ({"sort": "nope desc"}, "sort"),
        ({"sort": "value sideways"}, "sort"),
        ({"fields": "station,password"}, "fields"),
        ({"limit": "32001"}, "limit"),
        ({"limit": "lots"}, "limit"),
        ({"offset": "-1"}, "offset"),
        ({"records_format": "xml"}, "records_format"),
        ({"next_page": "5", "sort": "value"}, "next_page"),
    ],
)
def test_bad_input_is_a_validation_error(world: World, params: dict[str, Any], field: str) -> None:
    status, body = search(world, **params)
    assert status == 409
    assert body["error"]["__type"] == "Validation Error" and field in body["error"]


def test_unknown_resources_are_not_found(world: World) -> None:
    for ref in ("00000000-0000-0000-0000-000000000000", "not-a-uuid"):
        status, body = search(world, resource_id=ref)
        assert status == 404 and body["error"]["__type"] == "Not Found Error"
