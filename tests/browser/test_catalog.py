"""The catalog cycle in a real browser: adopt → customise → upstream update → merge → republish."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
APP = "contoh-taman"


def _semarang_publishes_an_update() -> None:
    from kotacerdas.catalog.services.publishing import publish
    from kotacerdas.core.models import AppInstallation, Region
    from kotacerdas.core.tenancy import Scope
    from kotacerdas.platform.installations import update_config

    scope = Scope.system("the upstream region works in its own browser")
    semarang = Region.objects.get(slug="semarang")
    row = AppInstallation.objects.unscoped("test").get(region=semarang, app_key=APP)
    update_config(scope, semarang, APP, {**row.config, "target_parks": 3})
    publish(
        scope,
        semarang,
        APP,
        version="1.1.0",
        changelog="Target taman disesuaikan",
        sharing="partners",
    )


def _switch_user(page: Any, username: str, password: str) -> None:
    page.context.clear_cookies()
    sign_in(page, username, password)


def test_adopt_customise_merge_and_republish(page: Any) -> None:
    from kotacerdas.platform.demo import seed_demo

    seed_demo()
    # Semarang publishes its parks configuration for its PKS partners.
    sign_in(page, "admin-semarang", "demo-semarang")
    page.goto(page.base + f"/console/semarang/catalog/{APP}/")
    page.fill("#id_version", "1.0.0")
    page.fill("#id_name", "Taman Semarang")
    page.select_option("#id_sharing", "partners")
    page.fill("#id_changelog", "Versi pertama untuk mitra PKS")
    page.click("button:has-text('Terbitkan versi')")
    assert page.locator("h1").inner_text() == "Taman Semarang"
    variant_url = page.url

    # Kendal adopts it, mapping Semarang's DLH to its own DPU.
    _switch_user(page, "admin-kendal", "demo-kendal")
    page.goto(variant_url)
    page.click("text=Adopsi untuk Kabupaten Kendal")
    assert page.locator("select[name=map-dlh]").count() == 1
    page.select_option("select[name=map-dlh]", "dpu")
    page.click("button:has-text('Adopsi dan aktifkan')")
    assert "diadopsi" in page.locator(".msg-success").inner_text()
    assert "Taman Semarang" in page.locator(".upstream-box").inner_text()

    # Customise through the generated form (the raw JSON waits behind "Advanced").
    assert not page.locator("details.sf-advanced #id_config").is_visible()
    assert page.locator("#cfg-managing_agency").input_value() == "dpu"  # a dropdown, mapped
    assert page.locator("#cfg-managing_agency option[value=dlh]").count() == 1
    assert page.locator("#cfg-target_parks").input_value() == "5"
    page.fill("#cfg-target_parks", "8")
    page.click("button[data-sf-save]")
    assert page.locator(".msg-success").inner_text() == "Konfigurasi disimpan."
    overrides = page.locator(".upstream-box ul.change-lines").inner_text()
    assert "Target taman: 5 → 8" in overrides
    assert "/target_parks" not in page.locator(".upstream-box").inner_text()  # no JSON path

    # Semarang publishes v1.1.0; Kendal sees the update and resolves the conflict.
    _semarang_publishes_an_update()
    page.reload()
    assert "Pembaruan v1.1.0 tersedia" in page.locator(".upstream-box").inner_text()
    page.click("text=Tinjau dan gabungkan")
    conflict = page.locator("fieldset.conflict")
    assert conflict.count() == 1
    assert conflict.locator("legend").inner_text() == "Target taman"
    assert "8" in conflict.locator("label.side.ours").inner_text()
    assert "3" in conflict.locator("label.side.theirs").inner_text()
    page.click("button:has-text('Gabungkan pembaruan')")  # unresolved: the browser asks first
    assert page.locator("fieldset.conflict").count() == 1
    page.check("fieldset.conflict input[value=ours]")
    page.click("button:has-text('Gabungkan pembaruan')")
    assert page.locator(".msg-success").inner_text() == "Pembaruan v1.1.0 digabungkan."
    assert page.locator("#cfg-target_parks").input_value() == "8"
    assert json.loads(page.locator("#id_config").input_value())["target_parks"] == 8

    # Kendal republishes; the lineage shows Semarang → Kendal.
    page.fill("#id_version", "1.0.0")
    page.fill("#id_name", "Taman Kendal")
    # Only the scopes Semarang's partners-only upstream allows are offered.
    assert page.locator("#id_sharing option").all_inner_texts() == [
        page.locator("#id_sharing option[value=partners]").inner_text()
    ]
    page.select_option("#id_sharing", "partners")
    page.fill("#id_changelog", "Target taman Kendal")
    page.click("button:has-text('Terbitkan versi')")
    assert page.locator("h1").inner_text() == "Taman Kendal"
    picture = page.locator("figure.lineage-graph svg").first
    assert "Kota Semarang → Kabupaten Kendal (v1.1.0)" in (
        picture.locator("title").first.text_content() or ""
    )
    assert "Kabupaten Kendal" in (picture.locator("g.node.current").text_content() or "")
