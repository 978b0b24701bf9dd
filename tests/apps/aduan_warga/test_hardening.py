"""Probe cases of issue 13 for Open311: out-of-range dates and numbers as the spec's error
list naming the parameter, control characters refused on input and dropped from the XML
output, and ``Idempotency-Key`` on POST requests."""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from kotacerdas.apps.aduan_warga.models import Report
from kotacerdas.core.keys import issue_key
from kotacerdas.core.models import IdempotencyRecord
from kotacerdas.core.tenancy import Scope
from tests.apps.aduan_warga.conftest import SIMPANG_LIMA, new_report
from tests.apps.aduan_warga.test_open311 import BASE, FORMATS, KEY, errors
from tests.conftest import Demo

ALL = "tests look at every row"


def reports() -> int:
    return Report.objects.unscoped(ALL).count()


def listing(fmt: str, query: str) -> Any:
    return Client().get(f"{BASE}/requests.{fmt}?jurisdiction_id=33.74&{query}")


OUT_OF_RANGE = [
    ("end_date=0001-01-01", "end_date"),
    ("start_date=9999-12-31", "start_date"),
    ("start_date=0001-01-01T00:00:00%2B14:00", "start_date"),
    ("end_date=9999-12-31T23:59:59-12:00", "end_date"),
    ("start_date=1969-12-31&end_date=1970-01-05", "start_date"),
    ("start_date=2101-01-01", "start_date"),
    ("page=%C2%B2", "page"),  # "²": str.isdigit() but not int()
    ("page_size=%D9%A3", "page_size"),  # Arabic-Indic three
    ("page=99999999999999999999999", "page"),
]


def test_out_of_range_parameters_are_a_400_naming_them(demo: Demo) -> None:
    for fmt in FORMATS:
        for query, field in OUT_OF_RANGE:
            response = listing(fmt, query)
            assert response.status_code == 400, (fmt, query)
            [(code, description)] = errors(response, fmt)
            assert code == 400
            assert description.startswith(f"{field}:"), (query, description)


@pytest.mark.parametrize("fmt", FORMATS)
def test_dates_inside_the_range_still_work(demo: Demo, fmt: str) -> None:
    response = listing(fmt, "start_date=1970-01-01&end_date=1970-03-01")
    assert response.status_code == 200


def post(fmt: str, headers: dict[str, str] | None = None, **fields: str) -> Any:
    data = {
        "jurisdiction_id": "33.74",
        "api_key": KEY,
        "service_code": "jalan-rusak",
        "lat": str(SIMPANG_LIMA[0]),
        "long": str(SIMPANG_LIMA[1]),
        "description": "Aspal mengelupas",
        "email": "rudi@contoh.id",
    }
    data.update(fields)
    meta = {"HTTP_" + k.upper().replace("-", "_"): v for k, v in (headers or {}).items()}
    return Client().post(f"{BASE}/requests.{fmt}", data, **meta)


def test_non_finite_coordinates_are_a_400(demo: Demo) -> None:
    before = reports()
    for fmt in FORMATS:
        for coordinate in ("nan", "inf", "-1e999"):
            response = post(fmt, lat=coordinate)
            assert response.status_code == 400
            assert errors(response, fmt)[0][1].startswith("lat:")
    assert reports() == before


def test_control_characters_in_a_description_are_refused(demo: Demo) -> None:
    before = reports()
    for fmt in FORMATS:
        for char in ("\x00", "\x01", "\x1b", "\x7f\x00"):
            response = post(fmt, description=f"Jalan{char}rusak")
            assert response.status_code == 400
            [(code, description)] = errors(response, fmt)
            assert code == 400 and description.startswith("description:")
    assert reports() == before


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_nul_in_a_filter_is_a_400_not_try_again(demo: Demo, fmt: str) -> None:
    for query in ("service_code=jalan%00", "status=open%00", "service_request_id=%00"):
        response = listing(fmt, query)
        assert response.status_code == 400, query
        assert "try again" not in errors(response, fmt)[0][1]
    response = Client().get(f"{BASE}/requests/SMG%00.{fmt}?jurisdiction_id=33.74")
    assert response.status_code == 400


def test_tabs_and_line_breaks_in_a_description_are_kept(demo: Demo) -> None:
    response = post("json", description="Baris satu\r\nBaris\tdua")
    assert response.status_code == 200
    ticket = response.json()[0]["service_request_id"]
    assert Report.objects.unscoped(ALL).get(ticket=ticket).description == "Baris satu\r\nBaris\tdua"


def test_requests_xml_stays_well_formed_with_old_control_characters(demo: Demo) -> None:
    """A row stored before the edge refused control characters: the XML drops what XML 1.0
    cannot carry, the JSON keeps it escaped."""
    report, _token = new_report(demo)
    # PostgreSQL cannot store NUL at all; SQLite did, before the edge refused it.
    nul = "\x00" if connection.vendor == "sqlite" else ""
    bad = f"Lubang\x01besar\x0b\x1f di\ufffe jalan{nul}"
    Report.objects.unscoped(ALL).filter(pk=report.pk).update(description=bad)
    response = listing("xml", f"service_request_id={report.ticket}")
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 - our own answer
    assert root.findtext("request/description") == "Lubangbesar di jalan"
    single = Client().get(f"{BASE}/requests/{report.ticket}.xml?jurisdiction_id=33.74")
    ET.fromstring(single.content)  # noqa: S314
    as_json = json.loads(listing("json", f"service_request_id={report.ticket}").content)
    assert as_json[0]["description"] == bad


# ---- Idempotency-Key -------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_retry_with_the_same_key_answers_the_first_result(demo: Demo, fmt: str) -> None:
    before = reports()
    first = post(fmt, {"Idempotency-Key": "retry-1"})
    assert first.status_code == 200
    again = post(fmt, {"Idempotency-Key": "retry-1"})
    assert again.status_code == 200
    assert again.content == first.content
    assert again["Content-Type"] == first["Content-Type"]
    assert again["Idempotent-Replayed"] == "true"
    assert reports() == before + 1
    assert IdempotencyRecord.objects.unscoped(ALL).count() == 1


def test_the_key_may_come_in_the_form_or_a_header_alike(demo: Demo) -> None:
    """The body's fingerprint leaves out ``api_key``: a retry moving the key into the
    Authorization header is the same request."""
    first = post("json", {"Idempotency-Key": "k"})
    form = {"api_key": ""}
    again = post("json", {"Idempotency-Key": "k", "Authorization": f"Bearer {KEY}"}, **form)
    assert again.content == first.content


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_same_key_with_another_body_is_a_422(demo: Demo, fmt: str) -> None:
    post(fmt, {"Idempotency-Key": "once"})
    before = reports()
    response = post(fmt, {"Idempotency-Key": "once"}, description="Another report")
    assert response.status_code == 422
    [(code, description)] = errors(response, fmt)
    assert code == 422
    assert description.startswith("Idempotency-Key:") and "another request" in description
    assert reports() == before


def test_a_refused_post_is_answered_again_the_same(demo: Demo) -> None:
    before = reports()
    first = post("json", {"Idempotency-Key": "bad"}, service_code="nope")
    assert first.status_code in (400, 404)
    again = post("json", {"Idempotency-Key": "bad"}, service_code="nope")
    assert (again.status_code, again.content) == (first.status_code, first.content)
    assert again["Idempotent-Replayed"] == "true"
    assert reports() == before


def test_an_invalid_idempotency_key_is_a_400(demo: Demo) -> None:
    before = reports()
    for fmt in FORMATS:
        for value in ("", "x" * 201, "kunci\u00e9", "tab\there"):
            response = post(fmt, {"Idempotency-Key": value})
            assert response.status_code == 400, value
            assert errors(response, fmt)[0][1].startswith("Idempotency-Key:")
    assert reports() == before


def test_without_a_key_every_post_files_a_report(demo: Demo) -> None:
    before = reports()
    post("json")
    post("json")
    assert reports() == before + 2


def test_keys_are_per_client(demo: Demo) -> None:
    admin = Scope.for_user(demo.user("admin-semarang"))
    _row, other = issue_key(admin, demo.semarang, "aduan-warga", "Second client")
    before = reports()
    one = post("json", {"Idempotency-Key": "shared-name"})
    two = post("json", {"Idempotency-Key": "shared-name"}, api_key=other)
    assert one.status_code == two.status_code == 200
    assert one.content != two.content
    assert reports() == before + 2


def test_a_key_older_than_24_hours_is_forgotten(demo: Demo) -> None:
    post("json", {"Idempotency-Key": "old"})
    records = IdempotencyRecord.objects.unscoped(ALL)
    records.update(created_at=timezone.now() - dt.timedelta(hours=25))
    before = reports()
    again = post("json", {"Idempotency-Key": "old"})
    assert again.status_code == 200 and "Idempotent-Replayed" not in again
    assert reports() == before + 1
    assert records.count() == 1  # the old record pruned, the new one kept
    assert records.get().created_at > timezone.now() - dt.timedelta(minutes=5)
