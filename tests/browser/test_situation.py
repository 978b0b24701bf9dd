"""The situation room in a real browser: an alert arrives live, an operator acknowledges it."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def push_flood_reading(page: Any) -> str:
    """A water level over the Awas threshold, through sensor-kota's ingestion endpoint when
    that app is installed; otherwise the alert is raised through the core directly."""
    from kotacerdas.contract import get_app

    if get_app("sensor-kota") is None:
        from kotacerdas.core.alerts import raise_alert
        from kotacerdas.core.models import Region

        semarang = Region.objects.get(slug="semarang")
        raise_alert(semarang, "test", "flood", "critical", "Banjir Kanal Timur: Awas")
        return "Banjir Kanal Timur"
    reading = {
        "sensor": "awlr-bkt-water-level",
        "ts": dt.datetime.now(dt.UTC).isoformat(),
        "value": 260,  # cm; Awas is 220 for this gauge in the demo
    }
    response = page.request.post(
        page.base + "/api/apps/sensor-kota/ingest",
        data=json.dumps([reading]),
        headers={"X-Api-Key": "demo-sensor-key", "Content-Type": "application/json"},
    )
    assert response.status == 200, response.text()
    return "Banjir Kanal Timur"


def test_flood_alert_arrives_live_and_is_acknowledged(page: Any) -> None:
    from kotacerdas.platform.demo import seed_demo

    seed_demo()
    sign_in(page, "admin-semarang", "demo-semarang")
    page.goto(page.base + "/r/semarang/situation/")
    page.wait_for_selector("#room-live.is-live")
    assert page.locator("h1").inner_text() == "Kota Semarang"
    before = int(page.locator("#tile-alerts-active .tile-value").inner_text())
    page.evaluate("window.__sameDocument = true")  # gone if the page reloads

    where = push_flood_reading(page)
    item = page.locator(".alert-item[data-state=active]", has_text=where).first
    item.wait_for()
    page.wait_for_function(
        "n => Number(document.querySelector('#tile-alerts-active .tile-value').textContent) > n",
        arg=before,
    )
    assert page.evaluate("window.__sameDocument") is True
    raised = int(page.locator("#tile-alerts-active .tile-value").inner_text())

    item.locator("button", has_text="Tandai sudah dilihat").click()
    acknowledged = page.locator(".alert-item[data-state=acknowledged]", has_text=where).first
    acknowledged.wait_for()
    # The tile follows: one active alert fewer, without a reload.
    page.wait_for_function(
        "n => Number(document.querySelector('#tile-alerts-active .tile-value').textContent) === n",
        arg=raised - 1,
    )
    assert int(page.locator("#tile-alerts-acknowledged .tile-value").inner_text()) >= 1
    assert page.evaluate("window.__sameDocument") is True
    page.goto("about:blank")  # close the stream before the live server's database goes


def test_kiosk_mode_is_dark_and_hides_the_site_chrome(page: Any) -> None:
    from kotacerdas.platform.demo import seed_demo

    seed_demo()
    sign_in(page, "provinsi", "demo-provinsi")
    page.goto(page.base + "/r/semarang/situation/?kiosk=1")
    assert page.locator("body.kiosk").count() == 1
    assert not page.locator("header.topbar").is_visible()
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(11, 18, 32)"
    # Read-only role: the feed offers no buttons.
    assert page.locator(".alert-actions").count() == 0
    page.goto(page.base + "/province/33/situation/")
    page.click("#heat-kendal a")
    assert page.url.endswith("/r/kendal/situation/")
    page.goto("about:blank")
