"""Open311 GeoReport v2: every endpoint in .json and .xml, errors in the spec's format."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from typing import Any

import pytest
from django.test import Client

from kotacerdas.apps.aduan_warga.models import Report, Reporter
from tests.apps.aduan_warga.conftest import SIMPANG_LIMA, ctx_of, new_report
from tests.conftest import Demo

BASE = "/open311/v2"
KEY = "demo-open311-key"
J = "jurisdiction_id=33.74"
ALL = "tests look at every row"


def xml_of(content: bytes) -> ET.Element:
    return ET.fromstring(content)  # noqa: S314 - our own server's answer, not untrusted input


def parse(response: Any, fmt: str) -> Any:
    if fmt == "json":
        assert response["Content-Type"].startswith("application/json")
        return json.loads(response.content)
    assert response["Content-Type"].startswith("text/xml")
    return xml_of(response.content)


def errors(response: Any, fmt: str) -> list[tuple[int, str]]:
    body = parse(response, fmt)
    if fmt == "json":
        return [(e["code"], e["description"]) for e in body]
    assert body.tag == "errors"
    return [(int(e.findtext("code") or 0), e.findtext("description") or "") for e in body]


def post(fmt: str, **fields: str) -> Any:
    data = {
        "jurisdiction_id": "33.74",
        "api_key": KEY,
        "service_code": "jalan-rusak",
        "lat": str(SIMPANG_LIMA[0]),
        "long": str(SIMPANG_LIMA[1]),
        "description": "Aspal mengelupas",
        "first_name": "Rudi",
        "last_name": "Hartono",
        "email": "rudi@contoh.id",
        "phone": "0812000000",
    }
    data.update(fields)
    return Client().post(f"{BASE}/requests.{fmt}", data)


FORMATS = ["json", "xml"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_discovery(demo: Demo, fmt: str) -> None:
    response = Client().get(f"{BASE}/discovery.{fmt}")
    assert response.status_code == 200
    body = parse(response, fmt)
    if fmt == "json":
        assert body["endpoints"][0]["specification"] == "http://wiki.open311.org/GeoReport_v2"
    else:
        assert (
            body.findtext("endpoints/endpoint/specification")
            == "http://wiki.open311.org/GeoReport_v2"
        )


@pytest.mark.parametrize("fmt", FORMATS)
def test_services_and_definition(demo: Demo, fmt: str) -> None:
    client = Client()
    listed = parse(client.get(f"{BASE}/services.{fmt}?{J}"), fmt)
    if fmt == "json":
        codes = {s["service_code"]: s for s in listed}
        assert codes["jalan-rusak"]["metadata"] is True
        assert codes["lampu-pju-mati"]["service_name"] == "Lampu PJU mati"
    else:
        codes = {s.findtext("service_code"): s for s in listed}
        assert codes["jalan-rusak"].findtext("metadata") == "true"
    # by slug too
    assert client.get(f"{BASE}/services.{fmt}?jurisdiction_id=semarang").status_code == 200
    definition = parse(client.get(f"{BASE}/services/jalan-rusak.{fmt}?{J}"), fmt)
    if fmt == "json":
        attr = definition["attributes"][0]
        assert (attr["code"], attr["datatype"]) == ("ukuran", "singlevaluelist")
        assert {v["key"] for v in attr["values"]} == {"kecil", "sedang", "besar"}
    else:
        assert definition.findtext("attributes/attribute/code") == "ukuran"
        assert len(definition.findall("attributes/attribute/values/value")) == 3
    missing = client.get(f"{BASE}/services/tidak-ada.{fmt}?{J}")
    assert missing.status_code == 404
    assert errors(missing, fmt)[0][0] == 404


@pytest.mark.parametrize("fmt", FORMATS)
def test_post_request_then_read_it_back(demo: Demo, fmt: str) -> None:
    response = post(fmt, **{"attribute[ukuran]": "besar"})
    assert response.status_code == 200, response.content
    body = parse(response, fmt)
    rid = (
        body[0]["service_request_id"]
        if fmt == "json"
        else body.findtext("request/service_request_id")
    )
    report = Report.objects.unscoped(ALL).get(ticket=rid)
    assert report.source == "open311" and report.attributes == {"ukuran": "besar"}
    assert Reporter.objects.unscoped(ALL).get(report=report).name == "Rudi Hartono"
    one = Client().get(f"{BASE}/requests/{rid}.{fmt}?{J}")
    assert one.status_code == 200
    text = one.content.decode()
    for private in ("Rudi", "Hartono", "rudi@contoh.id", "0812000000"):
        assert private not in text
    item = parse(one, fmt)
    if fmt == "json":
        assert item[0]["status"] == "open" and item[0]["service_code"] == "jalan-rusak"
        assert item[0]["requested_datetime"].endswith("+07:00")
    else:
        assert item.findtext("request/status") == "open"
    token = parse(Client().get(f"{BASE}/tokens/{rid}.{fmt}?{J}"), fmt)
    got = (
        token[0]["service_request_id"]
        if fmt == "json"
        else token.findtext("request/service_request_id")
    )
    assert got == rid


@pytest.mark.parametrize("fmt", FORMATS)
def test_get_requests_filters_and_paging(demo: Demo, fmt: str) -> None:
    mine, _ = new_report(demo)
    client = Client()
    listed = parse(client.get(f"{BASE}/requests.{fmt}?{J}&page_size=5"), fmt)
    assert len(listed) == 5
    by_id = parse(client.get(f"{BASE}/requests.{fmt}?{J}&service_request_id={mine.ticket}"), fmt)
    assert len(by_id) == 1
    closed = client.get(f"{BASE}/requests.json?{J}&status=closed&page_size=1000")
    assert {r["status"] for r in json.loads(closed.content)} == {"closed"}
    lamps = client.get(f"{BASE}/requests.json?{J}&service_code=lampu-pju-mati&page_size=1000")
    assert {r["service_code"] for r in json.loads(lamps.content)} == {"lampu-pju-mati"}
    page1 = json.loads(client.get(f"{BASE}/requests.json?{J}&page_size=3&page=1").content)
    page2 = json.loads(client.get(f"{BASE}/requests.json?{J}&page_size=3&page=2").content)
    assert not {r["service_request_id"] for r in page1} & {r["service_request_id"] for r in page2}
    window = json.loads(
        client.get(
            f"{BASE}/requests.json?{J}&start_date=2026-01-01T00:00:00%2B07:00"
            "&end_date=2026-01-31T00:00:00%2B07:00&page_size=1000"
        ).content
    )
    assert all(r["requested_datetime"][:7] == "2026-01" for r in window)
    everything = client.get(f"{BASE}/requests.json?{J}&page_size=1000").content.decode()
    for name in ("Budi Santoso", "Siti Aminah", "@contoh.id", "081234567890"):
        assert name not in everything


ERRORS = [
    ("bad date", "GET", "requests", {"start_date": "kemarin"}, 400, "start_date"),
    (
        "span over 90 days",
        "GET",
        "requests",
        {"start_date": "2026-01-01", "end_date": "2026-05-01"},
        400,
        "90",
    ),
    ("bad status", "GET", "requests", {"status": "pending"}, 400, "status"),
    ("bad page_size", "GET", "requests", {"page_size": "5000"}, 400, "page_size"),
    ("unknown request", "GET", "requests/3374-TIDAKADA", {}, 404, "service_request_id"),
    ("unknown token", "GET", "tokens/3374-TIDAKADA", {}, 404, "token"),
    ("unknown jurisdiction", "GET", "services", {"jurisdiction_id": "99.99"}, 404, "jurisdiction"),
    ("no jurisdiction", "GET", "services", {"jurisdiction_id": ""}, 400, "jurisdiction_id"),
    ("missing api_key", "POST", "requests", {"api_key": ""}, 403, "api_key"),
    ("bad api_key", "POST", "requests", {"api_key": "salah"}, 403, "api_key"),
    (
        "unknown service_code",
        "POST",
        "requests",
        {"service_code": "tidak-ada"},
        404,
        "service_code",
    ),
    ("missing service_code", "POST", "requests", {"service_code": ""}, 400, "service_code"),
    ("outside region", "POST", "requests", {"lat": "-7.6", "long": "111.2"}, 400, "location"),
    ("bad lat", "POST", "requests", {"lat": "utara"}, 400, "lat"),
    ("description too long", "POST", "requests", {"description": "y" * 4001}, 400, "description"),
    ("bad attribute", "POST", "requests", {"attribute[ukuran]": "raksasa"}, 400, "ukuran"),
]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    ("case", "method", "path", "extra", "status", "names"), ERRORS, ids=[e[0] for e in ERRORS]
)
def test_errors_in_the_spec_format(
    demo: Demo,
    fmt: str,
    case: str,
    method: str,
    path: str,
    extra: dict[str, str],
    status: int,
    names: str,
) -> None:
    before = Report.objects.unscoped(ALL).count()
    if method == "POST":
        response = post(fmt, **extra)
    else:
        query = {"jurisdiction_id": "33.74", **extra}
        response = Client().get(f"{BASE}/{path}.{fmt}", query)
    assert response.status_code == status, response.content
    found = errors(response, fmt)
    assert found[0][0] == status and names in found[0][1]
    assert Report.objects.unscoped(ALL).count() == before


def test_key_of_another_region_is_refused(demo: Demo) -> None:
    response = post("json", jurisdiction_id="33.24", lat="-7.0", long="110.2")
    assert response.status_code == 403


def test_html_in_description_is_inert_in_xml(demo: Demo) -> None:
    response = post("xml", description="<script>alert(1)</script>")
    rid = xml_of(response.content).findtext("request/service_request_id")
    one = Client().get(f"{BASE}/requests/{rid}.xml?{J}")
    assert b"<script>" not in one.content
    assert xml_of(one.content).findtext("request/description") == "<script>alert(1)</script>"


def test_a_revoked_key_is_refused_at_once_though_checks_are_kept(demo: Demo) -> None:
    # A key's check is kept a few seconds per process; revoking it must not wait for that.
    from kotacerdas.apps.aduan_warga.services.clients import issue_client_key, revoke_client_key
    from kotacerdas.core.models import ApiKey

    ctx = ctx_of(demo.semarang, demo.user("admin-semarang"))
    row, key = issue_client_key(ctx, "Aplikasi uji")
    assert key.startswith("kc311_") and row.app_key == "aduan-warga"
    assert post("json", api_key=key).status_code == 200
    assert post("json", api_key=key).status_code == 200  # the kept check
    revoke_client_key(ctx, row.pk)
    refused = post("json", api_key=key)
    assert refused.status_code == 403 and errors(refused, "json")[0][0] == 403
    assert ApiKey.objects.unscoped(ALL).get(pk=row.pk).revoked_at is not None


def test_key_of_another_region_of_the_app_is_refused(demo: Demo) -> None:
    from kotacerdas.apps.aduan_warga.services.clients import issue_client_key

    _row, kendal_key = issue_client_key(
        ctx_of(demo.kendal, demo.user("admin-kendal")), "Aplikasi Kendal"
    )
    assert post("json", jurisdiction_id="33.24", api_key=kendal_key, lat="-6.92", long="110.2")
    refused = post("json", api_key=kendal_key)  # Semarang's jurisdiction
    assert refused.status_code == 403
    assert "api_key" in errors(refused, "json")[0][1]


def test_key_of_another_app_is_refused(demo: Demo) -> None:
    from kotacerdas.core.keys import issue_key
    from kotacerdas.core.tenancy import Scope

    admin = Scope.for_user(demo.user("admin-semarang"))
    _row, sensor_key = issue_key(admin, demo.semarang, "sensor-kota", "Gateway sensor")
    before = Report.objects.unscoped(ALL).count()
    for fmt in FORMATS:
        refused = post(fmt, api_key=sensor_key)
        assert refused.status_code == 403 and errors(refused, fmt)[0][0] == 403
    assert Report.objects.unscoped(ALL).count() == before


def test_a_key_in_the_authorization_header_works_too(demo: Demo) -> None:
    response = Client().post(
        f"{BASE}/requests.json",
        {
            "jurisdiction_id": "33.74",
            "service_code": "jalan-rusak",
            "lat": str(SIMPANG_LIMA[0]),
            "long": str(SIMPANG_LIMA[1]),
        },
        HTTP_AUTHORIZATION=f"Bearer {KEY}",
    )
    assert response.status_code == 200, response.content


def test_root_routes_receive_the_context(demo: Demo, monkeypatch: object) -> None:
    from kotacerdas.apps.aduan_warga.open311 import views

    seen: list[object] = []
    real = views.submit_report

    def spy(ctx: object, data: object) -> object:
        seen.append(ctx)
        return real(ctx, data)  # type: ignore[arg-type]

    monkeypatch.setattr(views, "submit_report", spy)  # type: ignore[attr-defined]
    assert post("json").status_code == 200
    (ctx,) = seen
    assert ctx.region == demo.semarang and ctx.app_key == "aduan-warga"  # type: ignore[attr-defined]
    assert ctx.client is not None and ctx.client.app_key == "aduan-warga"  # type: ignore[attr-defined]
    assert ctx.client.region_id == demo.semarang.pk  # type: ignore[attr-defined]
    # The routes are the contract's RootRoutes, not plain views.
    from kotacerdas.apps.aduan_warga.plugin import AduanWarga
    from kotacerdas.contract import RootRoute

    routes = AduanWarga().root_urls()
    assert routes and all(isinstance(r, RootRoute) for r in routes)
    keyed = next(r for r in routes if r.name == "open311-requests")
    assert (keyed.key_param, keyed.key_required, keyed.param) == (
        "api_key",
        ("POST",),
        "jurisdiction_id",
    )


@pytest.mark.parametrize("path", ["discovery", "services", "requests"])
def test_unknown_format_is_an_xml_404(demo: Demo, path: str) -> None:
    for query in ("?jurisdiction_id=33.74", "", "?jurisdiction_id=99.99"):
        response = Client().get(f"{BASE}/{path}.html{query}")
        assert response.status_code == 404
        assert errors(response, "xml")[0][0] == 404


@pytest.mark.parametrize("fmt", FORMATS)
def test_discovery_needs_no_jurisdiction(demo: Demo, fmt: str) -> None:
    for query in ("", "?jurisdiction_id=33.74", "?jurisdiction_id=99.99"):
        response = Client().get(f"{BASE}/discovery.{fmt}{query}")
        assert response.status_code == 200, (query, response.content)


def test_storage_failure_is_a_try_again_error(demo: Demo, monkeypatch: object) -> None:
    from django.db import DatabaseError

    from kotacerdas.apps.aduan_warga.open311 import views

    def down(ctx: object, data: object) -> object:
        raise DatabaseError("disk full")

    monkeypatch.setattr(views, "submit_report", down)  # type: ignore[attr-defined]
    response = post("xml")
    assert response.status_code == 500
    assert "try again" in errors(response, "xml")[0][1]
