"""Recurrence, this weekend, console forms with field-named errors, bad input, tenancy."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from kotacerdas.apps.agenda_wisata import queries
from kotacerdas.apps.agenda_wisata.models import Business, Event
from kotacerdas.apps.agenda_wisata.services import Invalid
from kotacerdas.apps.agenda_wisata.services.events import cancel_date
from kotacerdas.apps.agenda_wisata.services.photos import clean_photo
from kotacerdas.apps.agenda_wisata.services.places import normalise_whatsapp
from kotacerdas.apps.agenda_wisata.services.recurrence import WIB, occurrences, weekend
from kotacerdas.core.tenancy import Scope
from tests.apps.agenda_wisata.conftest import ctx_for, event_form, jpeg, next_weekday
from tests.conftest import Demo

S = "semarang"
NEW = "agenda_wisata-console:event_new"


def _rows(demo: Demo) -> Any:
    return Event.objects.scoped(Scope.region_system(demo.semarang.pk, "t")).filter(
        region=demo.semarang
    )


def _event(**kw: object) -> Event:
    base = dict(
        title="x",
        starts_at=dt.datetime(2026, 12, 6, 6, 0, tzinfo=WIB),
        ends_at=dt.datetime(2026, 12, 6, 9, 0, tzinfo=WIB),
        weekdays=[6],
        cancelled_dates=[],
    )
    base.update(kw)
    return Event(**base)


def test_weekly_until_count_and_exceptions() -> None:
    e = _event(repeat_until=dt.date(2026, 12, 27), cancelled_dates=["2026-12-20"])
    days = [o.day for o in occurrences(e, dt.date(2026, 12, 1), dt.date(2027, 1, 31))]
    assert days == [dt.date(2026, 12, 6), dt.date(2026, 12, 13), dt.date(2026, 12, 27)]
    # COUNT counts the cancelled date too (RFC 5545: EXDATE applies after the rule).
    e = _event(repeat_count=3, cancelled_dates=["2026-12-13"])
    assert [o.day for o in occurrences(e, dt.date(2026, 12, 1), dt.date(2027, 3, 1))] == [
        dt.date(2026, 12, 6),
        dt.date(2026, 12, 20),
    ]


def test_multi_day_event_overlaps_the_range() -> None:
    e = _event(weekdays=[], ends_at=dt.datetime(2026, 12, 9, 22, 0, tzinfo=WIB))
    assert len(occurrences(e, dt.date(2026, 12, 8), dt.date(2026, 12, 8))) == 1
    assert occurrences(e, dt.date(2026, 12, 10), dt.date(2026, 12, 31)) == []


def test_weekend_in_wib() -> None:
    assert weekend(dt.date(2026, 12, 2)) == (dt.date(2026, 12, 5), dt.date(2026, 12, 6))
    assert weekend(dt.date(2026, 12, 5)) == (dt.date(2026, 12, 5), dt.date(2026, 12, 6))
    assert weekend(dt.date(2026, 12, 6)) == (dt.date(2026, 12, 5), dt.date(2026, 12, 6))


def test_this_weekend_page_shows_the_weekly_car_free_day(demo: Demo) -> None:
    html = demo.client_for(None).get(reverse("agenda_wisata:weekend", args=[S])).content.decode()
    assert "Car free day Simpang Lima" in html
    _saturday, sunday = weekend(queries.today())
    assert f'data-day="{sunday.isoformat()}"' in html


def test_cancelled_date_leaves_the_pages(demo: Demo) -> None:
    ctx = ctx_for(demo.semarang)
    cfd = _rows(demo).get(title="Car free day Simpang Lima")
    cancelled = dt.date.fromisoformat(cfd.cancelled_dates[0])
    days = [o.day for o in queries.between(ctx, cancelled, cancelled) if o.event.pk == cfd.pk]
    assert days == []
    nxt = cancelled + dt.timedelta(days=7)
    assert [o.day for o in queries.between(ctx, nxt, nxt) if o.event.pk == cfd.pk] == [nxt]


def test_cancel_date_refuses_dates_the_event_does_not_have(demo: Demo) -> None:
    ctx = ctx_for(demo.semarang)
    cfd = _rows(demo).get(title="Car free day Simpang Lima")
    monday = next_weekday(0)
    with pytest.raises(Invalid) as err:
        cancel_date(ctx, cfd, monday)
    assert err.value.field == "day"
    with pytest.raises(Invalid):
        cancel_date(ctx, cfd, dt.date.fromisoformat(cfd.cancelled_dates[0]))


def test_edit_bumps_sequence_and_keeps_uid(demo: Demo) -> None:
    client = demo.client_for("disbudpar-semarang")
    assert client.post(reverse(NEW, args=[S]), event_form(demo.semarang)).status_code == 302
    event = _rows(demo).get(title="Senam pagi bersama")
    uid = event.uid
    url = reverse("agenda_wisata-console:event", args=[S, event.pk])
    assert (
        client.post(url, event_form(demo.semarang, place_name="Taman Indonesia Kaya")).status_code
        == 302
    )
    event.refresh_from_db()
    assert (event.uid, event.sequence, event.place_name) == (uid, 1, "Taman Indonesia Kaya")


@pytest.mark.parametrize(
    ("over", "field"),
    [
        ({"end_date": "2020-01-01"}, "end_date"),
        ({"lat": "-7.6", "lng": "110.9"}, "lat"),  # outside Semarang
        ({"lat": "abc"}, "lat"),
        ({"price": "99999999999", "is_free": None}, "price"),
        ({"is_free": None, "price": ""}, "price"),
        ({"title": "a" * 5000}, "title"),
        ({"category": "tidak-ada"}, "category"),
        ({"repeat_count": "3"}, "repeat_count"),  # with an until as well
        ({"start_date": "9999-99-99"}, "start_date"),
        ({"weekdays": ["9"]}, "weekdays"),
        (
            {
                "start_date": "1900-01-01",
                "end_date": "1900-01-01",
                "weekdays": [],
                "repeat_until": "",
            },
            "start_date",
        ),
    ],
)
def test_bad_event_input_names_the_field_and_writes_nothing(
    demo: Demo, over: dict[str, Any], field: str
) -> None:
    before = _rows(demo).count()
    client = demo.client_for("disbudpar-semarang")
    response = client.post(reverse(NEW, args=[S]), event_form(demo.semarang, **over))
    assert response.status_code == 400
    html = response.content.decode()
    assert f'id="err-{field}"' in html, html[html.find("field-error") - 300 :][:800]
    assert _rows(demo).count() == before


def test_control_characters_are_refused(demo: Demo) -> None:
    client = demo.client_for("disbudpar-semarang")
    response = client.post(reverse(NEW, args=[S]), event_form(demo.semarang, title="bad\x01title"))
    assert response.status_code == 400
    assert not _rows(demo).filter(title__startswith="bad").exists()


def test_broken_image_is_refused_with_a_message(demo: Demo) -> None:
    client = demo.client_for("disbudpar-semarang")
    form = event_form(demo.semarang)
    form["photo"] = SimpleUploadedFile("x.jpg", b"\xff\xd8\xff not really a jpeg", "image/jpeg")
    response = client.post(reverse(NEW, args=[S]), form)
    assert response.status_code == 400
    assert 'id="err-photo"' in response.content.decode()
    assert not _rows(demo).filter(title="Senam pagi bersama").exists()


def test_photo_is_reencoded_without_exif_and_served(
    demo: Demo, tmp_path: Path, settings: object
) -> None:
    settings.MEDIA_ROOT = str(tmp_path)  # type: ignore[attr-defined]
    raw = jpeg(64, 48, exif=True)
    assert b"SecretCam" in raw
    clean = clean_photo(io.BytesIO(raw), len(raw))
    assert b"SecretCam" not in clean.image
    assert not Image.open(io.BytesIO(clean.image)).getexif()
    client = demo.client_for("disbudpar-semarang")
    form = event_form(demo.semarang)
    form["photo"] = SimpleUploadedFile("x.jpg", raw, "image/jpeg")
    assert client.post(reverse(NEW, args=[S]), form).status_code == 302
    event = _rows(demo).get(title="Senam pagi bersama")
    response = demo.client_for(None).get(
        reverse("agenda_wisata:photo", args=[S, "acara", event.pk, "thumb"])
    )
    assert response.status_code == 200
    assert b"SecretCam" not in b"".join(response.streaming_content)  # type: ignore[attr-defined]
    # Not under another region's address.
    assert (
        demo.client_for(None)
        .get(reverse("agenda_wisata:photo", args=["kendal", "acara", event.pk, "full"]))
        .status_code
        == 404
    )


def test_decompression_bomb_is_refused() -> None:
    img = Image.new("1", (10000, 6000))
    out = io.BytesIO()
    img.save(out, "PNG")
    with pytest.raises(Invalid):
        clean_photo(io.BytesIO(out.getvalue()), len(out.getvalue()))


def test_public_filters_and_bad_dates(demo: Demo) -> None:
    client = demo.client_for(None)
    url = reverse("agenda_wisata:index", args=[S])
    html = client.get(url, {"kategori": "car-free-day"}).content.decode()
    assert "Car free day Simpang Lima" in html and "Pasar Semawis" not in html
    assert client.get(url, {"dari": "kemarin"}).status_code == 400
    assert client.get(url, {"dari": "2026-12-10", "sampai": "2026-01-01"}).status_code == 400
    assert client.get(url, {"dari": "2026-01-01", "sampai": "2099-01-01"}).status_code == 400
    assert client.get(url, {"kategori": "<script>"}).status_code == 400
    month = reverse("agenda_wisata:month", args=[S])
    assert client.get(month, {"bulan": "2026-13"}).status_code == 400
    assert client.get(month, {"bulan": "2027-05"}).status_code == 200
    assert "Semarang Night Carnival" in client.get(month, {"bulan": "2027-05"}).content.decode()


def test_whatsapp_numbers_and_public_consent(demo: Demo) -> None:
    assert normalise_whatsapp("0812-3456-7890") == "6281234567890"
    assert normalise_whatsapp("+62 812 3456 7890") == "6281234567890"
    with pytest.raises(Invalid):
        normalise_whatsapp("021 123")
    client = demo.client_for("disbudpar-semarang")
    agency = demo.semarang.agencies.model.objects.scoped(
        Scope.region_system(demo.semarang.pk, "t")
    ).get(region=demo.semarang, slug="disbudpar")
    form = {
        "name": "Wingko Babat Contoh",
        "category": "oleh-oleh",
        "whatsapp": "081234567890",
        "agency": str(agency.pk),
    }
    response = client.post(reverse("agenda_wisata-console:business_new", args=[S]), form)
    assert response.status_code == 400 and 'id="err-contact_public"' in response.content.decode()
    form["contact_public"] = "on"
    assert (
        client.post(reverse("agenda_wisata-console:business_new", args=[S]), form).status_code
        == 302
    )
    row = Business.objects.scoped(Scope.public()).get(
        region=demo.semarang, name="Wingko Babat Contoh"
    )
    page = (
        demo.client_for(None)
        .get(reverse("agenda_wisata:business", args=[S, row.slug]))
        .content.decode()
    )
    assert 'href="https://wa.me/6281234567890"' in page


def test_media_root_is_not_escaped(demo: Demo) -> None:
    assert Path(settings.MEDIA_ROOT)
    client = demo.client_for(None)
    assert client.get(f"/r/{S}/agenda-wisata/foto/acara/999999/full.jpg").status_code == 404
    assert client.get(f"/r/{S}/agenda-wisata/foto/nope/1/full.jpg").status_code == 404


def test_a_long_list_is_capped_with_a_note(demo: Demo) -> None:
    from kotacerdas.core.models import Agency
    from kotacerdas.core.tenancy import Action

    scope = Scope.region_system(demo.semarang.pk, "t")
    agency = Agency.objects.scoped(scope).get(region=demo.semarang, slug="disbudpar")
    start = dt.datetime.combine(queries.today(), dt.time(7), WIB)
    for i in range(5):  # five daily events: about 300 occurrences in 60 days
        Event.objects.scoped(scope, Action.CHANGE).create(
            region=demo.semarang,
            title=f"Harian {i}",
            category="budaya",
            starts_at=start,
            ends_at=start + dt.timedelta(hours=1),
            weekdays=list(range(7)),
            place_name="Simpang Lima",
            lat=-6.99,
            lng=110.42,
            organiser=agency,
        )
    html = demo.client_for(None).get(reverse("agenda_wisata:index", args=[S])).content.decode()
    assert html.count('class="aw-card') == 200
    assert 'role="status"' in html
