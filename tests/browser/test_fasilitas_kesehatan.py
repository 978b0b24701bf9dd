"""Fasilitas Kesehatan in a real browser (phone 360x740): a hospital's officer updates the
beds on one screen; a citizen finds the nearest free ICU bed from their location; Dinkes
sees the stale-data alert in the situation room and the console."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 360, "height": 740}


def _fits(page: Any) -> None:
    width = page.viewport_size["width"]
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"{page.url} is {scroll} px wide on a {width} px screen"


def test_facility_officer_updates_beds_on_a_phone(page: Any) -> None:
    from kotacerdas.apps.fasilitas_kesehatan.models import Beds, Facility
    from kotacerdas.platform.demo import seed_demo

    seed_demo()
    page.set_default_timeout(30_000)
    page.set_viewport_size(PHONE)
    sign_in(page, "faskes-kariadi", "demo-faskes-kariadi")
    page.goto(page.base + "/console/semarang/fasilitas-kesehatan/")
    _fits(page)
    rows = page.locator("#fk-facilities tbody tr")
    assert rows.count() == 1 and rows.first.get_attribute("data-facility") == "rsup-kariadi"
    page.click("a[href$='/tempat-tidur/rsup-kariadi/']")
    # A mistake first: more occupied than beds. Nothing is saved and the field says why.
    page.fill("input[name='icu-total']", "36")
    page.fill("input[name='icu-occupied']", "40")
    page.fill("input[name='icu-free']", "")
    page.click("#fk-save")
    assert page.locator("input[name='icu-occupied'][aria-invalid=true]").count() == 1
    assert page.locator("#err-icu-occupied").is_visible()
    kariadi = Facility.objects.unscoped("test").get(region__slug="semarang", slug="rsup-kariadi")
    assert Beds.objects.unscoped("test").get(facility=kariadi, room_class="icu").occupied != 40
    # Then right, with the keyboard: Enter moves on, Enter on the last field saves.
    page.fill("input[name='icu-occupied']", "33")
    page.fill("input[name='icu-free']", "")
    page.fill("input[name='igd-occupied']", "12")
    page.fill("input[name='igd-free']", "")
    page.locator("input[name='kelas-3-waiting']").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/console/semarang/fasilitas-kesehatan/")
    assert page.locator(".msg, .messages, [role=status]").first.is_visible()
    icu = Beds.objects.unscoped("test").get(facility=kariadi, room_class="icu")
    assert (icu.occupied, icu.free) == (33, 3)
    # Another hospital's screen is closed to this officer.
    response = page.goto(
        page.base + "/console/semarang/fasilitas-kesehatan/tempat-tidur/rs-telogorejo/"
    )
    assert response.status == 403


def test_citizen_on_a_phone_finds_the_nearest_free_icu_bed(chromium: Any, live_server: Any) -> None:
    from kotacerdas.apps.fasilitas_kesehatan import queries
    from kotacerdas.apps.fasilitas_kesehatan.config import FasilitasKesehatanSettings
    from kotacerdas.core.models import Region
    from kotacerdas.platform.demo import seed_demo

    seed_demo()
    here = {"latitude": -6.9540, "longitude": 110.4590}  # near Kaligawe, Genuk
    context = chromium.new_context(
        locale="id-ID",
        timezone_id="Asia/Jakarta",
        viewport=PHONE,
        geolocation=here,
        permissions=["geolocation"],
    )
    context.set_default_timeout(30_000)
    page = context.new_page()
    try:
        page.goto(live_server.url + "/r/semarang/fasilitas-kesehatan/")
        _fits(page)
        page.click("a.fk-chip[data-kelas='icu']")
        page.click("#fk-locate")
        page.wait_for_url("**lat=*")
        region = Region.objects.get(slug="semarang")
        expected = queries.nearest_free(
            region, FasilitasKesehatanSettings(), "icu", here["latitude"], here["longitude"]
        )
        first = page.locator("#fk-results li.fk-hit").first
        assert first.get_attribute("data-slug") == expected[0].slug
        assert first.locator("a[href^='tel:']").count() == 1
        assert first.locator("a[href*='openstreetmap.org/directions']").count() == 1
        kms = [
            float(x)
            for x in page.locator("#fk-results .fk-km").evaluate_all(
                "els => els.map(e => e.dataset.km)"
            )
        ]
        assert kms == sorted(kms)
        _fits(page)
        first.locator(".fk-hit-head a").click()
        assert page.locator("#fk-beds tr[data-class='icu']").count() == 1
    finally:
        context.close()


def test_dinkes_sees_the_stale_data_alert(page: Any) -> None:
    from kotacerdas.platform.demo import seed_demo

    seed_demo()
    page.set_default_timeout(30_000)
    page.set_viewport_size(PHONE)
    sign_in(page, "dinkes-semarang", "demo-dinkes-semarang")
    page.goto(page.base + "/r/semarang/situation/")
    assert page.get_by_text(
        "Data tempat tidur RS Roemani Muhammadiyah belum diperbarui", exact=False
    ).first.is_visible()
    page.goto(page.base + "/console/semarang/fasilitas-kesehatan/")
    stale = page.locator("#fk-facilities tr[data-facility='rs-roemani'] .fk-stale")
    assert stale.count() == 1
