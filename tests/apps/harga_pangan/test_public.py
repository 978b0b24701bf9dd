"""Public pages, CSV export and what the contract hands to the situation room."""

from __future__ import annotations

import csv
import datetime as dt
import io

from kotacerdas.apps.harga_pangan.config import APP_KEY, HargaPanganConfig
from kotacerdas.apps.harga_pangan.services.entry import submit_market_day
from kotacerdas.apps.harga_pangan.services.values import today
from kotacerdas.contract import KpiState, Severity, get_app
from kotacerdas.core.models import AlertRecord
from tests.apps.harga_pangan.conftest import context_for, put_prices
from tests.conftest import Demo

CHILLI = "cabai-rawit:merah"
RICE = "beras:medium-1"


def _spike(demo: Demo, config: HargaPanganConfig, yesterday: dt.date) -> None:
    put_prices(demo.semarang, {CHILLI: 50000, RICE: 13000}, yesterday)
    officer = demo.user("disdag-semarang")
    submit_market_day(
        context_for(demo.semarang, "disdag-semarang"),
        officer,
        "pasar-johar",
        today(),
        {CHILLI: 57500, RICE: 13000},
    )


def test_today_page_highlights_the_spike(
    demo: Demo, config: HargaPanganConfig, yesterday: dt.date
) -> None:
    _spike(demo, config, yesterday)
    html = demo.client_for(None).get("/r/semarang/harga-pangan/").content.decode()
    assert 'class="spike tier-siaga" data-item="cabai-rawit:merah"' in html
    assert (
        'data-item="beras:medium-1"' in html
        and "tier-" not in html.split('data-item="beras:medium-1"')[0].rsplit("<tr", 1)[1]
    )
    assert "Rp 57.500" in html
    assert '<svg class="hp-spark"' in html  # two days of averages make a sparkline


def test_markets_without_a_report_today_are_flagged(
    demo: Demo, config: HargaPanganConfig, yesterday: dt.date
) -> None:
    _spike(demo, config, yesterday)
    statuses = demo.client_for(None).get("/r/semarang/harga-pangan/").context["statuses"]
    state = {s.market.key: s.state for s in statuses}
    assert state["pasar-johar"] == "spike"
    assert state["pasar-bulu"] == "missing"


def test_csv_export(demo: Demo, config: HargaPanganConfig, yesterday: dt.date) -> None:
    _spike(demo, config, yesterday)
    response = demo.client_for(None).get("/r/semarang/harga-pangan/harga.csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][0] == "tanggal"
    assert [
        today().isoformat(),
        "pasar-johar",
        "Pasar Johar",
        "Cabai rawit",
        "Merah",
        "kg",
        "57500",
    ] in rows
    assert len(rows) == 1 + 2 * 2 + 2  # header, two markets yesterday, one market today
    bad = demo.client_for(None).get("/r/semarang/harga-pangan/harga.csv?from=kemarin")
    assert bad.status_code == 400


def test_kpis_map_layer_alerts_and_datasets(
    demo: Demo, config: HargaPanganConfig, yesterday: dt.date
) -> None:
    _spike(demo, config, yesterday)
    app = get_app("harga-pangan")
    assert app is not None
    ctx = context_for(demo.semarang)
    kpis = {k.key: k for k in app.kpis(ctx)}
    assert kpis["commodities_in_spike"].value == 1
    assert kpis["commodities_in_spike"].state is KpiState.BAD
    assert kpis["markets_reporting"].value == 1
    assert kpis["markets_reporting"].state is KpiState.WARNING
    assert kpis["average_change"].value == 7.5  # (15 % + 0 %) / 2
    [layer] = app.map_layers(ctx)
    colours = {
        f["properties"]["name"]: f["properties"]["status"] for f in layer.geojson["features"]
    }
    assert colours["Pasar Johar"] == "spike" and colours["Pasar Bulu"] == "missing"
    assert not hasattr(app, "alerts")  # alerts are core rows only, raised by services/spikes
    [alert] = AlertRecord.objects.unscoped("test").filter(region=demo.semarang, app_key=APP_KEY)
    assert alert.severity == Severity.WARNING and alert.public
    [dataset] = app.datasets(ctx)
    assert dataset.links[0].url == "/r/semarang/harga-pangan/harga.csv"


def test_demo_data_has_spikes_and_a_missing_market(demo: Demo) -> None:
    """The seeded demo itself (not cleared): the situation room has something to show."""
    app = get_app("harga-pangan")
    assert app is not None
    kpis = {k.key: k.value for k in app.kpis(context_for(demo.semarang))}
    assert kpis["markets_reporting"] == 5
    assert kpis["commodities_in_spike"] >= 1
    assert AlertRecord.objects.unscoped("test").filter(
        region=demo.kendal, app_key=APP_KEY, state=AlertRecord.State.ACTIVE
    )


def test_region_without_markets_still_renders(demo: Demo) -> None:
    response = demo.client_for(None).get("/r/demak/harga-pangan/")
    assert response.status_code == 200
    assert demo.client_for(None).get("/r/semarang/harga-pangan/pasar/nowhere/").status_code == 404
    assert demo.client_for(None).get("/r/semarang/harga-pangan/komoditas/x:y/").status_code == 404
