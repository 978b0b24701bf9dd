"""Property-based tests of Open311's parameters: parsing any query or form gives a value or
the module's refusal (ReportInvalid, a 400 naming the parameter), never another exception;
over HTTP any query string is answered below 500, a refusal in the spec's error list."""

from __future__ import annotations

import json
from urllib.parse import urlencode

from django.http import QueryDict
from django.test import Client
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kotacerdas.apps.aduan_warga.open311 import params
from kotacerdas.apps.aduan_warga.services import ReportInvalid
from tests.conftest import Demo

NAMES = [
    "start_date",
    "end_date",
    "status",
    "page",
    "page_size",
    "service_code",
    "service_request_id",
    "lat",
    "long",
    "attribute[x]",
    "attribute[y][]",
]
VALUES = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        [
            "0001-01-01",
            "9999-12-31",
            "2026-01-01T00:00:00+07:00",
            "2026-13-40",
            "1970-01-01",
            "open",
            "closed",
            "open,closed",
            "0",
            "1",
            "1000",
            "1001",
            "²",
            "٣",
            "-1",
            "1e999",
            "nan",
            "inf",
            "9" * 400,
            "2026-01-01T00:00:00+25:00",
            "+002026-01-01",
        ]
    ),
    st.dates().map(str),
    st.datetimes().map(lambda d: d.isoformat()),
)
QUERIES = st.lists(st.tuples(st.sampled_from(NAMES), VALUES), max_size=6)


def query_of(pairs: list[tuple[str, str]]) -> QueryDict:
    query = QueryDict(mutable=True)
    for name, value in pairs:
        query.appendlist(name, value)
    return query


@settings(max_examples=800, deadline=None)
@given(QUERIES)
@example([("end_date", "0001-01-01")])
@example([("start_date", "9999-12-31")])
@example([("page", "²")])
def test_request_query_parses_or_refuses_with_a_400(pairs: list[tuple[str, str]]) -> None:
    try:
        parsed = params.RequestQuery.parse(query_of(pairs))
    except ReportInvalid as refused:
        assert refused.code == 400
        assert refused.field in NAMES
        return
    assert parsed.start <= parsed.end
    assert parsed.end - parsed.start <= params.MAX_SPAN
    assert 1 <= parsed.page_size <= params.MAX_PAGE_SIZE and parsed.page >= 1


@settings(max_examples=300, deadline=None)
@given(QUERIES)
@example([("lat", "nan")])
def test_coordinates_and_attributes_parse_or_refuse(pairs: list[tuple[str, str]]) -> None:
    form = query_of(pairs)
    for name in ("lat", "long"):
        try:
            value = params.coordinate(form, name)
        except ReportInvalid as refused:
            assert refused.field == name and refused.code == 400
        else:
            assert value is None or value == value  # never NaN
    assert isinstance(params.attributes(form), dict)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(QUERIES, st.sampled_from(["json", "xml"]))
def test_any_query_is_answered_below_500(
    demo: Demo, pairs: list[tuple[str, str]], fmt: str
) -> None:
    query = urlencode([("jurisdiction_id", "33.74"), *pairs])
    response = Client().get(f"/open311/v2/requests.{fmt}?{query}")
    assert response.status_code in (200, 400), response.content[:300]
    if response.status_code == 400 and fmt == "json":
        [error] = json.loads(response.content)
        assert error["code"] == 400 and ":" in error["description"]
