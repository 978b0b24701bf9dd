"""The example app in tests/plugins plugs in through its entry point, touching no core file."""

from __future__ import annotations

from importlib.metadata import entry_points

from django.test import Client

from kotacerdas.contract import get_app
from kotacerdas.core.models import AppInstallation
from kotacerdas.platform.installations import enabled_apps
from kotacerdas.core.tenancy import Scope
from tests.conftest import Demo


def test_registered_through_the_entry_point_group() -> None:
    names = {ep.name: ep.value for ep in entry_points(group="kotacerdas.apps")}
    assert names["contoh-taman"] == "kotacerdas_example.plugin:ContohTaman"
    app = get_app("contoh-taman")
    assert app is not None and app.manifest.dimension == "living"


def test_every_hook_reaches_the_platform(demo: Demo) -> None:
    client = Client()
    assert "Taman Indonesia Kaya" in client.get("/r/semarang/contoh-taman/").content.decode()
    assert client.get("/contoh-taman/ping").json() == {"contoh": True}
    assert client.get("/api/apps/contoh-taman/count", {"region": "33.74"}).json() == {"parks": 1}
    staff = demo.client_for("admin-semarang").get("/console/semarang/contoh-taman/")
    assert staff.status_code == 200 and staff.content == b"console taman"
    app = get_app("contoh-taman")
    assert app is not None
    kpi = app.kpis(demo.semarang)[0]
    assert (kpi.key, kpi.value, kpi.state) == ("parks", 1, "warning")
    layer = app.map_layers(demo.semarang)[0]
    assert layer.geojson["features"][0]["geometry"]["coordinates"] == [110.42, -6.99]
    assert [d.name for d in app.datasets(demo.semarang)] == ["taman-kota"]


def test_disabled_app_shows_nothing(demo: Demo) -> None:
    AppInstallation.objects.scoped(Scope.system("test")).filter(
        region=demo.kendal, app_key="contoh-taman"
    ).update(enabled=False)
    client = Client()
    assert client.get("/r/kendal/contoh-taman/").status_code == 404
    assert client.get("/r/semarang/contoh-taman/").status_code == 200
    assert "contoh-taman" not in {app.key for app, _ in enabled_apps(demo.kendal)}
    assert "Contoh Taman Kota" not in client.get("/r/kendal/").content.decode()


def test_staff_urls_are_behind_the_console_guard(demo: Demo) -> None:
    assert Client().get("/console/kendal/contoh-taman/").status_code == 302
    outsider = demo.client_for("admin-semarang").get("/console/kendal/contoh-taman/")
    assert outsider.status_code == 403
