"""The contract side: manifest, KPIs, map layer, datasets, events and the demo data."""

from __future__ import annotations

from collections import Counter

from django.test import Client

from kotacerdas.apps.aduan_warga.models import ApiClient, Report, Status
from kotacerdas.apps.aduan_warga.plugin import AduanWarga
from kotacerdas.apps.aduan_warga.schema import SCHEMA
from kotacerdas.apps.aduan_warga.services.clients import key_hash
from kotacerdas.contract import get_app
from kotacerdas.core.services.config_schema import validate_config
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


def test_demo_has_every_state_in_semarang_and_kendal(demo: Demo) -> None:
    for region in (demo.semarang, demo.kendal):
        states = Counter(
            Report.objects.unscoped(ALL).filter(region=region).values_list("status", flat=True)
        )
        assert sum(states.values()) >= 100
        assert set(states) == set(Status.values), set(Status.values) - set(states)
    demo_key = ApiClient.objects.unscoped(ALL).get(key_hash=key_hash("demo-open311-key"))
    assert demo_key.region == demo.semarang
    assert ApiClient.objects.unscoped(ALL).count() == 1


def test_kpis_and_map_layer(demo: Demo) -> None:
    app = AduanWarga()
    kpis = {k.key: k for k in app.kpis(demo.semarang)}
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
    layer = app.map_layers(demo.semarang)[0]
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
    assert app.datasets(demo.semarang)[0].resources[0]["url"].startswith("/open311/v2/")
    assert app.alerts(demo.semarang)  # the demo has overdue reports


def test_public_index_with_filters(demo: Demo) -> None:
    client = Client()
    page = client.get("/r/semarang/aduan-warga/?status=closed&category=jalan-rusak")
    assert page.status_code == 200
    geo = client.get("/r/semarang/aduan-warga/peta.geojson?status=closed&category=jalan-rusak")
    features = geo.json()["features"]
    assert features and {f["properties"]["status"] for f in features} == {"closed"}
    assert client.get("/r/semarang/aduan-warga/?since=bukan-tanggal").status_code == 200


def test_overdue_alert_counts_the_open_overdue_reports(demo: Demo) -> None:
    # The count comes from the KPI tallies: it must agree with the reports themselves.
    from kotacerdas.apps.aduan_warga.models import OPEN_STATES

    reports = Report.objects.unscoped(ALL).filter(region=demo.semarang)
    expected = reports.filter(overdue=True, status__in=OPEN_STATES).count()
    assert expected, "the demo has open overdue reports in Semarang"
    # A closed report flagged overdue is not an open overdue report.
    closed = reports.filter(status=Status.CLOSED).values_list("pk", flat=True)[:1]
    reports.filter(pk__in=list(closed)).update(overdue=True)
    (alert,) = AduanWarga().alerts(demo.semarang)
    assert alert.key == "overdue"
    assert alert.title.startswith(f"{expected} ")
    reports.filter(overdue=True, status__in=OPEN_STATES).update(overdue=False)
    assert AduanWarga().alerts(demo.semarang) == []
