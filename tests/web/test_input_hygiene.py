"""Control characters refused at the edge, naming the field, in the caller's format.

On PostgreSQL a NUL in almost any filter or form field used to reach the database and fail
there (Open311 then answered "try again", so clients retried for ever); now no request
carrying one gets past the middleware. Run on SQLite and on PostgreSQL (DATABASE_URL).
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from typing import Any

import pytest
from django.test import Client

from kotacerdas.web.middleware.hygiene import first_bad_json, has_control

CONTROLS = ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x0e", "\x1b", "\x1f"]


def page_field(response: Any) -> str:
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    return response.content.decode()


@pytest.mark.parametrize("char", CONTROLS)
def test_every_c0_control_but_tab_and_line_breaks_is_refused(char: str) -> None:
    assert has_control(f"a{char}b")


@pytest.mark.parametrize("text", ["tab\there", "line\nbreak", "cr\r\nlf", "DEL\x7f", "é ✓ 中"])
def test_tab_line_breaks_and_other_text_pass(text: str) -> None:
    assert not has_control(text)


def test_a_nul_in_a_query_value_is_a_400_page_naming_it(db: None) -> None:
    html = page_field(Client().get("/", {"q": "semarang\x00"}, HTTP_ACCEPT_LANGUAGE="en"))
    assert "<strong>q</strong>" in html
    assert "control character" in html


def test_a_control_character_in_a_parameter_name_is_shown_escaped(db: None) -> None:
    html = page_field(Client().get("/?a%01b=1"))
    assert "a\\x01b" in html


def test_a_nul_in_the_path_is_a_400(db: None) -> None:
    response = Client().get("/r/semarang/aduan-warga/laporan/SMG%00/")
    assert "<strong>path</strong>" in page_field(response)


def test_tabs_and_line_breaks_in_parameters_pass(db: None) -> None:
    assert Client().get("/", {"q": "a\tb\r\nc"}).status_code == 200


def test_a_nul_in_a_form_field_is_a_400_naming_it(db: None) -> None:
    response = Client().post("/accounts/login/", {"username": "admin\x00", "password": "x"})
    assert "<strong>username</strong>" in page_field(response)


def test_too_many_form_fields_are_a_400_not_a_bare_error(db: None) -> None:
    fields = {f"f{i}": "1" for i in range(1100)}
    response = Client().post("/accounts/login/", fields)
    assert response.status_code == 400
    assert "<strong>body</strong>" in response.content.decode()


@pytest.mark.parametrize("char", ["\x00", "\x1f"])
def test_api_query_parameters_answer_json(db: None, char: str) -> None:
    response = Client(headers={"accept-language": "en"}).get(
        "/api/apps/harga-pangan/semarang/today", {"market": f"x{char}"}
    )
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["field"] == "market" and "control character" in body["detail"]


def test_api_json_bodies_name_the_string_by_its_path(db: None) -> None:
    body = {"market": "pasar-johar", "prices": {"beras:medium-1": "12\x00900"}}
    response = Client().post(
        "/api/apps/harga-pangan/semarang/prices", body, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["field"] == "prices.beras:medium-1"


def test_api_json_keys_and_list_items_are_checked(db: None) -> None:
    assert first_bad_json({"mar\x00ket": 1}) == "mar\\x00ket"
    assert first_bad_json({"items": [{"name": "ok"}, {"name": "b\x01d"}]}) == "items[1].name"
    assert first_bad_json("\x00") == "body"
    assert first_bad_json({"a": ["fine", 1, None, True, {"b": "\tok\n"}]}) is None


def test_an_unreadable_api_json_body_is_a_400_saying_where(db: None) -> None:
    response = Client().post(
        "/api/apps/harga-pangan/semarang/prices", b'{"market": ', content_type="application/json"
    )
    assert response.status_code == 400
    body = response.json()
    assert body["field"] == "body" and "column" in body["detail"]


def test_a_json_caller_elsewhere_gets_json(db: None) -> None:
    response = Client().get("/?q=%00", HTTP_ACCEPT="application/json")
    assert response.status_code == 400
    assert response.json()["field"] == "q"


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_open311_answers_its_error_list_by_extension(db: None, fmt: str) -> None:
    response = Client().get(f"/open311/v2/requests.{fmt}?jurisdiction_id=33.74&status=open%00")
    assert response.status_code == 400
    if fmt == "json":
        [error] = json.loads(response.content)
        assert error["code"] == 400 and error["description"].startswith("status:")
    else:
        root = ET.fromstring(response.content)  # noqa: S314 - our own answer
        assert root.findtext("error/code") == "400"
        assert (root.findtext("error/description") or "").startswith("status:")


def test_nul_filters_never_reach_the_database(demo: Any) -> None:
    """The pages and APIs that filter by a parameter, with a NUL in it: each a 400 (on
    PostgreSQL each used to be a server error, Open311's a 500 "try again")."""
    client = demo.client_for("admin-semarang")
    urls = [
        "/open311/v2/requests.json?jurisdiction_id=33.74&service_request_id=%00",
        "/open311/v2/services.json?jurisdiction_id=33.74%00",
        "/r/semarang/aduan-warga/?kategori=%00",
        "/r/semarang/harga-pangan/komoditas/beras%00/",
        "/r/semarang/sensor-kota/stasiun/x%00/",
        "/console/semarang/aduan-warga/?status=%00",
        "/api/apps/harga-pangan/semarang%00/today",
        "/catalog/?q=%00",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 400, url


@pytest.mark.parametrize(
    "path",
    [
        "/api/3/action/package_search",
        "/api/action/package_search",
        "/r/semarang/data/api/3/action/package_search",
    ],
)
def test_a_control_character_to_the_ckan_api_is_a_ckan_validation_error(
    db: None, path: str
) -> None:
    """ckanapi reads CKAN's envelope to raise its own ValidationError, not our JSON shape."""
    response = Client().get(path, {"q": "banjir\x00"})
    assert response.status_code == 400
    body = response.json()
    assert body["success"] is False
    assert body["error"]["__type"] == "Validation Error"
    assert body["error"]["q"] and body["error"]["message"]
