"""The public air-quality and flood page in Chromium: the map draws stations without tiles,
the tables show ISPU and flood status, and the station page draws its charts."""

from __future__ import annotations

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
        {"flood_station_thresholds_cm": {"simongan": {"waspada": 60, "siaga": 100, "awas": 200}}},
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
