"""iCalendar (parsed with icalendar, expanded with recurring_ical_events), JSON-LD and Atom."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any
from xml.etree import ElementTree

import icalendar
import recurring_ical_events  # type: ignore[import-untyped]
from django.urls import reverse

from kotacerdas.apps.agenda_wisata.models import Event
from kotacerdas.apps.agenda_wisata.services.recurrence import WIB
from kotacerdas.core.tenancy import Action, Scope
from tests.apps.agenda_wisata.conftest import event_form
from tests.conftest import Demo

S = "semarang"


def _create_weekly(demo: Demo) -> Event:
    client = demo.client_for("disbudpar-semarang")
    response = client.post(
        reverse("agenda_wisata-console:event_new", args=[S]), event_form(demo.semarang)
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    event = Event.objects.scoped(Scope.region_system(demo.semarang.pk, "t")).get(
        region=demo.semarang, title="Senam pagi bersama"
    )
    return event


def _ics(demo: Demo, path: str) -> Any:
    response = demo.client_for(None).get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return icalendar.Calendar.from_ical(response.content)


def _vevent(cal: icalendar.Calendar, uid: str) -> Any:
    return next(c for c in cal.walk("VEVENT") if str(c["UID"]) == uid)


def test_weekly_event_with_a_cancelled_date_in_the_feed(demo: Demo) -> None:
    event = _create_weekly(demo)
    start = event.starts_at.astimezone(WIB)
    cancelled = start.date() + dt.timedelta(weeks=2)
    client = demo.client_for("disbudpar-semarang")
    response = client.post(
        reverse("agenda_wisata-console:event_date", args=[S, event.pk]),
        {"day": cancelled.isoformat(), "action": "cancel"},
    )
    assert response.status_code == 302
    cal = _ics(demo, reverse("agenda_wisata:ics", args=[S]))
    assert cal.walk("VTIMEZONE") and str(cal.walk("VTIMEZONE")[0]["TZID"]) == "Asia/Jakarta"
    ve = _vevent(cal, f"{event.uid}@kotacerdas")
    rule = ve["RRULE"]
    assert rule["FREQ"] == ["WEEKLY"] and rule["BYDAY"] == ["WE"]
    assert ve["DTSTART"].params["TZID"] == "Asia/Jakarta"
    exdates = [
        d.dt
        for x in ([ve["EXDATE"]] if not isinstance(ve["EXDATE"], list) else ve["EXDATE"])
        for d in x.dts
    ]
    assert [d.date() for d in exdates] == [cancelled]
    assert int(ve["SEQUENCE"]) == 1  # created 0, the cancelled date bumped it
    # A calendar app's expansion: nine Wednesdays, the cancelled one missing.
    days = [
        o["DTSTART"].dt.astimezone(WIB).date()
        for o in recurring_ical_events.of(cal).between(
            start.date(), start.date() + dt.timedelta(weeks=10)
        )
        if str(o["UID"]) == f"{event.uid}@kotacerdas"
    ]
    expected = [start.date() + dt.timedelta(weeks=i) for i in range(9)]
    expected.remove(cancelled)
    assert days == expected
    assert all(o.weekday() == 2 for o in days)
    first = next(
        o
        for o in recurring_ical_events.of(cal).at(start.date())
        if str(o["UID"]) == f"{event.uid}@kotacerdas"
    )
    assert first["DTSTART"].dt.astimezone(WIB).time() == dt.time(6, 30)


def test_category_feed_and_cancelled_status_and_stable_uid(demo: Demo) -> None:
    event = _create_weekly(demo)
    uid = f"{event.uid}@kotacerdas"
    client = demo.client_for("disbudpar-semarang")
    edit = event_form(demo.semarang, status="cancelled", title="Senam pagi bersama")
    assert (
        client.post(reverse("agenda_wisata-console:event", args=[S, event.pk]), edit).status_code
        == 302
    )
    cal = _ics(demo, reverse("agenda_wisata:ics_category", args=[S, "olahraga"]))
    ve = _vevent(cal, uid)
    assert str(ve["STATUS"]) == "CANCELLED"
    assert int(ve["SEQUENCE"]) == 1
    assert all(str(c["CATEGORIES"].cats[0]) == "olahraga" for c in cal.walk("VEVENT"))
    other = _ics(demo, reverse("agenda_wisata:ics_category", args=[S, "festival"]))
    assert uid not in {str(c["UID"]) for c in other.walk("VEVENT")}
    assert (
        demo.client_for(None)
        .get(reverse("agenda_wisata:ics_category", args=[S, "nope"]))
        .status_code
        == 404
    )


def test_demo_car_free_day_has_its_exdate(demo: Demo) -> None:
    cal = _ics(demo, reverse("agenda_wisata:ics", args=[S]))
    cfd = next(c for c in cal.walk("VEVENT") if str(c["SUMMARY"]) == "Car free day Simpang Lima")
    assert cfd["RRULE"]["BYDAY"] == ["SU"]
    assert "EXDATE" in cfd


def _jsonld(html: str) -> list[dict[str, Any]]:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(b) for b in blocks]


def test_event_page_json_ld(demo: Demo) -> None:
    event = _create_weekly(demo)
    html = (
        demo.client_for(None)
        .get(reverse("agenda_wisata:event", args=[S, event.pk]))
        .content.decode()
    )
    data = next(d for d in _jsonld(html) if d["@type"] == "Event")
    for key in (
        "name",
        "startDate",
        "endDate",
        "location",
        "eventStatus",
        "organizer",
        "offers",
        "eventSchedule",
    ):
        assert key in data, key
    assert data["@context"] == "https://schema.org"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["location"]["@type"] == "Place"
    assert data["location"]["geo"]["latitude"] == event.lat
    assert data["offers"]["priceCurrency"] == "IDR" and data["offers"]["price"] == "0"
    assert dt.datetime.fromisoformat(data["startDate"]).utcoffset() == dt.timedelta(hours=7)
    assert data["eventSchedule"]["byDay"] == ["https://schema.org/Wednesday"]


def test_postponed_and_cancelled_event_status_in_json_ld(demo: Demo) -> None:
    event = _create_weekly(demo)
    for status, expected in (("postponed", "EventPostponed"), ("cancelled", "EventCancelled")):
        Event.objects.scoped(Scope.region_system(demo.semarang.pk, "t"), Action.CHANGE).filter(
            pk=event.pk
        ).update(status=status)
        html = (
            demo.client_for(None)
            .get(reverse("agenda_wisata:event", args=[S, event.pk]))
            .content.decode()
        )
        data = next(d for d in _jsonld(html) if d["@type"] == "Event")
        assert data["eventStatus"] == f"https://schema.org/{expected}"


def test_destination_page_json_ld_tourist_attraction(demo: Demo) -> None:
    html = (
        demo.client_for(None)
        .get(reverse("agenda_wisata:destination", args=[S, "lawang-sewu"]))
        .content.decode()
    )
    data = next(d for d in _jsonld(html) if d["@type"] == "TouristAttraction")
    assert data["name"] == "Lawang Sewu"
    assert {"geo", "address", "openingHoursSpecification", "url"} <= set(data)
    spec = data["openingHoursSpecification"]
    assert len(spec) == 7 and spec[0]["dayOfWeek"] == "https://schema.org/Monday"
    assert spec[0]["opens"] == "08:00" and spec[0]["closes"] == "20:00"


def test_hostile_title_stays_text_in_page_json_ld_and_feeds(demo: Demo) -> None:
    hostile = "</script><script>alert(1)</script><img src=x onerror=alert(2)>"
    client = demo.client_for("disbudpar-semarang")
    form = event_form(demo.semarang, title=hostile, description=hostile)
    assert (
        client.post(reverse("agenda_wisata-console:event_new", args=[S]), form).status_code == 302
    )
    event = Event.objects.scoped(Scope.region_system(demo.semarang.pk, "t")).get(title=hostile)
    html = (
        demo.client_for(None)
        .get(reverse("agenda_wisata:event", args=[S, event.pk]))
        .content.decode()
    )
    assert "<script>alert(1)" not in html and "<img src=x" not in html
    assert next(d for d in _jsonld(html) if d["@type"] == "Event")["name"] == hostile
    listing = demo.client_for(None).get(reverse("agenda_wisata:index", args=[S])).content.decode()
    assert "<script>alert(1)" not in listing
    atom = demo.client_for(None).get(reverse("agenda_wisata:atom", args=[S]))
    root = ElementTree.fromstring(atom.content)  # noqa: S314 - our own feed
    titles = [e.text for e in root.iter("{http://www.w3.org/2005/Atom}title")]
    assert hostile in titles


def test_atom_feed_lists_new_events(demo: Demo) -> None:
    event = _create_weekly(demo)
    response = demo.client_for(None).get(reverse("agenda_wisata:atom", args=[S]))
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ElementTree.fromstring(response.content)  # noqa: S314 - our own feed
    ns = "{http://www.w3.org/2005/Atom}"
    ids = [e.findtext(f"{ns}id") for e in root.iter(f"{ns}entry")]
    assert f"urn:uuid:{event.uid}" in ids
