"""A region admin edits Aduan Warga's categories through the generated form (phone and desktop)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
CATEGORIES = "#cfg-categories"


def _row(page: Any, text: str) -> Any:
    return page.locator(f"{CATEGORIES} > [data-sf-rows] > [data-sf-row]").filter(
        has=page.locator(f"> legend:has-text('{text}')")
    )


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_admin_adds_and_removes_a_category_through_the_form(page: Any, viewport: str) -> None:
    from kotacerdas.platform.demo import seed_demo

    seed_demo()
    page.set_viewport_size(VIEWPORTS[viewport])
    sign_in(page, "admin-semarang", "demo-semarang")
    page.goto(page.base + "/console/semarang/apps/aduan-warga/")
    rows = page.locator(f"{CATEGORIES} > [data-sf-rows] > [data-sf-row]")
    before = rows.count()
    assert page.locator("[data-sf-extra]").count() == 0  # the script took the blank rows away

    page.click(f"{CATEGORIES} > [data-sf-add]")
    new = rows.last
    assert rows.count() == before + 1
    new.locator("input[name$='-service_code']").fill("pohon-taman")
    new.locator("input[name$='-name-id']").fill("Pohon di taman rusak")
    new.locator("input[name$='-name-en']").fill("Damaged park tree")
    new.locator("select[name$='-agency']").select_option("dlh")
    days = new.locator("input[name$='-service_standard_days']").first
    days.fill("0")  # a wrong value first
    assert "hari kerja" in days.locator("xpath=..").inner_text()
    _row(page, "PKL / bangunan liar").locator("[data-sf-remove]").click()
    assert rows.count() == before
    page.click("button[data-sf-save]")

    # The server re-renders the form (rows renumbered after the removal): find the field it
    # marked, not the id the row had before the round trip.
    page.locator(".sf-summary").wait_for()
    days = page.locator("input[name$='-service_standard_days'][aria-invalid=true]")
    assert days.count() == 1
    error = page.locator(f"#{days.get_attribute('id')}-err")
    assert "paling sedikit 1" in error.inner_text()
    days.fill("3")
    page.click("button[data-sf-save]")
    assert page.locator(".msg-success").inner_text() == "Konfigurasi disimpan."

    page.goto(page.base + "/r/semarang/aduan-warga/")
    page.click("a:has-text('Laporkan masalah')")
    body = page.locator("main").inner_text()
    assert "Pohon di taman rusak" in body and "PKL / bangunan liar" not in body
