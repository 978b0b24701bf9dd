"""KPIs, map layers, datasets (new format, no personal data), CSV import, the demo."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kotacerdas.apps.agenda_wisata.models import Destination, VisitorCount
from kotacerdas.apps.agenda_wisata.services.places import import_visitors
from kotacerdas.contract.datasets import Dataset
from kotacerdas.core.tenancy import Scope
from tests.apps.agenda_wisata.conftest import app, ctx_for
from tests.conftest import Demo

S = "semarang"


def test_kpis_carry_previous_values(demo: Demo) -> None:
    kpis = {k.key: k for k in app().kpis(ctx_for(demo.semarang))}
    assert set(kpis) == {"events_this_week", "visitors_month", "destinations", "products"}
    assert kpis["destinations"].value == 5
    assert kpis["products"].value == 4
    visitors = kpis["visitors_month"]
    assert visitors.value and visitors.previous  # the demo has two years of counts
    assert visitors.value > visitors.previous
    assert kpis["events_this_week"].value >= 1  # the Sunday car-free day at least
    assert kpis["events_this_week"].previous is not None
    # Kendal's KPIs are Kendal's.
    assert {k.key: k for k in app().kpis(ctx_for(demo.kendal))}["destinations"].value == 2


def test_map_layers_are_points_inside_the_region(demo: Demo) -> None:
    layers = {layer.key: layer for layer in app().map_layers(ctx_for(demo.semarang))}
    assert set(layers) == {"events", "destinations"}
    west, south, east, north = demo.semarang.bbox
    for layer in layers.values():
        for f in layer.geojson["features"]:
            lng, lat = f["geometry"]["coordinates"]
            assert west <= lng <= east and south <= lat <= north
    assert len(layers["destinations"].geojson["features"]) == 5


def test_datasets_new_format_without_personal_data(demo: Demo) -> None:
    sets = app().datasets(ctx_for(demo.semarang))
    assert {d.name for d in sets} == {"agenda-acara", "destinasi-wisata", "produk-unggulan"}
    for d in sets:
        assert isinstance(d, Dataset) and d.opd == "disbudpar" and d.tables
        for table in d.tables:
            rows = list(table.rows())
            assert rows, table.name
            assert all(len(r) == len(table.columns) for r in rows)
            text = repr(rows)
            assert "wa.me" not in text and "62812" not in text  # no phone numbers
    visits = next(t for d in sets for t in d.tables if t.name == "kunjungan")
    assert len(list(visits.rows())) == 5 * 25


def test_csv_import_all_or_nothing_with_a_row_report(demo: Demo) -> None:
    ctx = ctx_for(demo.semarang)
    scope = Scope.region_system(demo.semarang.pk, "t")
    before = VisitorCount.objects.scoped(scope).filter(region=demo.semarang).count()
    bad = (
        b"destinasi,bulan,pengunjung\n"
        b"lawang-sewu,2030-01,1000\n"
        b"Sam Poo Kong,2030-01,2.500\n"
        b"tidak-ada,2030-01,5\n"
        b"lawang-sewu,2030-13,5\n"
        b"lawang-sewu,2030-02,-3\n"
        b"lawang-sewu,2030-03,99999999999\n"
        b"lawang-sewu,2030-01,7\n"
    )
    report = import_visitors(ctx, bad)
    assert [n for n, _m in report.errors] == [4, 5, 6, 7, 8]
    assert VisitorCount.objects.scoped(scope).filter(region=demo.semarang).count() == before
    good = b"destinasi;bulan;pengunjung\nlawang-sewu;2030-01;1000\nSam Poo Kong;2030-01;2.500\n"
    report = import_visitors(ctx, good)
    assert report.errors == [] and report.saved == 2
    place = Destination.objects.scoped(scope).get(region=demo.semarang, slug="sam-poo-kong")
    assert (
        VisitorCount.objects.scoped(scope)
        .get(destination=place, month=dt.date(2030, 1, 1))
        .visitors
        == 2500
    )


def test_broken_csv_files_get_a_message(demo: Demo) -> None:
    ctx = ctx_for(demo.semarang)
    for data in (
        b"\xff\xfe\x00\x00garbage",
        b"",
        b"a,b,c\n1,2,3\n",
        b"\x00" * 100,
        b"x" * (3 * 1024 * 1024),
    ):
        report = import_visitors(ctx, data)
        assert report.errors and report.saved == 0
    client = demo.client_for("disbudpar-semarang")
    response = client.post(
        reverse("agenda_wisata-console:visitors", args=[S]),
        {
            "action": "import",
            "file": SimpleUploadedFile("v.csv", b"destinasi,bulan\nx,y\n", "text/csv"),
        },
    )
    assert response.status_code == 400
    assert "aw-import-errors" in response.content.decode()


def test_visitor_form_saves_one_month(demo: Demo) -> None:
    scope = Scope.region_system(demo.semarang.pk, "t")
    place = Destination.objects.scoped(scope).get(region=demo.semarang, slug="kota-lama")
    client = demo.client_for("disbudpar-semarang")
    url = reverse("agenda_wisata-console:visitors", args=[S])
    r = client.post(
        url, {"action": "one", "destination": place.pk, "month": "2031-04", "visitors": "12345"}
    )
    assert r.status_code == 302
    assert (
        VisitorCount.objects.scoped(scope)
        .get(destination=place, month=dt.date(2031, 4, 1))
        .visitors
        == 12345
    )
    r = client.post(
        url, {"action": "one", "destination": place.pk, "month": "April", "visitors": "1"}
    )
    assert r.status_code == 400 and 'id="err-month"' in r.content.decode()


def test_demo_is_idempotent(demo: Demo) -> None:
    scope = Scope.region_system(demo.semarang.pk, "t")
    counts = VisitorCount.objects.scoped(scope).filter(region=demo.semarang).count()
    app().seed_demo([demo.semarang, demo.kendal])
    assert VisitorCount.objects.scoped(scope).filter(region=demo.semarang).count() == counts


def test_public_pages_hook_lists_detail_pages(demo: Demo) -> None:
    paths = app().public_pages(ctx_for(demo.semarang))
    assert "/r/semarang/agenda-wisata/wisata/lawang-sewu/" in paths
    assert demo.client_for(None).get(paths[0]).status_code == 200


def test_indicator_feeds_name_existing_kpis(demo: Demo) -> None:
    kpis = {k.key: k for k in app().kpis(ctx_for(demo.semarang))}
    for feed in app().indicator_feeds():
        assert feed.kpi in kpis
        score = feed.score(kpis[feed.kpi])
        assert score is not None and 0 <= score <= 100
