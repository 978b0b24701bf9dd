"""Darurat 112's public warnings in a real browser: a BPBD officer issues a warning from an
active Sensor Kota flood alert (preview, then publish); it is in the CAP feed (fetched over
HTTP and validated against the CAP 1.2 schema) and on the public page; phone in Indonesian
and desktop in English."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
import xmlschema

from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCHEMA = Path(__file__).parents[1] / "apps" / "darurat_112" / "cap-1.2.xsd"
ATOM = "{http://www.w3.org/2005/Atom}"
CAP = "{urn:oasis:names:tc:emergency:cap:1.2}"
VIEWPORTS = {
    "phone": ({"width": 360, "height": 740}, "id"),
    "desktop": ({"width": 1366, "height": 768}, "en"),
}


def _fits(page: Any) -> None:
    width = page.viewport_size["width"]
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"{page.url} is {scroll} px wide on a {width} px screen"


def _world() -> int:
    """The demo, a BPBD officer of Semarang and an open Sensor Kota flood alert (Siaga)."""
    from django.contrib.auth.models import User

    from kotacerdas.core.alerts import raise_alert
    from kotacerdas.core.models import Agency, Membership, Region
    from kotacerdas.core.tenancy import Role
    from kotacerdas.core.vocab import Severity
    from kotacerdas.platform.demo import seed_demo

    seed_demo()
    region = Region.objects.get(slug="semarang")
    agency = Agency.objects.unscoped("test").get(region=region, slug="bpbd")
    user = User.objects.create_user("bpbd-browser", password="demo-bpbd-browser")
    Membership.objects.unscoped("test").create(
        user=user, role=Role.AGENCY_STAFF, agency=agency, region=region
    )
    alert, _ = raise_alert(
        region,
        "sensor-kota",
        "flood:kali-garang-browser",
        Severity.WARNING,
        "Status banjir Siaga di Kali Garang (182 cm)",
        public=True,
        data={
            "station": "kali-garang",
            "station_name": "Pos Kali Garang",
            "level": "siaga",
            "cm": 182.0,
            "lat": -7.0002,
            "lng": 110.3951,
            "titles": {
                "id": "Status banjir Siaga di Kali Garang (182 cm)",
                "en": "Flood status Siaga at Kali Garang (182 cm)",
            },
        },
    )
    return int(alert.pk)


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_officer_issues_a_warning_from_a_flood_alert(page: Any, viewport: str) -> None:
    size, lang = VIEWPORTS[viewport]
    alert_id = _world()
    page.set_default_timeout(30_000)  # helpers share two cores; no timing is asserted
    page.set_viewport_size(size)
    sign_in(page, "bpbd-browser", "demo-bpbd-browser")
    page.context.add_cookies([{"name": "django_language", "value": lang, "url": page.base}])

    page.goto(page.base + "/console/semarang/darurat-112/peringatan/")
    _fits(page)
    item = page.locator(f"[data-alert='{alert_id}']")
    assert "Kali Garang" in item.inner_text()
    item.locator("a.btn-primary").click()
    page.wait_for_load_state()
    assert page.locator("#from-alert").is_visible()
    assert "Kali Garang" in page.input_value("#w-headline_id")
    assert page.input_value("#w-severity") == "Severe"
    assert page.input_value("#w-area_kind") == "circle"
    _fits(page)

    # A mistake is named at its field; nothing is published.
    page.fill("#w-headline_id", "")
    page.click("#do-publish")
    page.wait_for_load_state()
    assert page.locator("[data-field='headline_id']").is_visible()
    page.fill("#w-headline_id", "Peringatan banjir Siaga: Kali Garang")
    page.fill("#w-headline_en", "Flood warning (Siaga): Kali Garang")
    page.click("#do-preview")
    page.wait_for_load_state()
    assert "Peringatan banjir Siaga: Kali Garang" in page.locator("#preview").inner_text()
    page.click("#do-publish")
    page.wait_for_load_state()
    assert page.url.endswith("/console/semarang/darurat-112/peringatan/")
    assert "Kali Garang" in page.locator("#current").inner_text()

    # The CAP feed, fetched over HTTP like any reader, and each message schema-valid.
    feed = page.request.get(page.base + "/r/semarang/darurat-112/cap.atom")
    assert feed.ok and feed.headers["content-type"].startswith("application/atom+xml")
    root = ET.fromstring(feed.body())  # noqa: S314 (our own server's output)
    links = {
        (e.findtext(f"{ATOM}title") or ""): e.find(f"{ATOM}link[@type='application/cap+xml']")
        for e in root.iter(f"{ATOM}entry")
    }
    link = links["Peringatan banjir Siaga: Kali Garang"]
    assert link is not None
    cap = page.request.get(link.get("href") or "")
    assert cap.ok
    schema = xmlschema.XMLSchema(str(SCHEMA))
    schema.validate(cap.text())
    alert = ET.fromstring(cap.body())  # noqa: S314 (our own server's output)
    info = alert.findall(f"{CAP}info")
    assert [i.findtext(f"{CAP}language") for i in info] == ["id-ID", "en-US"]
    assert info[0].findtext(f"{CAP}severity") == "Severe"
    assert info[0].findtext(f"{CAP}area/{CAP}circle", "").startswith("-7.00020,110.39510 ")

    # The public page, signed out, in the page's language, and with the feed link.
    page.context.clear_cookies()
    page.context.add_cookies([{"name": "django_language", "value": lang, "url": page.base}])
    page.goto(page.base + "/r/semarang/darurat-112/peringatan/")
    _fits(page)
    text = page.locator("#warnings").inner_text()
    expected = "Flood warning (Siaga): Kali Garang" if lang == "en" else "Peringatan banjir Siaga"
    assert expected in text
    assert "bpbd-browser" not in page.content()
    href = page.locator("link[rel=alternate][type='application/atom+xml']").get_attribute("href")
    assert href and href.endswith("/r/semarang/darurat-112/cap.atom")
