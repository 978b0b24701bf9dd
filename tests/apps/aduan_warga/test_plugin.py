"""The contract side: manifest, KPIs, map layer, datasets, events and the demo data."""

from __future__ import annotations

from collections import Counter

from django.test import Client

from kotacerdas.apps.aduan_warga.config import SCHEMA, AduanConfig, config_of
from kotacerdas.apps.aduan_warga.models import Report, Status
from kotacerdas.apps.aduan_warga.plugin import AduanWarga
from kotacerdas.contract import Access, KpiState, get_app
from kotacerdas.core.keys import digest
from kotacerdas.core.models import ApiKey
from kotacerdas.core.services.config_schema import validate_config
from tests.apps.aduan_warga.conftest import ctx_of, new_report
from tests.conftest import Demo

ALL = "tests look at every row"


def test_registered_under_its_key() -> None:
    app = get_app("aduan-warga")
    assert isinstance(app, AduanWarga) and app.manifest.dimension == "governance"


def test_schema_defaults_and_agency_refs() -> None:
    config = validate_config(SCHEMA, {})
    assert config["deadlines"]["verify_dispose_days"] == 3
    assert config["deadlines"]["agency_follow_up_days"] == 5
    assert config["auto_close_days"] == 10
    assert {c["agency"] for c in config["categories"]} >= {"dpu", "dlh", "bpbd"}
    category = SCHEMA["properties"]["categories"]["items"]
    assert category["properties"]["agency"]["x-kotacerdas-ref"] == "agency"


def test_typed_config_mirrors_the_schema() -> None:
    assert AduanWarga.config_model is AduanConfig
    conf = config_of({})
    assert (conf.verify_days(), conf.follow_up_days(), conf.warn_before_days()) == (3, 5, 1)
    assert conf.auto_close_days == 10 and conf.branding.name == "Aduan Warga"
    road = conf.category("jalan-rusak")
    assert road is not None and road.agency == "dpu" and conf.service_days(road) == 14
    assert road.attributes[0].values[2].key == "besar"
    assert conf.category("tidak-ada") is None
    # A category without its own standard takes its kind's; a partial deadlines object
    # keeps the other deadlines' defaults.
    custom = config_of(
        {
            "categories": [{"service_code": "x", "name": {"id": "X"}, "agency": "dpu"}],
            "deadlines": {
                "verify_dispose_days": 7,
                "service_standard_days": {"pengaduan": 30},
            },
        }
    )
    (only,) = custom.categories
    assert custom.service_days(only) == 30 and custom.verify_days() == 7
    assert custom.follow_up_days() == 5


def test_demo_has_every_state_in_semarang_and_kendal(demo: Demo) -> None:
    for region in (demo.semarang, demo.kendal):
        states = Counter(
            Report.objects.unscoped(ALL).filter(region=region).values_list("status", flat=True)
        )
        assert sum(states.values()) >= 100
        assert set(states) == set(Status.values), set(Status.values) - set(states)
    demo_key = ApiKey.objects.unscoped(ALL).get(digest=digest("demo-open311-key"))
    assert demo_key.region == demo.semarang and demo_key.app_key == "aduan-warga"
    assert demo_key.is_active
    assert ApiKey.objects.unscoped(ALL).filter(app_key="aduan-warga").count() == 1


def test_kpis_and_map_layer(demo: Demo) -> None:
    app = AduanWarga()
    ctx = ctx_of(demo.semarang)
    kpis = {k.key: k for k in app.kpis(ctx)}
    for key in (
        "received",
        "open",
        "overdue",
        "first-response-hours",
        "resolution-hours",
        "resolved-on-time",
    ):
        assert key in kpis
    open_count = (
        Report.objects.unscoped(ALL)
        .filter(
            region=demo.semarang,
            status__in=["received", "verified", "postponed", "disposed", "in_progress"],
        )
        .count()
    )
    assert kpis["open"].value == open_count
    assert any(k.startswith("overdue.agency.") for k in kpis)
    assert any(k.startswith("overdue.category.") for k in kpis)
    assert all(isinstance(k.state, KpiState) for k in kpis.values())
    layer = app.map_layers(ctx)[0]
    assert (
        len(layer.geojson["features"])
        == open_count
        - Report.objects.unscoped(ALL)
        .filter(
            region=demo.semarang,
            lat__isnull=True,
            status__in=["received", "verified", "postponed", "disposed", "in_progress"],
        )
        .count()
    )
    assert "reporter" not in str(layer.geojson)
    (dataset,) = app.datasets(ctx)
    assert dataset.links[0].url == "/open311/v2/requests.json?jurisdiction_id=33.74"
    assert not hasattr(app, "alerts"), "alerts are core rows raised by the job"


def test_hooks_read_their_context(demo: Demo) -> None:
    # Each hook answers for the context's region: Kendal's layer has no Semarang report.
    app = AduanWarga()
    mine, _ = new_report(demo)
    semarang = app.map_layers(ctx_of(demo.semarang))[0].geojson["features"]
    kendal = app.map_layers(ctx_of(demo.kendal))[0].geojson["features"]
    assert mine.ticket in {f["properties"]["ticket"] for f in semarang}
    assert mine.ticket not in {f["properties"]["ticket"] for f in kendal}
    assert all("/r/kendal/" in f["properties"]["url"] for f in kendal)
    assert app.datasets(ctx_of(demo.kendal))[0].links[0].url.endswith("=33.24")
    from kotacerdas.apps.aduan_warga.models import OPEN_STATES

    open_now = {k.key: k.value for k in app.kpis(ctx_of(demo.kendal))}["open"]
    reports = Report.objects.unscoped(ALL).filter(region=demo.kendal, status__in=OPEN_STATES)
    assert open_now == reports.count()


def test_console_entries_and_the_new_reports_count(demo: Demo) -> None:
    app = AduanWarga()
    entries = {e.key: e for e in app.console_entries()}
    assert entries["new-reports"].kind == "queue" and entries["new-reports"].url_name == "inbox"
    assert entries["new-reports"].access == Access.STAFF
    assert entries["reports"].access == Access.STAFF
    assert entries["open311-clients"].url_name == "clients"
    assert entries["open311-clients"].access == Access.ADMIN
    assert entries["new-reports"].label == {"id": "Aduan baru", "en": "New reports"}
    count = entries["new-reports"].count
    assert count is not None
    admin = ctx_of(demo.semarang, demo.user("admin-semarang"))
    waiting = Report.objects.unscoped(ALL).filter(region=demo.semarang, status=Status.RECEIVED)
    before = waiting.count()
    assert count(admin) == before
    new_report(demo)
    assert count(admin) == before + 1
    # Agency staff: the reports newly disposed to their agency.
    dpu = ctx_of(demo.semarang, demo.user("dpu-semarang"))
    assert count(dpu) == (
        Report.objects.unscoped(ALL)
        .filter(region=demo.semarang, status=Status.DISPOSED, agency__slug="dpu")
        .count()
    )
    # The console shows the entries with the live count.
    page = demo.client_for("admin-semarang").get("/console/semarang/aduan-warga/")
    text = page.content.decode()
    assert "Aduan baru" in text and "Klien Open311" in text
    staff = demo.client_for("dpu-semarang").get("/console/semarang/aduan-warga/").content
    assert b"Aduan baru" in staff and b"Klien Open311" not in staff


def test_public_index_with_filters(demo: Demo) -> None:
    client = Client()
    page = client.get("/r/semarang/aduan-warga/?status=closed&category=jalan-rusak")
    assert page.status_code == 200
    geo = client.get("/r/semarang/aduan-warga/peta.geojson?status=closed&category=jalan-rusak")
    features = geo.json()["features"]
    assert features and {f["properties"]["status"] for f in features} == {"closed"}
    assert client.get("/r/semarang/aduan-warga/?since=bukan-tanggal").status_code == 200


def test_disabled_for_a_region_answers_404_everywhere(demo: Demo) -> None:
    from kotacerdas.core.models import AppInstallation

    report = Report.objects.unscoped(ALL).filter(region=demo.kendal).first()
    assert report is not None
    urls = [
        "/r/kendal/aduan-warga/",
        f"/r/kendal/aduan-warga/laporan/{report.ticket}/",
        "/open311/v2/requests.json?jurisdiction_id=33.24",
        "/open311/v2/services.xml?jurisdiction_id=kendal",
    ]
    admin = demo.client_for("admin-kendal")
    assert admin.get("/console/kendal/aduan-warga/").status_code == 200
    for url in urls:
        assert admin.get(url).status_code == 200, url
    AppInstallation.objects.unscoped(ALL).filter(region=demo.kendal, app_key="aduan-warga").update(
        enabled=False
    )
    from kotacerdas.platform.context import forget_contexts

    forget_contexts()  # update() sends no signal; other processes forget within seconds
    assert admin.get("/console/kendal/aduan-warga/").status_code == 404
    for url in urls:
        assert admin.get(url).status_code == 404, url
    listed = admin.get("/open311/v2/requests.json?jurisdiction_id=33.24")
    assert listed.json()[0]["code"] == 404
    posted = Client().post(
        "/open311/v2/requests.json",
        {"jurisdiction_id": "33.24", "api_key": "demo-open311-key", "service_code": "x"},
    )
    assert posted.status_code == 404
    assert Client().get("/r/semarang/aduan-warga/").status_code == 200  # others unaffected
