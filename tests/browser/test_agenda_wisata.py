"""Agenda & Wisata in a real browser (issue 19): a Disbudpar officer adds a weekly event and
cancels one date, and the iCalendar feed (fetched and parsed with icalendar) has the RRULE and
the EXDATE; a citizen on a phone finds this weekend's events and a destination's hours."""

from __future__ import annotations

import datetime as dt
from typing import Any

import icalendar
import pytest

from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1366, "height": 768}


def _fits(page: Any) -> None:
    width = page.viewport_size["width"]
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"{page.url} is {scroll} px wide on a {width} px screen"


def _next_wednesday() -> dt.date:
    from kotacerdas.apps.agenda_wisata.queries import today

    day = today() + dt.timedelta(days=1)
    while day.weekday() != 2:
        day += dt.timedelta(days=1)
    return day


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_officer_adds_weekly_event_cancels_a_date_and_the_feed_has_it(
    page: Any, size: dict[str, int]
) -> None:
    from kotacerdas.platform.demo import seed_demo

    seed_demo()
    page.set_default_timeout(30_000)
    page.set_viewport_size(size)
    sign_in(page, "disbudpar-semarang", "demo-disbudpar-semarang")
    page.goto(page.base + "/console/semarang/agenda-wisata/")
    page.click("a[href$='/agenda-wisata/acara/baru/']")
    first = _next_wednesday()
    page.fill("#id_title", "Senam Rabu pagi")
    page.fill("#id_title_en", "Wednesday morning exercise")
    page.select_option("#id_category", "olahraga")
    page.fill("#id_start_date", first.isoformat())
    page.fill("#id_start_time", "06:30")
    page.fill("#id_end_date", first.isoformat())
    page.fill("#id_end_time", "08:00")
    page.check("input[name='weekdays'][value='2']")
    page.fill("#id_repeat_count", "6")
    page.fill("#id_place_name", "Halaman Balai Kota")
    page.fill("#id_lat", "-6.9829")
    page.fill("#id_lng", "110.4146")
    page.check("#id_is_free")
    # A mistake first: the end before the start is named at its field, nothing is lost.
    page.fill("#id_end_time", "05:00")
    page.click("#aw-event-form button[type=submit]")
    assert page.locator("#err-end_date").is_visible()
    assert page.input_value("#id_title") == "Senam Rabu pagi"
    page.fill("#id_end_time", "08:00")
    page.click("#aw-event-form button[type=submit]")
    page.wait_for_selector("#aw-dates")
    cancelled = first + dt.timedelta(weeks=1)
    row = page.locator(f"#aw-dates tr[data-day='{cancelled.isoformat()}']")
    row.locator("button[value=cancel]").click()
    page.wait_for_selector(
        f"#aw-dates tr[data-day='{cancelled.isoformat()}'] button[value=restore]"
    )

    # The public page lists the next dates without the cancelled one.
    page.click("a[href*='/r/semarang/agenda-wisata/acara/']")
    dates = page.locator("#aw-next-dates").inner_text()
    assert str(first.day) in dates
    assert page.locator("#aw-cancelled-dates").is_visible()
    if size == PHONE:
        _fits(page)

    response = page.request.get(page.base + "/r/semarang/agenda-wisata/agenda.ics")
    assert response.ok
    cal: Any = icalendar.Calendar.from_ical(response.body())
    ve: Any = next(c for c in cal.walk("VEVENT") if str(c["SUMMARY"]) == "Senam Rabu pagi")
    assert ve["RRULE"]["FREQ"] == ["WEEKLY"] and ve["RRULE"]["BYDAY"] == ["WE"]
    assert ve["RRULE"]["COUNT"] == [6]
    exdate = ve["EXDATE"]
    days = [d.dt.date() for x in (exdate if isinstance(exdate, list) else [exdate]) for d in x.dts]
    assert days == [cancelled]
    assert ve["DTSTART"].params["TZID"] == "Asia/Jakarta"


def test_citizen_on_a_phone_finds_this_weekend_and_a_destinations_hours(page: Any) -> None:
    from kotacerdas.apps.agenda_wisata.queries import today
    from kotacerdas.platform.demo import seed_demo

    seed_demo()
    page.set_default_timeout(30_000)
    page.set_viewport_size(PHONE)
    page.goto(page.base + "/r/semarang/agenda-wisata/")
    _fits(page)
    page.click(".aw-tabs a[href$='/akhir-pekan/']")
    weekend = page.locator("#aw-weekend")
    assert "Car free day Simpang Lima" in weekend.inner_text()
    assert "Pasar Semawis" in weekend.inner_text()
    _fits(page)
    page.click(".aw-tabs a[href$='/wisata/']")
    page.wait_for_selector("#aw-map[data-outline='1']")
    assert page.locator("#aw-map").get_attribute("data-tiles") == "off"
    page.click("#aw-destinations a:has-text('Lawang Sewu')")
    hours = page.locator("#aw-hours")
    assert hours.is_visible()
    assert "08:00-20:00" in hours.locator("tr.aw-today").inner_text()
    assert hours.locator("tr").count() == 7
    assert today().weekday() in range(7)
    _fits(page)
