"""Public air and flood page, station page, CSV and JSON series, the keys console, the contract."""

from __future__ import annotations

import csv
import io
import re
import time

from django.contrib.auth.models import User
from django.test import Client

from kotacerdas.apps.sensor_kota.services.keys import digest
from kotacerdas.contract import KpiState, get_app
from kotacerdas.core.models import ApiKey, Membership
from kotacerdas.core.tenancy import Role

from .conftest import World, context_of

NOW = int(time.time()) - 600


def fill(world: World) -> None:
    body = [{"sensor": world.level.code, "ts": NOW + i * 60, "value": 50 + i} for i in range(5)]
    body += [{"sensor": world.pm25.code, "ts": NOW + i * 60, "value": 80} for i in range(5)]
    assert world.post(body).status_code == 200


def test_public_page_lists_stations_with_status_in_indonesian_and_wib(world: World) -> None:
    fill(world)
    page = Client().get("/r/semarang/sensor-kota/").content.decode()
    assert "Kualitas udara dan banjir" in page
    rows = dict(re.findall(r'<tr data-station="([a-z-]+)">(.*?)</tr>', page, re.S))
    assert "Tidak Sehat" in rows["udara"] and "126" in rows["udara"]  # PM2.5 80 µg/m³
    assert "Normal" in rows["sungai"] and "54,0 cm" in rows["sungai"]  # below Waspada (60)
    assert "WIB" in rows["sungai"]
    assert 'id="sensor-map-data"' in page and "vendor/leaflet/leaflet.js" in page


def test_station_page_has_a_chart_and_csv_in_wib(world: World) -> None:
    fill(world)
    page = Client().get("/r/semarang/sensor-kota/stasiun/sungai/").content.decode()
    assert "uPlot.iife.min.js" in page and "/series" in page
    response = Client().get("/r/semarang/sensor-kota/stasiun/sungai/series.csv?resolution=raw")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["time_utc", "time_wib", "sensor"]
    levels = [r for r in rows[1:] if r[3] == "water_level"]
    assert len(levels) == 5 and levels[0][1].endswith("+07:00")


def test_series_json_validates_its_query(world: World) -> None:
    fill(world)
    url = "/api/apps/sensor-kota/semarang/stations/udara/series"
    data = Client().get(url + "?resolution=minute&agg=max").json()
    pm25 = next(s for s in data["series"] if s["quantity"] == "pm25")
    assert data["resolution"] == "minute" and pm25["points"][0][1] == 80
    bad = Client().get(url + "?agg=median")
    assert bad.status_code == 400 and bad.json()["field"] == "agg"
    assert Client().get(url + "?start=tomorrow").json()["field"] == "start"
    csv_bad = Client().get("/r/semarang/sensor-kota/stasiun/udara/series.csv?resolution=week")
    assert csv_bad.status_code == 400


def test_kpis_and_map_layers_colour_stations(world: World) -> None:
    fill(world)
    app = get_app("sensor-kota")
    assert app is not None
    ctx = context_of(world.semarang)  # as the room calls it: a scope that sees private rows
    kpis = {k.key: k for k in app.kpis(ctx)}
    assert kpis["ispu_max"].value is not None and kpis["ispu_max"].state is KpiState.BAD
    assert kpis["stations"].value == 2  # the private station is not counted in public tiles
    layers = {layer.key: layer for layer in app.map_layers(ctx)}
    [air] = layers["stations-air"].geojson["features"]
    assert air["properties"]["colour"] == "#f2c200"  # Tidak Sehat is yellow
    water = layers["stations-water"].geojson["features"]
    assert {f["properties"]["code"] for f in water} == {"sungai"}  # the private one is not there


def test_a_region_admin_issues_a_key_shown_once_and_revokes_it(world: World) -> None:
    admin = User.objects.create_user("admin-smg", password="x")
    Membership.objects.unscoped("test").create(
        user=admin, role=Role.REGION_ADMIN, region=world.semarang
    )
    client = Client()
    client.force_login(admin)
    page = client.post(
        "/console/semarang/sensor-kota/kunci/", {"name": "Logger Simongan", "station": "sungai"}
    )
    clear = re.search(r'<code id="new-key">([^<]+)</code>', page.content.decode())
    assert clear is not None
    row = ApiKey.objects.unscoped("test").get(name="Logger Simongan")
    assert row.digest == digest(clear.group(1)) and clear.group(1) not in row.digest
    assert (row.app_key, row.subject_kind, row.subject_id) == (
        "sensor-kota",
        "station",
        world.river.pk,
    )
    assert clear.group(1) not in client.get("/console/semarang/sensor-kota/kunci/").content.decode()
    client.post("/console/semarang/sensor-kota/kunci/", {"revoke": row.pk})
    assert world.post([], key=clear.group(1)).status_code == 401


def test_the_keys_console_is_not_for_other_regions(world: World) -> None:
    admin = User.objects.create_user("admin-kdl", password="x")
    Membership.objects.unscoped("test").create(
        user=admin, role=Role.REGION_ADMIN, region=world.kendal
    )
    client = Client()
    client.force_login(admin)
    assert client.get("/console/semarang/sensor-kota/kunci/").status_code == 403
    assert Client().get("/console/semarang/sensor-kota/kunci/").status_code == 302
