"""A market officer enters a day of prices with the keyboard; the public page shows the spike."""

from __future__ import annotations

import time
from typing import Any

import pytest

from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EGGS = "telur-ayam-ras:segar"


def test_officer_enters_a_market_day_and_the_public_page_shows_the_spike(page: Any) -> None:
    from kotacerdas.platform.demo import seed_demo

    seed_demo()
    sign_in(page, "disdag-semarang", "demo-disdag-semarang")
    page.goto(page.base + "/console/semarang/harga-pangan/")
    # Pasar Jatingaleh has not reported today in the demo.
    page.click("a:has-text('Masukkan harga hari ini')")
    started = time.monotonic()
    fields = page.locator("input[data-hp-price]")
    count = fields.count()
    assert count > 20
    first = fields.nth(0)
    assert first.evaluate("el => el === document.activeElement")  # ready to type
    for i in range(count):
        field = fields.nth(i)
        if field.get_attribute("name") == f"price-{EGGS}":
            eggs_yesterday = int(field.input_value())
            page.keyboard.type(str(eggs_yesterday * 3))  # the prefilled value is selected
        page.keyboard.press("Enter")  # next field; on the last one, save
    page.wait_for_url("**/console/semarang/harga-pangan/")
    elapsed = time.monotonic() - started
    assert page.locator(".msg-success").count() == 1
    print(f"officer entered {count} prices in {elapsed:.1f} s")

    page.goto(page.base + "/r/semarang/harga-pangan/")
    row = page.locator(f"tr[data-item='{EGGS}']")
    assert "spike" in (row.get_attribute("class") or "")
    assert row.locator(".hp-tier").inner_text().startswith("Kritis")
    assert page.locator("td.hp-status-missing").count() == 0  # every market reported now
