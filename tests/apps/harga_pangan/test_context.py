"""Every entry point receives the app context; a region without the app answers 404; the
console's entries and the API keys page."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from kotacerdas.apps.harga_pangan import api as api_module
from kotacerdas.apps.harga_pangan import queries
from kotacerdas.apps.harga_pangan.config import APP_KEY, HargaPanganConfig
from kotacerdas.apps.harga_pangan.demo import DEMO_KEY
from kotacerdas.apps.harga_pangan.views import console as console_views
from kotacerdas.contract import Access, AppContext, get_app
from kotacerdas.core.keys import keys_of
from kotacerdas.core.models import AppInstallation
from kotacerdas.core.tenancy import Scope
from tests.apps.harga_pangan.conftest import context_for
from tests.conftest import Demo

RICE = "beras:medium-1"


def _app() -> Any:
    app = get_app(APP_KEY)
    assert app is not None
    return app


def test_public_view_receives_the_context(
    demo: Demo, config: HargaPanganConfig, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[Any] = []
    real = queries.trends

    def spy(region: Any, cfg: Any, *args: Any) -> Any:
        seen.append((region, cfg))
        return real(region, cfg, *args)

    monkeypatch.setattr(queries, "trends", spy)
    response = demo.client_for(None).get("/r/semarang/harga-pangan/")
    assert response.status_code == 200
    ctx = response.wsgi_request.app_context  # type: ignore[attr-defined]
    assert isinstance(ctx, AppContext) and ctx.region == demo.semarang
    assert ctx.access == Access.PUBLIC
    assert seen == [(ctx.region, ctx.config)] and isinstance(ctx.config, HargaPanganConfig)


def test_console_view_receives_the_context(
    demo: Demo, config: HargaPanganConfig, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[Any] = []
    real = console_views.enterable_markets

    def spy(ctx: Any) -> Any:
        seen.append(ctx)
        return real(ctx)

    monkeypatch.setattr(console_views, "enterable_markets", spy)
    assert (
        demo.client_for("disdag-semarang").get("/console/semarang/harga-pangan/").status_code == 200
    )
    [ctx] = seen
    assert isinstance(ctx, AppContext) and ctx.region == demo.semarang
    assert ctx.is_staff and not ctx.is_admin and ctx.agencies


def test_api_operation_receives_the_context(
    demo: Demo, config: HargaPanganConfig, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[Any] = []
    real = api_module.api_context

    def spy(request: Any) -> Any:
        ctx = real(request)
        seen.append(ctx)
        return ctx

    monkeypatch.setattr(api_module, "api_context", spy)
    response = demo.client_for(None).get("/api/apps/harga-pangan/33.74/today")  # by code
    assert response.status_code == 200
    assert len(response.json()) == len(config.items)
    assert seen and all(c.region == demo.semarang for c in seen)
    body = {"market": "pasar-johar", "prices": {RICE: 13000}}
    response = demo.client_for(None).post(
        "/api/apps/harga-pangan/semarang/prices",
        body,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {DEMO_KEY}",
    )
    assert response.status_code == 200
    assert seen[-1].client is not None and seen[-1].client.app_key == APP_KEY


def test_hooks_read_the_context_they_are_given(demo: Demo, config: HargaPanganConfig) -> None:
    app = _app()
    ctx = context_for(demo.semarang)
    one_market = config.model_copy(update={"markets": config.markets[:1]})
    narrowed = dataclasses.replace(
        ctx, config=HargaPanganConfig.model_validate(one_market.model_dump())
    )
    kpis = {k.key: k for k in app.kpis(narrowed)}
    assert kpis["markets_reporting"].unit == "/ 1"
    assert {k.key: k for k in app.kpis(ctx)}["markets_reporting"].unit == f"/ {len(config.markets)}"
    [layer] = app.map_layers(narrowed)
    assert [f["properties"]["name"] for f in layer.geojson["features"]] == ["Pasar Johar"]
    [dataset] = app.datasets(context_for(demo.kendal))
    assert dataset.name == "harga-pangan" and "Kendal" in dataset.title["id"]
    assert dataset.links[0].url == "/r/kendal/harga-pangan/harga.csv"


def test_console_entries_and_their_count(demo: Demo, config: HargaPanganConfig) -> None:
    entries = {e.key: e for e in _app().console_entries()}
    assert entries["entry"].label == {"id": "Entri harga", "en": "Price entry"}
    assert (entries["entry"].kind, entries["entry"].access) == ("queue", Access.STAFF)
    assert entries["import"].access == Access.STAFF
    assert (entries["keys"].kind, entries["keys"].access) == ("settings", Access.ADMIN)
    ctx = context_for(demo.semarang, "disdag-semarang")
    count = entries["entry"].count
    assert count is not None
    assert count(ctx) == len(config.markets)  # prices cleared: nobody reported today
    demo.client_for("disdag-semarang").post(
        "/console/semarang/harga-pangan/entri/pasar-johar/", {f"price-{RICE}": "13000"}
    )
    assert count(ctx) == len(config.markets) - 1


def test_console_navigation_by_access(demo: Demo, config: HargaPanganConfig) -> None:
    keys_url = "/console/semarang/harga-pangan/kunci-api/"
    officer = demo.client_for("disdag-semarang").get("/console/semarang/harga-pangan/")
    assert "/console/semarang/harga-pangan/impor/" in officer.content.decode()
    assert keys_url not in officer.content.decode()
    admin = demo.client_for("admin-semarang").get("/console/semarang/harga-pangan/")
    assert keys_url in admin.content.decode()


def _disable(demo: Demo) -> None:
    row = AppInstallation.objects.unscoped("test").get(region=demo.semarang, app_key=APP_KEY)
    row.enabled = False
    row.save()


@pytest.mark.parametrize(
    ("username", "method", "url"),
    [
        (None, "get", "/r/semarang/harga-pangan/"),
        (None, "get", "/r/semarang/harga-pangan/harga.csv"),
        ("admin-semarang", "get", "/console/semarang/harga-pangan/"),
        ("admin-semarang", "get", "/console/semarang/harga-pangan/kunci-api/"),
        ("disdag-semarang", "get", "/console/semarang/harga-pangan/entri/pasar-johar/"),
        (None, "get", "/api/apps/harga-pangan/semarang/today"),
        (None, "post", "/api/apps/harga-pangan/semarang/prices"),
    ],
)
def test_disabled_for_the_region_is_404(
    demo: Demo, config: HargaPanganConfig, username: str | None, method: str, url: str
) -> None:
    _disable(demo)
    client = demo.client_for(username)
    if method == "post":
        response = client.post(
            url,
            {"market": "pasar-johar", "prices": {RICE: 13000}},
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {DEMO_KEY}",
        )
    else:
        response = client.get(url)
    assert response.status_code == 404
    # Kendal still runs it.
    assert demo.client_for(None).get("/r/kendal/harga-pangan/").status_code == 200


KEYS = "/console/semarang/harga-pangan/kunci-api/"


def test_admin_issues_a_key_shown_once_and_revokes_it(
    demo: Demo, config: HargaPanganConfig
) -> None:
    admin = demo.client_for("admin-semarang")
    response = admin.post(
        KEYS, {"action": "issue", "name": "Kasir Pasar Johar", "market": "pasar-johar"}
    )
    assert response.status_code == 200
    clear = response.context["issued"][1]
    assert clear.startswith("hp_") and clear in response.content.decode()
    assert clear not in admin.get(KEYS).content.decode()  # shown once
    scope = Scope.for_user(demo.user("admin-semarang"))
    row = next(k for k in keys_of(scope, demo.semarang, APP_KEY) if k.name == "Kasir Pasar Johar")
    assert (
        row.subject_kind == "market" and row.subject_id == config.market("pasar-johar").subject_id
    )  # type: ignore[union-attr]
    api = "/api/apps/harga-pangan/semarang/prices"
    body = {"market": "pasar-johar", "prices": {RICE: 13000}}
    auth = {"HTTP_AUTHORIZATION": f"Bearer {clear}"}
    client = demo.client_for(None)
    assert client.post(api, body, content_type="application/json", **auth).status_code == 200
    response = admin.post(KEYS, {"action": "revoke", "key": str(row.pk)}, follow=True)
    assert "revoked" in response.content.decode().lower() or "dicabut" in response.content.decode()
    assert client.post(api, body, content_type="application/json", **auth).status_code == 401


@pytest.mark.parametrize("bad", ["", "abc", "999999", "-1"])
def test_revoking_a_bad_id_says_so(demo: Demo, config: HargaPanganConfig, bad: str) -> None:
    response = demo.client_for("admin-semarang").post(
        KEYS, {"action": "revoke", "key": bad}, follow=True
    )
    assert response.status_code == 200
    [message] = list(response.context["messages"])
    assert message.level_tag == "error" and "Kota Semarang" in str(message)


def test_revoking_another_regions_key_is_refused(demo: Demo, config: HargaPanganConfig) -> None:
    from kotacerdas.core.keys import issue_key

    kendal = Scope.for_user(demo.user("admin-kendal"))
    row, _clear = issue_key(kendal, demo.kendal, APP_KEY, "Kendal feed")
    response = demo.client_for("admin-semarang").post(
        KEYS, {"action": "revoke", "key": str(row.pk)}, follow=True
    )
    [message] = list(response.context["messages"])
    assert message.level_tag == "error"
    row.refresh_from_db()
    assert row.revoked_at is None


@pytest.mark.parametrize("username", ["disdag-semarang", "provinsi", "admin-kendal"])
def test_only_the_region_admin_manages_keys(
    demo: Demo, config: HargaPanganConfig, username: str
) -> None:
    client = demo.client_for(username)
    assert client.get(KEYS).status_code == 403
    assert client.post(KEYS, {"action": "issue", "name": "x"}).status_code == 403


def test_import_page_needs_staff(demo: Demo, config: HargaPanganConfig) -> None:
    assert (
        demo.client_for("provinsi").get("/console/semarang/harga-pangan/impor/").status_code == 403
    )
    assert (
        demo.client_for("disdag-semarang").get("/console/semarang/harga-pangan/impor/").status_code
        == 200
    )
