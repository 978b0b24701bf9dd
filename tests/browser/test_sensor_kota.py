"""Sensor Kota in Chromium: the public page draws stations and tables, the station page its
charts (WIB in the page's language whatever the browser's zone, flood threshold lines), the
console adds a water-level station with thresholds, and every page fits a 360 px phone."""

from __future__ import annotations

import datetime as dt
import re
import time
from typing import Any

import pytest

from kotacerdas.apps.sensor_kota import store
from kotacerdas.apps.sensor_kota.config import typed_config
from kotacerdas.apps.sensor_kota.derive.evaluate import evaluate
from kotacerdas.apps.sensor_kota.models import Sensor, Station
from kotacerdas.core.models import Province, Region
from kotacerdas.core.tenancy import Scope
from kotacerdas.platform.installations import enable_app

THRESHOLDS = {"waspada": 60, "siaga": 100, "awas": 200}
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def world() -> None:
    province = Province.objects.create(code="33", name="Jawa Tengah")
    region = Region.objects.create(
        province=province,
        code="33.74",
        name="Kota Semarang",
        kind="kota",
        slug="semarang",
        centre_lat=-7.0,
        centre_lng=110.42,
        bbox_west=110.27,
        bbox_south=-7.15,
        bbox_east=110.51,
        bbox_north=-6.93,
    )
    installation = enable_app(
        Scope.system("browser test"),
        region,
        "sensor-kota",
        {},
    )
    now = int(time.time()) - 300
    for code, kind, quantity, value, lat in (
        ("simongan", "water", "water_level", 130, -6.99),
        ("simpang-lima", "air", "pm25", 40, -6.98),
    ):
        station = Station.objects.unscoped("test").create(
            region=region,
            code=code,
            name=code.replace("-", " ").title(),
            kind=kind,
            lat=lat,
            lng=110.42,
            flood_thresholds_cm={"waspada": 60, "siaga": 100, "awas": 200}
            if kind == "water"
            else {},
        )
        sensor = Sensor.objects.unscoped("test").create(
            region=region,
            station=station,
            code=f"{code}-{quantity}",
            quantity=quantity,
            unit="cm" if kind == "water" else "µg/m³",
        )
        store.write_batch([(sensor.pk, (now - i * 300) * 1000, float(value)) for i in range(24)])
        evaluate(region, typed_config(installation.config), station)


def test_public_air_and_flood_page(page: Any) -> None:
    world()
    page.goto(page.base + "/r/semarang/sensor-kota/")
    page.wait_for_selector("#sensor-map[data-ready='1']")
    assert page.locator("#sensor-map .leaflet-interactive").count() == 2  # both stations drawn
    assert page.locator("h1").inner_text() == "Kualitas udara dan banjir"
    water = page.locator("tr[data-station='simongan']").inner_text()
    assert "Siaga" in water and "130" in water and "WIB" in water
    air = page.locator("tr[data-station='simpang-lima']").inner_text()
    assert "Sedang" in air and "PM25" in air
    page.click("tr[data-station='simongan'] a")
    page.wait_for_selector("#sk-charts[data-ready='1']")
    assert page.locator("#sk-charts .uplot").count() == 1
    assert "Tinggi muka air" in page.locator("#sk-charts h3").inner_text()


VIEWPORTS = {"phone": {"width": 360, "height": 740}, "desktop": {"width": 1366, "height": 768}}
WIB = dt.timezone(dt.timedelta(hours=7))
MONTHS_ID = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"]


def _fits(page: Any, what: str) -> None:
    width = page.evaluate("() => document.documentElement.scrollWidth")
    inner = page.evaluate("() => window.innerWidth")
    assert width <= inner, f"{what} is {width} px wide on a {inner} px viewport"


def _redraw(page: Any, span_ms: str) -> None:
    """Choose another range and wait until the charts are drawn again."""
    drawn = int(page.get_attribute("#sk-charts", "data-drawn") or "0")
    page.select_option("select[name=span]", span_ms)
    page.wait_for_function(
        "n => parseInt(document.getElementById('sk-charts').dataset.drawn, 10) > n", arg=drawn
    )


def _ticks(page: Any, quantity: str) -> list[str]:
    chart = page.locator(f"#sk-charts .sk-chart[data-quantity='{quantity}']")
    chart.locator(".uplot").wait_for()
    ticks = chart.get_attribute("data-xticks") or ""
    return [t for t in ticks.split("|") if t]


@pytest.mark.parametrize(("viewport", "lang"), [("phone", "id"), ("desktop", "en")])
def test_public_pages_fit_the_screen_in_both_languages(page: Any, viewport: str, lang: str) -> None:
    world()
    page.set_viewport_size(VIEWPORTS[viewport])
    page.context.add_cookies([{"name": "django_language", "value": lang, "url": page.base}])
    page.goto(page.base + "/r/semarang/sensor-kota/")
    page.wait_for_selector("#sensor-map[data-ready='1']")
    _fits(page, "sensor page")  # was 512 px on a phone
    air = page.locator("tr[data-station='simpang-lima']").inner_text()
    legend = page.locator(".sk-legend").inner_text()
    if lang == "en":  # the published ISPU names in English, the BPBD levels as they are
        assert page.locator("h1").inner_text() == "Air quality and floods"
        assert "Moderate" in air and "ISPU Good" in legend and "Siaga" in legend
        assert "Sedang" not in air + legend
    else:
        assert "Sedang" in air and "ISPU Baik" in legend
    page.goto(page.base + "/r/semarang/sensor-kota/stasiun/simongan/")
    page.wait_for_selector("#sk-charts[data-ready='1']")
    _fits(page, "station page")


@pytest.mark.parametrize(("viewport", "lang"), [("phone", "id"), ("desktop", "en")])
def test_chart_times_are_wib_in_the_page_language_in_any_browser_zone(
    chromium: Any, live_server: Any, viewport: str, lang: str
) -> None:
    world()
    # Three days of history every half hour, so the week's chart spans several days.
    level = Sensor.objects.unscoped("test").get(code="simongan-water_level")
    now_s = int(time.time())
    store.write_batch([(level.pk, (now_s - i * 1800) * 1000, 40.0 + i % 7) for i in range(144)])
    # A browser in New York (12 hours behind WIB) set to American English.
    context = chromium.new_context(locale="en-US", timezone_id="America/New_York")
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        page.set_viewport_size(VIEWPORTS[viewport])
        page.context.add_cookies(
            [{"name": "django_language", "value": lang, "url": live_server.url}]
        )
        page.goto(live_server.url + "/r/semarang/sensor-kota/stasiun/simongan/")
        page.wait_for_selector("#sk-charts[data-ready='1']")
        now = dt.datetime.now(WIB)
        sep = "." if lang == "id" else ":"
        clock = re.compile(rf"(\d{{2}}){re.escape(sep)}(\d{{2}})$")
        ticks = _ticks(page, "water_level")
        assert ticks and all(clock.search(t) for t in ticks), ticks
        assert "PM" not in " ".join(ticks) and "/" not in " ".join(ticks)
        # Seven days (three days of history): the ticks name days, "1 Des" / "1 Dec".
        _redraw(page, "604800000")
        days = {now - dt.timedelta(days=n) for n in range(4)}
        if lang == "id":
            names = {f"{d.day} {MONTHS_ID[d.month - 1]}" for d in days}
        else:
            names = {f"{d.day} {d.strftime('%b')}" for d in days}
        ticks = _ticks(page, "water_level")
        dated = [t for t in ticks if re.match(r"\d{1,2} [A-Z][a-z]{2,3}", t)]
        assert dated, ticks
        assert all(" ".join(t.split(" ")[:2]) in names for t in dated), (names, ticks)
        # Six hours: every tick is a WIB time of the last six hours (New York's clock
        # would be twelve hours off).
        _redraw(page, "21600000")
        allowed = {(now - dt.timedelta(minutes=m)).strftime("%H") for m in range(0, 6 * 60 + 1)}
        for tick in _ticks(page, "water_level"):
            found = clock.search(tick)
            assert found and found.group(1) in allowed, (tick, sorted(allowed))
        # The water-level chart names the station's flood thresholds in the configured colours.
        levels = page.locator(".sk-levels li")
        assert levels.count() == 3
        assert levels.nth(1).inner_text().strip() == "Siaga ≥ 100 cm"
        assert (
            page.locator(".sk-levels li[data-level='awas'] .sk-dot").evaluate(
                "e => getComputedStyle(e).backgroundColor"
            )
            == "rgb(215, 38, 30)"
        )  # Awas #d7261e
        heading = page.locator("#sk-charts h3").first.inner_text()
        assert heading == ("Tinggi muka air (cm)" if lang == "id" else "Water level (cm)")
        _fits(page, "station page")
    finally:
        context.close()


@pytest.mark.parametrize(("viewport", "lang"), [("phone", "id"), ("desktop", "en")])
def test_an_admin_adds_a_water_level_station_with_thresholds(
    page: Any, viewport: str, lang: str
) -> None:
    from kotacerdas.core.models import AlertRecord, AppInstallation
    from kotacerdas.platform.demo import seed_demo
    from tests.browser.conftest import sign_in

    seed_demo()
    semarang = Region.objects.get(slug="semarang")
    page.set_viewport_size(VIEWPORTS[viewport])
    sign_in(page, "admin-semarang", "demo-semarang")
    page.context.add_cookies([{"name": "django_language", "value": lang, "url": page.base}])
    base = page.base + "/console/semarang/sensor-kota/stasiun/"
    page.goto(base)
    _fits(page, "station list")
    page.click("text=" + ("Tambah stasiun" if lang == "id" else "Add station"))
    page.wait_for_selector("#sk-picker[data-ready='1']")
    _fits(page, "station form")
    page.fill("#id_code", "kali-garang")
    page.fill("#id_name", "Kali Garang")
    page.select_option("#id_kind", "water")
    page.select_option("#id_agency", "bpbd")
    page.locator("#sk-picker").click()  # the map's centre: inside the region
    lat, lng = float(page.input_value("#id_lat")), float(page.input_value("#id_lng"))
    assert semarang.contains(lat, lng)
    page.check("input[name=quantities][value=water_level]")
    page.fill("#id_interval_seconds", "300")
    # A mistake first: Siaga below Waspada is refused next to the field, nothing is lost.
    page.fill("#id_waspada_cm", "50")
    page.fill("#id_siaga_cm", "40")
    page.fill("#id_awas_cm", "150")
    page.click("#station-form button[type=submit]")
    error = page.locator("[data-field='siaga_cm'] .field-error").inner_text()
    assert ("Waspada" in error) and ("lebih tinggi" in error if lang == "id" else "higher" in error)
    assert page.input_value("#id_name") == "Kali Garang"
    assert float(page.input_value("#id_lat")) == lat  # written back with a decimal point
    page.fill("#id_siaga_cm", "90")
    page.click("#station-form button[type=submit]")
    page.wait_for_selector("[data-station='kali-garang']")
    _fits(page, "station list")
    card = page.locator("[data-station='kali-garang']").inner_text()
    assert "50 cm" in card and "90 cm" in card and "150 cm" in card
    station = Station.objects.unscoped("test").get(region=semarang, code="kali-garang")
    assert station.flood_thresholds_cm == {"waspada": 50, "siaga": 90, "awas": 150}

    # A reading over its own Siaga level raises the region's flood alert, tagged Siaga.
    sensor = Sensor.objects.unscoped("test").get(station=station, quantity="water_level")
    store.write_batch([(sensor.pk, (int(time.time()) - 60) * 1000, 95.0)])
    installation = AppInstallation.objects.unscoped("test").get(
        region=semarang, app_key="sensor-kota"
    )
    evaluate(semarang, typed_config(installation.config), station)
    alert = AlertRecord.objects.unscoped("test").get(condition="flood:kali-garang")
    assert alert.data["level"] == "siaga" and alert.public and "Siaga" in alert.title

    page.goto(page.base + "/console/semarang/sensor-kota/stasiun/impor/")
    _fits(page, "import page")
