"""The app context: resolved once, typed, upgraded, scoped; broken configurations answer."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from kotacerdas.contract import Access, AppConfig, get_app
from kotacerdas.core.models import AppInstallation
from kotacerdas.core.tenancy import Scope
from kotacerdas.platform.context import (
    find_installation,
    forget_contexts,
    region_context,
    typed_config,
)
from tests.conftest import Demo


def test_region_context_carries_the_typed_configuration(demo: Demo) -> None:
    app = get_app("contoh-taman")
    assert app is not None
    ctx = region_context(app, demo.semarang)
    assert ctx is not None
    assert isinstance(ctx.config, AppConfig) and type(ctx.config) is app.config_model
    assert ctx.region == demo.semarang and ctx.installation.app_key == "contoh-taman"
    # A hook's or job's scope reaches this region only.
    assert ctx.scope.can_read_private(demo.semarang.pk)
    assert not ctx.scope.can_read_private(demo.kendal.pk)
    assert ctx.access == Access.ADMIN


@pytest.mark.parametrize(
    ("username", "access"),
    [
        (None, Access.PUBLIC),
        ("provinsi", Access.READ),
        ("dpu-semarang", Access.STAFF),
        ("admin-semarang", Access.ADMIN),
        ("admin-kendal", Access.PUBLIC),
        ("admin", Access.ADMIN),
    ],
)
def test_access_follows_the_callers_role(demo: Demo, username: str | None, access: Access) -> None:
    app = get_app("contoh-taman")
    assert app is not None
    scope = Scope.for_user(demo.user(username)) if username else Scope.public()
    ctx = region_context(app, demo.semarang, scope)
    assert ctx is not None and ctx.access == access


def test_an_older_stored_configuration_gets_the_new_defaults(demo: Demo) -> None:
    app = get_app("contoh-taman")
    assert app is not None
    config = typed_config(app, {"parks": []})  # stored before target_parks existed
    assert config.target_parks == 5  # type: ignore[attr-defined]
    assert config.managing_agency == "dlh"  # type: ignore[attr-defined]


def test_unknown_region_and_disabled_app_have_no_context(demo: Demo) -> None:
    assert find_installation("contoh-taman", "atlantis") is None
    AppInstallation.objects.unscoped("test").filter(
        region=demo.kendal, app_key="contoh-taman"
    ).update(enabled=False)
    forget_contexts()
    assert find_installation("contoh-taman", "kendal") is None
    assert find_installation("contoh-taman", "33.74") is not None  # by code too


def test_a_broken_stored_configuration_answers_a_page_not_a_500(demo: Demo) -> None:
    AppInstallation.objects.unscoped("test").filter(
        region=demo.semarang, app_key="contoh-taman"
    ).update(config={"parks": "not a list"})
    forget_contexts()
    response = Client().get("/r/semarang/contoh-taman/")
    assert response.status_code == 503
    assert "parks" in response.content.decode()


def test_a_page_resolves_the_context_with_one_query(demo: Demo) -> None:
    client = Client()
    client.get("/r/semarang/contoh-taman/")  # warm: sessions, translations
    forget_contexts()
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/r/semarang/contoh-taman/").status_code == 200
    installation_reads = [q for q in queries if "core_appinstallation" in q["sql"]]
    assert len(installation_reads) == 1, [q["sql"] for q in queries]
    with CaptureQueriesContext(connection) as again:
        client.get("/r/semarang/contoh-taman/")
    assert not [q for q in again if "core_appinstallation" in q["sql"]]


def test_region_scope_reaches_one_region(demo: Demo) -> None:
    scope = Scope.region_system(demo.semarang.pk, "test")
    assert scope.is_region_admin(demo.semarang.pk)
    assert not scope.is_region_admin(demo.kendal.pk)
