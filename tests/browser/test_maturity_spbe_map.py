"""The SPBE page and the province map in Chromium, on a phone (360 px) and a desktop.

Semarang's team opens its SPBE page, enters indicator 44 (JDIH) at level 4 with evidence
and submits it; the province's assessor approves it from the review list; the team's SPBE
index and predicate show the new level, and the province's SPBE table shows the region.
The province map draws every region of the province filled by its index band, with a
legend, with tiles off (as in CI) and without a script error; a region opens its popup."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORTS = {"phone": {"width": 360, "height": 740}, "desktop": {"width": 1366, "height": 768}}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _fits(page: Any, width: int) -> None:
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"{page.url} is {scroll}px wide at {width}px"


def _errors(page: Any) -> list[str]:
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    return errors


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_the_team_enters_an_spbe_level_and_the_province_sees_it(
    page: Any, viewport: str, tmp_path: Path
) -> None:
    from kotacerdas.core.models import Region
    from kotacerdas.core.tenancy import Scope
    from kotacerdas.maturity.models import Score
    from kotacerdas.platform.demo import seed_demo

    seed_demo()
    size = VIEWPORTS[viewport]
    page.set_viewport_size(size)
    errors = _errors(page)
    year = timezone.localdate().year
    semarang = Region.objects.get(slug="semarang")
    code = semarang.province.code

    sign_in(page, "admin-semarang", "demo-semarang")
    page.goto(page.base + f"/console/semarang/kematangan/?year={year}")
    page.click(".mt-tabs a[href*='/kematangan/spbe/']")
    assert "/kematangan/spbe/" in page.url
    assert page.locator(".mt-indicator").count() == 47
    assert page.locator("#domain-layanan").is_visible()
    before = page.locator("#spbe-index").inner_text()
    # Indicator 42 carries Aduan Warga's figure as evidence beside its level.
    assert (
        "aduan-warga:resolved-on-time" in page.locator("#i-SPBE-42 .mt-app-evidence").inner_text()
    )
    evidence = tmp_path / "jdih.pdf"
    evidence.write_bytes(PDF)
    form = page.locator("form[aria-label='SPBE-44']")
    form.locator("select[name=value]").select_option("4")
    form.locator("textarea[name=note]").fill("JDIH terhubung ke JDIHN")
    form.locator("input[type=file]").set_input_files(str(evidence))
    form.locator("button[name=submit][value='1']").click()
    page.wait_for_load_state()
    assert page.locator("#i-SPBE-44 .mt-state.submitted").count() == 1
    _fits(page, size["width"])

    page.context.clear_cookies()
    sign_in(page, "provinsi", "demo-provinsi")
    page.goto(page.base + f"/province/{code}/kematangan/?year={year}")
    card = page.locator(".mt-indicator", has_text="SPBE-44").first
    card.locator("select[name$=decision]").select_option("accept")
    card.locator("button[type=submit]").click()
    page.wait_for_load_state()
    index = Score.objects.scoped(Scope.public()).get(
        region=semarang, template__year=year, level="spbe_index"
    )
    row = page.locator("#spbe-ranking tr", has_text="Kota Semarang")
    assert f"{index.value:.2f}".replace(".", ",") in row.inner_text()
    _fits(page, size["width"])

    page.context.clear_cookies()
    sign_in(page, "admin-semarang", "demo-semarang")
    page.goto(page.base + f"/console/semarang/kematangan/spbe/?year={year}")
    assert page.locator("#i-SPBE-44 .mt-level").inner_text() == "4"
    assert page.locator("form[aria-label='SPBE-44']").count() == 0  # approved: locked
    assert page.locator("#spbe-index").inner_text() != before
    assert not errors


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_the_province_map_colours_every_region_without_tiles(page: Any, viewport: str) -> None:
    from kotacerdas.core.models import Region
    from kotacerdas.core.tenancy import Scope
    from kotacerdas.maturity.models import Score
    from kotacerdas.maturity.queries import band
    from kotacerdas.platform.demo import seed_demo

    seed_demo()
    size = VIEWPORTS[viewport]
    page.set_viewport_size(size)
    errors = _errors(page)
    year = timezone.localdate().year
    semarang = Region.objects.get(slug="semarang")
    regions = Region.objects.filter(province=semarang.province).count()
    sign_in(page, "provinsi", "demo-provinsi")
    page.goto(page.base + f"/province/{semarang.province.code}/kematangan/?year={year}")
    page.click(".mt-tabs a[href='#map-h']")
    m = page.locator("#mt-map")
    m.wait_for(state="visible")
    page.wait_for_function("document.getElementById('mt-map').dataset.regions !== undefined")
    assert m.get_attribute("data-tiles") == "off"
    assert m.get_attribute("data-regions") == str(regions)
    assert page.locator("#mt-map path.mt-area").count() == regions
    index = Score.objects.scoped(Scope.public()).get(
        region=semarang, template__year=year, level="index"
    )
    expected = band(index.value)
    # Each band is a filled colour from the stylesheet, the same as the legend's swatch.
    fills = page.evaluate(
        """() => [...document.querySelectorAll('#mt-map path.mt-area')]
             .map(p => [p.getAttribute('class'), getComputedStyle(p).fill])"""
    )
    swatch = page.evaluate(
        f"getComputedStyle(document.querySelector('#mt-legend .mt-swatch.{expected}'))"
        ".backgroundColor"
    )
    assert any(expected in cls.split() and fill == swatch for cls, fill in fills)
    assert page.locator("#mt-legend li").count() == 6
    box = m.bounding_box()
    assert box is not None and box["width"] <= size["width"] and box["height"] > 200
    # A region's popup names it and links to its page.
    page.locator(f"#mt-map path.mt-area.{expected}").first.click(force=True)
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for(state="visible")
    assert popup.locator("a").get_attribute("href").startswith("/console/")
    _fits(page, size["width"])
    assert not errors
