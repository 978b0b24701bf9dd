"""Writing prices through the API: the console's session (CSRF-checked) or a machine
client's API key from core; never a user's password."""

from __future__ import annotations

import base64
import datetime as dt
from typing import Any

import pytest
from django.test import Client

from kotacerdas.apps.harga_pangan.config import APP_KEY, HargaPanganConfig, market_subject_id
from kotacerdas.apps.harga_pangan.demo import DEMO_KEY
from kotacerdas.apps.harga_pangan.models import Price, PriceRevision
from kotacerdas.core.keys import issue_key, revoke_key
from kotacerdas.core.models import Region
from kotacerdas.core.tenancy import Scope
from tests.apps.harga_pangan.conftest import put_prices
from tests.conftest import Demo

RICE = "beras:medium-1"
URL = "/api/apps/harga-pangan/semarang/prices"


def new_key(
    demo: Demo, region: Region, *, market: str = "", app_key: str = APP_KEY
) -> tuple[int, str]:
    admin = Scope.for_user(demo.user(f"admin-{region.slug}"))
    subject = ("market", market_subject_id(market)) if market else None
    row, clear = issue_key(admin, region, app_key, "Till system", subject=subject)
    return row.pk, clear


def post(client: Client, body: dict[str, Any], url: str = URL, **extra: Any) -> Any:
    return client.post(url, body, content_type="application/json", **extra)


def bearer(clear: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {clear}"}


def basic(username: str, password: str) -> dict[str, str]:
    token = base64.b64encode(f"{username}:{password}".encode()).decode()
    return {"HTTP_AUTHORIZATION": f"Basic {token}"}


@pytest.fixture
def machine() -> Client:
    return Client(enforce_csrf_checks=True)  # machine clients send no CSRF token


def test_api_key_writes_prices(
    demo: Demo, config: HargaPanganConfig, yesterday: dt.date, machine: Client
) -> None:
    put_prices(demo.semarang, {RICE: 13000}, yesterday, markets=("pasar-bulu",))
    _pk, clear = new_key(demo, demo.semarang)
    response = post(machine, {"market": "pasar-bulu", "prices": {RICE: 13200}}, **bearer(clear))
    assert response.status_code == 200, response.content
    assert response.json()["saved"] == 1
    revision = PriceRevision.objects.unscoped("test").filter(region=demo.semarang).latest("pk")
    assert revision.source == "api" and revision.entered_by is None
    response = post(machine, {"market": "pasar-bulu", "prices": {RICE: 132000}}, **bearer(clear))
    assert response.status_code == 409 and response.json()["field"] == "confirmed"
    response = post(machine, {"market": "pasar-bulu", "prices": {RICE: 0}}, **bearer(clear))
    assert response.status_code == 422 and response.json()["field"] == RICE
    response = post(machine, {"market": "nowhere", "prices": {RICE: 13000}}, **bearer(clear))
    assert response.status_code == 422 and response.json()["field"] == "market"


def test_no_credentials_or_a_password_is_401(
    demo: Demo, config: HargaPanganConfig, machine: Client
) -> None:
    body = {"market": "pasar-bulu", "prices": {RICE: 13200}}
    assert post(machine, body).status_code == 401
    # HTTP Basic with a real officer's password is no longer accepted anywhere.
    response = post(machine, body, **basic("disdag-semarang", "demo-disdag-semarang"))
    assert response.status_code == 401
    assert not Price.objects.unscoped("test").filter(region=demo.semarang).exists()


def test_revoked_key_is_401(demo: Demo, config: HargaPanganConfig, machine: Client) -> None:
    pk, clear = new_key(demo, demo.semarang)
    body = {"market": "pasar-bulu", "prices": {RICE: 13200}}
    assert post(machine, body, **bearer(clear)).status_code == 200
    revoke_key(Scope.for_user(demo.user("admin-semarang")), demo.semarang, APP_KEY, pk)
    response = post(machine, body, **bearer(clear))
    assert response.status_code == 401 and response.json()["field"] == "key"


def test_key_of_another_region_or_app_is_401(
    demo: Demo, config: HargaPanganConfig, machine: Client
) -> None:
    _pk, kendal = new_key(demo, demo.kendal)
    body = {"market": "pasar-bulu", "prices": {RICE: 13200}}
    assert post(machine, body, **bearer(kendal)).status_code == 401
    _pk, open311 = new_key(demo, demo.semarang, app_key="aduan-warga")
    assert post(machine, body, **bearer(open311)).status_code == 401
    assert post(machine, body, **bearer("kc_not-a-key")).status_code == 401
    assert not Price.objects.unscoped("test").filter(region=demo.semarang).exists()
    # The Kendal key works in Kendal.
    kendal_url = "/api/apps/harga-pangan/kendal/prices"
    response = post(
        machine, {"market": "pasar-kendal", "prices": {RICE: 13000}}, kendal_url, **bearer(kendal)
    )
    assert response.status_code == 200, response.content


def test_key_narrowed_to_a_market_writes_only_that_market(
    demo: Demo, config: HargaPanganConfig, machine: Client
) -> None:
    _pk, clear = new_key(demo, demo.semarang, market="pasar-johar")
    ok = post(machine, {"market": "pasar-johar", "prices": {RICE: 13000}}, **bearer(clear))
    assert ok.status_code == 200, ok.content
    other = post(machine, {"market": "pasar-bulu", "prices": {RICE: 13000}}, **bearer(clear))
    assert other.status_code == 403 and other.json()["field"] == "market"
    markets = set(Price.objects.unscoped("test").values_list("market", flat=True))
    assert markets == {"pasar-johar"}


def test_the_demo_key_writes_semarang(
    demo: Demo, config: HargaPanganConfig, machine: Client
) -> None:
    body = {"market": "pasar-johar", "prices": {RICE: 13000}}
    assert post(machine, body, **bearer(DEMO_KEY)).status_code == 200
    kendal = "/api/apps/harga-pangan/kendal/prices"
    assert (
        post(machine, {**body, "market": "pasar-kendal"}, kendal, **bearer(DEMO_KEY)).status_code
        == 401
    )


def test_api_write_with_the_console_session_needs_csrf(
    demo: Demo, config: HargaPanganConfig
) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(demo.user("disdag-semarang"))
    body = {"market": "pasar-bulu", "prices": {RICE: 13000}}
    assert post(client, body).status_code == 403
    assert not Price.objects.unscoped("test").filter(region=demo.semarang).exists()
    client.get("/console/semarang/harga-pangan/")  # the console sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    response = post(client, body, HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 200, response.content
    assert PriceRevision.objects.unscoped("test").latest("pk").entered_by == demo.user(
        "disdag-semarang"
    )


def test_signed_in_user_who_may_not_enter_prices_is_403(
    demo: Demo, config: HargaPanganConfig
) -> None:
    body = {"market": "pasar-bulu", "prices": {RICE: 13000}}
    assert post(demo.client_for("provinsi"), body).status_code == 403  # reads, enters nothing
    assert post(demo.client_for("disdag-kendal"), body).status_code == 403  # another region
    assert post(demo.client_for("dpu-semarang"), body).status_code == 403  # another agency
    assert not Price.objects.unscoped("test").filter(region=demo.semarang).exists()


def test_openapi_documents_401_and_403(demo: Demo) -> None:
    schema = demo.client_for(None).get("/api/openapi.json").json()
    [op] = [
        v["post"]
        for k, v in schema["paths"].items()
        if k.startswith("/api/apps/harga-pangan/") and k.endswith("/prices")
    ]
    assert {"200", "401", "403", "409", "422"} <= set(op["responses"])
