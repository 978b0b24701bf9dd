"""The platform admin onboards Kabupaten Magelang click by click, on a phone and a desktop:
Regions, search "Magelang", add 33.08, upload its boundary, and see it listed as placed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import sign_in
from tests.core.test_geojson import L_SHAPE, polygon

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORTS = {"phone": {"width": 360, "height": 740}, "desktop": {"width": 1366, "height": 768}}


def _fits(page: Any, size: dict[str, int]) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= size["width"], f"{page.url} is {width}px wide at {size['width']}px"


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_platform_admin_adds_magelang_and_sets_its_place(
    page: Any, viewport: str, tmp_path: Path
) -> None:
    from kotacerdas.core.models import Region
    from kotacerdas.platform.demo import seed_demo

    seed_demo()
    size = VIEWPORTS[viewport]
    page.set_viewport_size(size)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    sign_in(page, "admin", "admin-kotacerdas")
    page.click("main a:has-text('Daerah')")
    assert page.url.endswith("/console/regions/")
    _fits(page, size)

    # Search as you type (htmx): both Magelangs, each with its own add button.
    page.fill("#region-q", "Magelang")
    results = page.locator("#region-results .region-result")
    results.first.wait_for()
    page.wait_for_function(
        "document.querySelectorAll('#region-results .region-result').length == 2"
    )
    assert "Kabupaten Magelang" in results.nth(0).inner_text()
    assert "Kota Magelang" in results.nth(1).inner_text()
    _fits(page, size)
    page.click("button[aria-label='Tambah Kabupaten Magelang']")
    page.wait_for_url("**/console/magelang/place/")
    success = page.locator(".msg-success").inner_text()
    assert "Kabupaten Magelang (33.08) ditambahkan dengan slug magelang" in success
    assert page.locator(".notice-todo").count() == 1  # provisional until placed
    # The map draws the (provisional) outline with tiles off, and the view button appears.
    page.locator("#place-map[data-outline='1']").wait_for()
    assert page.locator("#place-map").get_attribute("data-tiles") == "off"
    assert page.locator("#use-view").is_visible()
    _fits(page, size)

    # Clicking the map sets the centre fields (plain dot decimals).
    before = page.input_value("#id_centre_lat")
    box = page.locator("#place-map").bounding_box()
    page.locator("#place-map").click(position={"x": box["width"] * 0.3, "y": box["height"] * 0.3})
    page.wait_for_function(
        "document.getElementById('id_centre_lat').value != " + json.dumps(before)
    )
    clicked = page.input_value("#id_centre_lat")
    assert clicked != before and "," not in clicked and float(clicked) < 0

    # "Use this map view" copies the visible extent into the four fields.
    page.click("#use-view")
    west, east = float(page.input_value("#id_bbox_west")), float(page.input_value("#id_bbox_east"))
    assert 95 < west < east < 141

    boundary = tmp_path / "magelang.geojson"
    boundary.write_text(json.dumps({"type": "Feature", "geometry": polygon(L_SHAPE)}))
    page.set_input_files("#id_boundary", str(boundary))
    page.click("button:has-text('Simpan letak')")
    page.wait_for_load_state()
    assert page.locator(".msg-success").inner_text() == "Letak daerah disimpan."
    assert page.locator(".notice-todo").count() == 0
    page.locator("#place-map[data-outline='1']").wait_for()
    region = Region.objects.get(code="33.08")
    assert region.place_confirmed and region.boundary == polygon(L_SHAPE)
    assert page.input_value("#id_bbox_north") == "-7.3"

    page.click("a:has-text('← Daerah')")
    row = page.locator(".region-row[data-code='33.08']")
    assert "Kabupaten Magelang" in row.inner_text()
    assert "letak sudah ditetapkan" in row.inner_text()
    assert "magelang" in row.inner_text()
    _fits(page, size)
    assert errors == []
