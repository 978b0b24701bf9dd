"""The example app in tests/plugins plugs in through its entry point, touching no core file,
and every entry point receives the app context."""

from __future__ import annotations

import re
from importlib.metadata import entry_points

from django.test import Client

from kotacerdas.contract import KpiState, SmartCityApp, get_app
from kotacerdas.core.models import AlertRecord, AppInstallation
from kotacerdas.core.tenancy import Action, Scope
from kotacerdas.platform.context import region_context
from kotacerdas.platform.installations import enabled_apps, update_config
from kotacerdas.platform.jobs import registered_jobs, run_job
from tests.conftest import Demo

KEY = "contoh-taman"


def example() -> SmartCityApp:
    app = get_app(KEY)
    assert app is not None
    return app


def disable(demo: Demo, region_slug: str) -> None:
    # save(), not update(): the post_save signal forgets the cached contexts.
    row = AppInstallation.objects.scoped(Scope.system("test"), Action.CHANGE).get(
        region__slug=region_slug, app_key=KEY
    )
    row.enabled = False
    row.save()


def test_registered_through_the_entry_point_group() -> None:
    names = {ep.name: ep.value for ep in entry_points(group="kotacerdas.apps")}
    assert names[KEY] == "kotacerdas_example.plugin:ContohTaman"
    assert example().manifest.dimension == "living"


def test_every_hook_reaches_the_platform(demo: Demo) -> None:
    client = Client()
    assert "Taman Indonesia Kaya" in client.get("/r/semarang/contoh-taman/").content.decode()
    assert client.get("/contoh-taman/ping", {"region": "33.74"}).json() == {
        "contoh": True,
        "region": "33.74",
    }
    assert client.get("/api/apps/contoh-taman/33.74/count").json() == {"parks": 1}
    assert client.get("/api/apps/contoh-taman/semarang/count").json() == {"parks": 1}
    staff = demo.client_for("admin-semarang").get("/console/semarang/contoh-taman/")
    assert staff.status_code == 200 and staff.content == b"console taman Kota Semarang: 1"
    app = example()
    ctx = region_context(app, demo.semarang)
    assert ctx is not None
    kpi = app.kpis(ctx)[0]
    assert (kpi.key, kpi.value, kpi.state) == ("parks", 1, KpiState.WARNING)
    layer = app.map_layers(ctx)[0]
    assert layer.geojson["features"][0]["geometry"]["coordinates"] == [110.42, -6.99]
    assert [d.name for d in app.datasets(ctx)] == ["taman-kota"]


def test_each_entry_point_receives_the_regions_context(demo: Demo) -> None:
    client = Client()
    update_config(
        Scope.system("test"),
        demo.kendal,
        KEY,
        {"parks": [{"name": "Taman Kalibanteng", "lat": -7.0, "lng": 110.2}], "target_parks": 1},
    )
    assert client.get("/contoh-taman/ping", {"region": "kendal"}).json()["region"] == "33.24"
    page = client.get("/r/kendal/contoh-taman/").content.decode()
    assert "Kabupaten Kendal" in page and "Taman Kalibanteng" in page
    assert "Taman Kalibanteng" not in client.get("/r/semarang/contoh-taman/").content.decode()
    admin = demo.client_for("admin-kendal")
    assert admin.get("/console/kendal/contoh-taman/pengaturan/").content == b"target 1"
    app = example()
    ctx = region_context(app, demo.kendal)
    assert ctx is not None and ctx.region == demo.kendal
    assert app.kpis(ctx)[0].state == KpiState.GOOD


def test_settings_page_needs_a_region_admin(demo: Demo) -> None:
    url = "/console/semarang/contoh-taman/pengaturan/"
    assert demo.client_for("dpu-semarang").get(url).status_code == 403
    answer = demo.client_for("admin-semarang").get(url)
    assert answer.status_code == 200 and answer.content == b"target 5"
    # Agency staff still reach the work page.
    assert demo.client_for("dpu-semarang").get("/console/semarang/contoh-taman/").status_code == 200


def test_disabled_app_answers_404_everywhere(demo: Demo) -> None:
    disable(demo, "kendal")
    client = Client()
    assert client.get("/r/kendal/contoh-taman/").status_code == 404
    assert client.get("/r/semarang/contoh-taman/").status_code == 200
    admin = demo.client_for("admin-kendal")
    assert admin.get("/console/kendal/contoh-taman/").status_code == 404
    assert admin.get("/console/kendal/contoh-taman/pengaturan/").status_code == 404
    api = client.get("/api/apps/contoh-taman/33.24/count")
    assert api.status_code == 404 and api.json()["field"] == "region"
    assert client.get("/api/apps/contoh-taman/33.74/count").status_code == 200
    assert client.get("/contoh-taman/ping", {"region": "33.24"}).status_code == 404
    assert client.get("/contoh-taman/ping", {"region": "33.74"}).status_code == 200
    assert KEY not in {app.key for app, _ in enabled_apps(demo.kendal)}
    assert "Contoh Taman Kota" not in client.get("/r/kendal/").content.decode()
    assert region_context(example(), demo.kendal) is None


def test_unknown_api_key_is_refused(demo: Demo) -> None:
    answer = Client().get(
        "/api/apps/contoh-taman/33.74/count", headers={"Authorization": "Bearer kc_nothing"}
    )
    assert answer.status_code == 401


def test_staff_urls_are_behind_the_console_guard(demo: Demo) -> None:
    assert Client().get("/console/kendal/contoh-taman/").status_code == 302
    outsider = demo.client_for("admin-semarang").get("/console/kendal/contoh-taman/")
    assert outsider.status_code == 403


def test_job_raises_a_core_alert_and_clears_it(demo: Demo) -> None:
    job = next(j for j in registered_jobs() if j.name == f"{KEY}:check-parks")
    alerts = AlertRecord.objects.unscoped("test").filter(app_key=KEY, condition="no-parks")
    assert run_job(job) == [] and not alerts.exists()  # every demo region lists a park

    update_config(Scope.system("test"), demo.semarang, KEY, {"parks": []})
    assert run_job(job) == []
    opened = alerts.get()
    assert opened.region == demo.semarang and opened.state == AlertRecord.State.ACTIVE
    assert run_job(job) == [] and alerts.count() == 1  # raised once, not again every run

    update_config(Scope.system("test"), demo.semarang, KEY, {})
    assert run_job(job) == []
    opened.refresh_from_db()
    assert opened.state == AlertRecord.State.CLEARED


def test_console_navigation_lists_the_apps_entries(demo: Demo) -> None:
    admin = demo.client_for("admin-semarang").get("/console/semarang/").content.decode()
    assert re.search(r'>Taman <span class="badge"[^>]*>1</span>', admin), admin
    assert "Pengaturan taman" in admin
    staff = demo.client_for("dpu-semarang").get("/console/semarang/")
    assert staff.status_code == 200
    page = staff.content.decode()
    assert re.search(r'>Taman <span class="badge"', page)
    assert "Pengaturan taman" not in page
