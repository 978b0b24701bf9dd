"""Maps in Chromium (core/maps.py + web/static/kotacerdas/map.js): every map outlines the
region and draws its layers with tiles off (as in CI), when the tile server cannot be
reached (a notice, no script error), and with OpenStreetMap by default (its attribution
shown). Also issue #15: in Indonesian a report's own pin is on its page (the coordinates
were written with a decimal comma, so the pin landed at NaN)."""

from __future__ import annotations

import base64
from typing import Any

import pytest

from kotacerdas.apps.aduan_warga.models import Report
from kotacerdas.core.tenancy import Scope
from kotacerdas.platform.demo import seed_demo
from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORTS = pytest.mark.parametrize(
    "viewport",
    [{"width": 390, "height": 844}, {"width": 1366, "height": 768}],
    ids=["phone", "desktop"],
)
CLOSED = "http://127.0.0.1:9/"  # nothing listens there: every tile fails
PNG = base64.b64decode(  # a 1×1 PNG, what the intercepted tile server answers
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGM4c/fdfwAIpwOXKeIVhwAAAABJRU5ErkJggg=="
)


def watch_errors(page: Any, tile_host: str | None = None) -> list[str]:
    """Script errors and console errors; a tile the unreachable server did not deliver is
    the network's failure the test provokes, not a page error, and is left out."""
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(f"pageerror: {exc}"))

    def on_console(msg: Any) -> None:
        if msg.type != "error":
            return
        url = (msg.location or {}).get("url", "")
        if tile_host and url.startswith(tile_host) and "Failed to load resource" in msg.text:
            return
        errors.append(f"console: {msg.text} ({url})")

    page.on("console", on_console)
    return errors


def pinned_report() -> Report:
    semarang_reports = Report.objects.scoped(Scope.system("browser test")).filter(
        region__slug="semarang", lat__isnull=False
    )
    report = semarang_reports.order_by("created_at").first()
    assert report is not None, "the demo seeds reports with a pin"
    return report


@VIEWPORTS
def test_reports_pin_shows_in_both_languages_with_tiles_off(
    page: Any, viewport: dict[str, int]
) -> None:
    seed_demo()
    page.set_viewport_size(viewport)
    errors = watch_errors(page)
    report = pinned_report()
    url = f"{page.base}/r/semarang/aduan-warga/laporan/{report.ticket}/"
    for language in ("id", "en"):
        page.context.add_cookies([{"name": "django_language", "value": language, "url": page.base}])
        page.goto(url)
        assert page.locator("html").get_attribute("lang") == language
        # Issue #15: "-6,99" in data-lat made Number() NaN and the pin vanished.
        lat = page.locator("[data-aw-map=single]").get_attribute("data-lat")
        assert lat is not None and float(lat) == pytest.approx(report.lat)
        assert "," not in lat
        page.wait_for_selector(".aw-map path.aw-pin")
        assert page.locator(".aw-map path.aw-pin").count() == 1
        # The pin is where the report is: the map's centre is the report's place.
        centre = page.evaluate(
            "() => { const el = document.querySelector('[data-aw-map=single]');"
            " const r = el.getBoundingClientRect();"
            " const p = el.querySelector('path.aw-pin').getBoundingClientRect();"
            " return [p.x + p.width / 2 - r.x, p.y + p.height / 2 - r.y, r.width, r.height]; }"
        )
        assert abs(centre[0] - centre[2] / 2) < 3 and abs(centre[1] - centre[3] / 2) < 3
        # Tiles are off: no tile requested, no notice, the outline still drawn.
        box = page.locator("[data-aw-map=single]")
        assert box.get_attribute("data-tiles") == "off"
        assert box.locator("img.leaflet-tile").count() == 0
        assert box.locator(".kota-map-notice").count() == 0
        assert box.locator("path.kota-map-outline").count() == 1
    scroll = page.evaluate("() => document.documentElement.scrollWidth")
    assert scroll <= viewport["width"], "the report page fits the phone"
    assert errors == []


@VIEWPORTS
def test_maps_keep_working_when_the_tile_server_is_unreachable(
    page: Any, viewport: dict[str, int], settings: Any
) -> None:
    seed_demo()
    settings.KOTACERDAS_TILE_URL = CLOSED + "{z}/{x}/{y}.png"
    page.set_viewport_size(viewport)
    errors = watch_errors(page, tile_host=CLOSED)
    report = pinned_report()
    sign_in(page, "admin-semarang", "demo-semarang")  # the room is for staff
    notice = "Peta dasar tidak dapat dimuat"
    pages = [
        (
            f"/r/semarang/aduan-warga/laporan/{report.ticket}/",
            "[data-aw-map=single]",
            "path.aw-pin",
        ),
        ("/r/semarang/aduan-warga/", "[data-aw-map=reports]", "path.aw-dot, .marker-cluster"),
        ("/r/semarang/sensor-kota/", "#sensor-map", "path.sk-station"),
        ("/r/semarang/situation/", "#room-map", ".room-dot, .marker-cluster"),
    ]
    for path, box_selector, marker in pages:
        page.goto(page.base + path)
        box = page.locator(box_selector)
        # The tiles fail, the layer is taken away and the notice says so, in Indonesian.
        box.locator(".kota-map-notice").wait_for()
        assert box.locator(".kota-map-notice").inner_text() == notice, path
        assert box.get_attribute("data-tiles") == "failed", path
        assert box.get_attribute("data-outline") == "1", path
        assert box.locator(".leaflet-tile-pane img").count() == 0, path
        # The outline and the page's own layers are drawn all the same.
        if path != "/r/semarang/situation/":  # the room draws on a canvas, not in SVG paths
            assert box.locator("path.kota-map-outline").count() == 1, path
        box.locator(marker).first.wait_for()
        assert box.locator(marker).count() >= 1, path
    assert errors == [], errors


@VIEWPORTS
def test_default_base_layer_is_openstreetmap_with_its_attribution(
    page: Any, viewport: dict[str, int], settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed_demo()
    del settings.KOTACERDAS_TILE_URL  # unset: the default
    monkeypatch.delenv("KOTACERDAS_TILE_URL", raising=False)
    page.set_viewport_size(viewport)
    errors = watch_errors(page)
    served: list[str] = []

    def tile(route: Any) -> None:  # no real network: OSM's server answers from here
        served.append(route.request.url)
        route.fulfill(status=200, content_type="image/png", body=PNG)

    page.route("https://tile.openstreetmap.org/**", tile)
    page.goto(page.base + "/r/semarang/aduan-warga/")
    box = page.locator("[data-aw-map=reports]")
    box.locator("img.leaflet-tile-loaded").first.wait_for()
    assert served and all(u.startswith("https://tile.openstreetmap.org/") for u in served)
    assert box.get_attribute("data-tiles") == "on"
    credit = box.locator(".leaflet-control-attribution")
    assert credit.is_visible()
    assert "© OpenStreetMap contributors" in credit.inner_text()
    link = credit.locator("a[href='https://www.openstreetmap.org/copyright']")
    assert link.inner_text() == "OpenStreetMap"
    assert box.locator(".kota-map-notice").count() == 0
    assert box.locator("path.kota-map-outline").count() == 1
    assert errors == [], errors
