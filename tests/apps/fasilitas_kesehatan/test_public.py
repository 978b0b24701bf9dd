"""The public finder and facility page; the contract hooks (KPIs, layer, datasets); the
stale-data and occupancy alerts."""

from __future__ import annotations

import datetime as dt

from django.test import Client
from django.utils import timezone

from kotacerdas.apps.fasilitas_kesehatan import contract, queries
from kotacerdas.apps.fasilitas_kesehatan.models import Beds, Facility
from kotacerdas.apps.fasilitas_kesehatan.services.alerts import check_stale, evaluate_occupancy
from kotacerdas.apps.fasilitas_kesehatan.services.beds import update_beds
from kotacerdas.core.models import AlertRecord
from tests.apps.fasilitas_kesehatan.conftest import KEY, context_for, facility
from tests.conftest import Demo

URL = "/r/semarang/fasilitas-kesehatan/"


def test_finder_lists_nearest_free_icu_with_phone_and_route(demo: Demo) -> None:
    r = Client().get(URL, {"kelas": "icu", "lat": "-6.9935", "lon": "110.4075"})
    assert r.status_code == 200
    html = r.content.decode()
    hits = queries.nearest_free(
        demo.semarang, context_for(demo.semarang).config, "icu", -6.9935, 110.4075
    )
    assert hits and hits == sorted(hits, key=lambda h: h.km)
    assert all(h.free > 0 for h in hits)
    first = hits[0]
    assert first.name in html and f"tel:{first.phone}" in html
    assert "https://www.openstreetmap.org/directions?" in html


def test_finder_skips_full_facilities(demo: Demo) -> None:
    ctx = context_for(demo.semarang, "admin-semarang")
    f = facility(demo.semarang, "rsup-kariadi")
    update_beds(ctx, None, f, {"icu": {"total": 36, "occupied": 36}})
    hits = queries.nearest_free(demo.semarang, ctx.config, "icu", f.lat, f.lng)
    assert "rsup-kariadi" not in {h.slug for h in hits}


def test_finder_by_kecamatan_and_bad_input(demo: Demo) -> None:
    c = Client()
    r = c.get(URL, {"kelas": "igd", "tempat": "Genuk"})
    assert r.status_code == 200 and "Kecamatan Genuk" in r.content.decode()
    for params in (
        {"kelas": "<script>"},
        {"lat": "abc", "lon": "1"},
        {"tempat": "<b>x</b>" * 20},
        {"lat": "1e400", "lon": "0"},
    ):
        r = c.get(URL, params)
        assert r.status_code == 200
        assert "<b>x</b>" not in r.content.decode()
        assert 'value="<script>' not in r.content.decode()


def test_facility_page_shows_classes_and_stale(demo: Demo) -> None:
    r = Client().get(URL + "faskes/rs-roemani/")
    html = r.content.decode()
    assert r.status_code == 200 and 'id="fk-stale"' in html and 'data-class="icu"' in html
    assert Client().get(URL + "faskes/nope/").status_code == 404


def test_stale_alert_raised_once_per_facility_and_cleared_by_update(demo: Demo) -> None:
    ctx = context_for(demo.semarang)
    f = facility(demo.semarang, "rs-roemani")
    alerts = AlertRecord.objects.unscoped("t").filter(
        app_key=KEY, condition=f"stale-{f.pk}", state__in=["active", "acknowledged"]
    )
    check_stale(demo.semarang, ctx.config)
    check_stale(demo.semarang, ctx.config)
    assert alerts.count() == 1
    update_beds(
        context_for(demo.semarang, "dinkes-semarang"), None, f, {"icu": {"total": 8, "occupied": 4}}
    )
    assert alerts.count() == 0
    Facility.objects.unscoped("t").filter(pk=f.pk).update(
        beds_updated_at=timezone.now() - dt.timedelta(hours=7)
    )
    check_stale(demo.semarang, ctx.config)
    assert alerts.count() == 1


def test_region_icu_occupancy_alert(demo: Demo) -> None:
    ctx = context_for(demo.semarang)
    open_ = AlertRecord.objects.unscoped("t").filter(
        app_key=KEY, condition="occupancy-icu", state__in=["active", "acknowledged"]
    )
    Beds.objects.unscoped("t").filter(region=demo.semarang, room_class="icu").update(
        occupied=1, free=0, total=1
    )
    evaluate_occupancy(demo.semarang, ctx.config)
    assert open_.count() == 1
    Beds.objects.unscoped("t").filter(region=demo.semarang, room_class="icu").update(
        occupied=0, free=1, total=1
    )
    evaluate_occupancy(demo.semarang, ctx.config)
    assert open_.count() == 0


def test_kpis_layer_and_datasets(demo: Demo) -> None:
    ctx = context_for(demo.semarang)
    kpis = {k.key: k for k in contract.kpis(ctx)}
    assert {"occupancy_icu", "facilities_reporting_today", "free_icu_beds"} <= set(kpis)
    assert kpis["free_icu_beds"].value == queries.free_icu_now(demo.semarang)
    assert kpis["occupancy_icu"].previous is not None
    layer = contract.map_layers(ctx)[0]
    states = {f["properties"]["status"] for f in layer.geojson["features"]}
    assert "stale" in states and "none" in states
    sets = {d.name: d for d in contract.datasets(ctx)}
    daily = sets["ketersediaan-tempat-tidur-harian"]
    assert daily.opd == "dinkes" and daily.frequency == "harian"
    rows = list(daily.tables[0].rows())
    assert rows and len(rows[0]) == len(daily.tables[0].columns)
    reg = sets["daftar-fasilitas-kesehatan"].tables[0]
    assert (
        len(list(reg.rows())) == Facility.objects.unscoped("t").filter(region=demo.semarang).count()
    )
