"""Harga Pangan in a real browser: a market officer enters a day of prices with the keyboard,
changes the market day once and keeps what was typed, sees the above-HET flag, and the public
pages fit a phone; on a phone in Indonesian and on a desktop in English (issue 15)."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

import pytest
from django.utils import translation

from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EGGS = "telur-ayam-ras:segar"
RICE = "beras:bawah-1"  # the first field of the form
OIL = "minyak-goreng:curah"
VIEWPORTS = {
    # name: (size, language of the UI)
    "phone": ({"width": 360, "height": 740}, "id"),
    "desktop": ({"width": 1366, "height": 768}, "en"),
}
MONTHS = {
    "id": "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember",
    "en": "January February March April May June July August September October November December",
}


def _tr(language: str, text: str) -> str:
    with translation.override(language):
        return translation.gettext(text)


def _fits(page: Any) -> None:
    """No sideways scrolling at this viewport."""
    width = page.viewport_size["width"]
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"{page.url} is {scroll} px wide on a {width} px screen"


def _field(page: Any, item: str) -> Any:
    return page.locator(f"input[name='price-{item}']")


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_officer_changes_the_day_keeps_typed_prices_and_sees_the_het_flag(
    page: Any, viewport: str
) -> None:
    from kotacerdas.apps.harga_pangan.services.values import today
    from kotacerdas.platform.demo import seed_demo

    size, lang = VIEWPORTS[viewport]
    seed_demo()
    page.set_default_timeout(30_000)  # eight helpers share two cores; no timing is asserted
    page.set_viewport_size(size)
    sign_in(page, "disdag-semarang", "demo-disdag-semarang")
    page.context.add_cookies([{"name": "django_language", "value": lang, "url": page.base}])
    page.goto(page.base + "/console/semarang/harga-pangan/")
    _fits(page)
    # Pasar Jatingaleh has not reported today in the demo.
    page.click("a[href$='/entri/pasar-jatingaleh/']")
    _fits(page)
    rice = _field(page, RICE)
    # On arrival the first price (none is empty: all pre-filled) has the focus, selected.
    assert rice.evaluate("el => el === document.activeElement")
    assert rice.evaluate("el => el.selectionStart === 0 && el.selectionEnd === el.value.length")
    page.keyboard.type("13500")  # the issue: this gave "Rp 13.50013150" after a retype
    page.keyboard.press("Enter")
    assert rice.input_value() == "13.500"  # grouped once the officer moves on
    assert rice.evaluate("el => el !== document.activeElement")
    page.keyboard.press("ArrowUp")
    assert rice.evaluate("el => el === document.activeElement")
    page.keyboard.press("Control+A")
    page.keyboard.type("13150")
    assert rice.input_value() == "13150"  # replaced cleanly, no old digits left
    page.keyboard.press("Enter")
    assert rice.input_value() == "13.150"

    # Cooking oil: below its HET no badge; 14.8 % above it the badge shows as it is typed.
    oil = _field(page, OIL)
    het = int(oil.get_attribute("data-reference") or 0)
    assert het > 0
    badge = page.locator(f"tr[data-item='{OIL}'] .hp-flags [data-hp-above]")
    oil.click()
    page.keyboard.type(str(het - 200))
    assert not badge.is_visible()
    above = round(het * 1.148 / 50) * 50
    page.keyboard.press("Control+A")
    page.keyboard.type(str(above))
    assert badge.is_visible()
    assert badge.inner_text() == _tr(lang, "above %(kind)s") % {"kind": "HET"}

    # The market day changes once: the form reloads for yesterday with what was typed.
    yesterday = today() - dt.timedelta(days=1)
    with page.expect_navigation():
        page.fill("#hp-day", yesterday.isoformat())
    assert f"day={yesterday.isoformat()}" in page.url
    assert page.locator("#hp-carried").is_visible()
    assert _field(page, RICE).input_value() == "13.150"
    assert _field(page, OIL).input_value() == f"{above:,}".replace(",", ".")
    assert page.locator(f"tr[data-item='{OIL}'] .hp-flags [data-hp-above]").is_visible()
    assert page.locator("#hp-day").input_value() == yesterday.isoformat()
    _fits(page)

    page.click("#hp-save")
    page.wait_for_url("**/console/semarang/harga-pangan/")
    assert page.locator(".msg-success").count() == 1
    warning = page.locator(".msg-warning").inner_text()
    heading = _tr(lang, "Above the government reference price (HET/HAP): %(items)s.")
    assert warning.startswith(heading.split("%")[0])
    oil_name = "Cooking oil — Bulk" if lang == "en" else "Minyak goreng — Curah"
    assert f"{oil_name} (HET)" in warning  # the configured name, in the page's language
    _fits(page)

    # The public pages: the oil row says "above HET", not "normal", and every column of it is
    # on the screen (a card per row on the phone).
    for path in ("", "pasar/pasar-johar/", f"komoditas/{OIL}/"):
        page.goto(page.base + "/r/semarang/harga-pangan/" + path)
        _fits(page)
    page.goto(page.base + "/r/semarang/harga-pangan/")
    row = page.locator(f"tr[data-item='{OIL}']")
    assert row.get_attribute("data-above-reference") == "HET"
    status = row.locator("td.hp-status")
    assert status.locator("[data-hp-above]").is_visible()
    assert _tr(lang, "normal") not in status.inner_text()
    box = status.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= size["width"]
    assert oil_name in row.inner_text()


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_price_chart_speaks_the_page_language_in_wib(
    chromium: Any, live_server: Any, viewport: str
) -> None:
    """Days on the chart are WIB days in the page's language, even where the browser's own
    clock is far from Jakarta, and the legend names the series, never a key."""
    from kotacerdas.apps.harga_pangan.services.values import today
    from kotacerdas.platform.demo import seed_demo

    size, lang = VIEWPORTS[viewport]
    seed_demo()
    context = chromium.new_context(
        locale="en-US", timezone_id="America/Los_Angeles", viewport=size
    )  # 15 hours behind WIB: noon in Jakarta is the evening before
    context.set_default_timeout(30_000)
    try:
        page = context.new_page()
        context.add_cookies([{"name": "django_language", "value": lang, "url": live_server.url}])
        page.goto(live_server.url + f"/r/semarang/harga-pangan/komoditas/{OIL}/")
        _fits(page)
        page.wait_for_selector("#hp-chart .u-over")
        labels = page.locator("#hp-chart .u-legend .u-label").all_inner_texts()
        expected = [_tr(lang, w) for w in ("Date", "Average", "Lowest market", "Highest market")]
        assert labels == [*expected, _tr(lang, "Reference price (%(kind)s)") % {"kind": "HET"}]
        assert not any(":" in text or "minyak" in text for text in labels)  # never a key
        # The region's brand band above can push the chart below a phone's first screen.
        page.locator("#hp-chart .u-over").scroll_into_view_if_needed()
        over = page.locator("#hp-chart .u-over").bounding_box()
        assert over is not None
        page.mouse.move(over["x"] + over["width"] - 1, over["y"] + over["height"] / 2)
        shown = page.locator("#hp-chart .u-legend .u-series").first.locator(".u-value")
        day = today()
        month = MONTHS[lang].split()[day.month - 1]
        assert shown.inner_text() == f"{day.day} {month} {day.year}"  # today in WIB, not LA
    finally:
        context.close()


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
            eggs_yesterday = int(field.input_value().replace(".", ""))
            page.keyboard.type(str(eggs_yesterday * 3))  # the prefilled value is selected
        page.keyboard.press("Enter")  # next field; on the last one, save
    page.wait_for_url("**/console/semarang/harga-pangan/")
    elapsed = time.monotonic() - started
    assert page.locator(".msg-success").count() == 1
    print(f"officer entered {count} prices in {elapsed:.1f} s")

    page.goto(page.base + "/r/semarang/harga-pangan/")
    row = page.locator(f"tr[data-item='{EGGS}']")
    assert "spike" in (row.get_attribute("class") or "")
    assert row.locator(".hp-tier").first.inner_text().startswith("Kritis")
    assert page.locator("td.hp-status-missing").count() == 0  # every market reported now
