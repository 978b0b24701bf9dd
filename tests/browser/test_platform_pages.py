"""The platform as a visitor and a region admin see it, in a real browser."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_visitor_sees_regions_in_indonesian_then_english(page: Any) -> None:
    from kotacerdas.platform.demo import seed_demo

    seed_demo()
    page.goto(page.base + "/")
    assert page.locator("h1").inner_text() == "Aplikasi kota cerdas, dibagi antardaerah"
    assert page.locator(".region-card").count() == 6
    page.click("text=Kota Semarang")
    assert page.locator("h1").inner_text().strip() == "Kota Semarang"
    assert page.locator(".dimension-card").count() == 6
    page.click(".lang-switch button[value=en]")
    page.wait_for_load_state()
    assert page.locator("#dim-governance").inner_text() == "Smart Governance"
    assert page.locator(".lang-switch button.active").inner_text() == "EN"


def test_region_admin_signs_in_and_adds_an_agency(page: Any) -> None:
    from kotacerdas.platform.demo import seed_demo

    seed_demo()
    sign_in(page, "admin-semarang", "demo-semarang")
    assert "/console/semarang/" in page.url
    page.click("nav >> text=Perangkat daerah")
    page.fill("#id_name", "Dinas Pariwisata")
    page.fill("#id_slug", "disbudpar")
    page.click("button:has-text('Tambah perangkat daerah')")
    assert page.locator(".msg-success").inner_text() == "Perangkat daerah ditambahkan."
    assert page.locator("td:has-text('Dinas Pariwisata')").count() == 1
    page.fill("#id_name", "Dinas Ganda")
    page.fill("#id_slug", "disbudpar")
    page.click("button:has-text('Tambah perangkat daerah')")
    assert "sudah memakai kode singkat" in page.locator(".field-error").inner_text()
