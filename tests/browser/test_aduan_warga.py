"""The whole Aduan Warga flow in headless Chromium, as the three people would do it.

A citizen reports a blocked drain with a pin and a photo; the coordinating admin of Kota
Semarang verifies it and disposes it to DPU; DPU's officer follows up and resolves it; the
citizen opens the private tracking link and confirms.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _photo(tmp_path: Path) -> Path:
    out = io.BytesIO()
    Image.new("RGB", (320, 240), (90, 120, 200)).save(out, "JPEG")
    path = tmp_path / "got-mampet.jpg"
    path.write_bytes(out.getvalue())
    return path


def _staff(page: Any, username: str, password: str) -> Any:
    context = page.context.browser.new_context(locale="id-ID", timezone_id="Asia/Jakarta")
    staff = context.new_page()
    staff.base = page.base
    sign_in(staff, username, password)
    return staff


def test_citizen_admin_agency_citizen(page: Any, tmp_path: Path, settings: Any) -> None:
    from kotacerdas.platform.demo import seed_demo

    settings.MEDIA_ROOT = tmp_path / "media"
    seed_demo()
    # 1. the citizen, on a phone-sized page, without an account
    page.set_viewport_size({"width": 412, "height": 900})
    page.goto(page.base + "/r/semarang/aduan-warga/")
    page.click("a:has-text('Laporkan masalah')")
    page.click("label:has-text('Drainase tersumbat')")
    page.locator(".aw-map").click()  # the pin, in the middle of the city
    assert page.input_value("#id_lat") != ""
    page.fill("#id_description", "Got di depan pasar tersumbat, air meluap ke jalan.")
    page.set_input_files("#id_photos", str(_photo(tmp_path)))
    page.fill("#id_name", "Sri Wahyuni")
    page.fill("#id_email", "sri@contoh.id")
    page.click("button:has-text('Kirim laporan')")
    page.wait_for_url("**/lacak/**")
    ticket = page.inner_text("#ticket").strip()
    tracking = page.get_attribute("#tracking-link", "href")
    assert ticket.startswith("3374-") and tracking
    assert page.locator(".aw-photos img").count() == 1

    # 2. the coordinating admin verifies and disposes to DPU
    admin = _staff(page, "admin-semarang", "demo-semarang")
    admin.goto(f"{page.base}/console/semarang/aduan-warga/?status=received")
    admin.click(f"a:has-text('{ticket}')")
    assert "Sri Wahyuni" in admin.content()
    admin.click("form[action$='/verify/'] button")
    assert admin.inner_text("#status") == "Terverifikasi"
    admin.select_option("#dispose-agency", "dpu")
    admin.click("form[action$='/dispose/'] button")
    assert admin.inner_text("#status") == "Didisposisikan ke OPD"

    # 3. DPU's officer follows up in public, then resolves
    dpu = _staff(page, "dpu-semarang", "demo-dpu-semarang")
    dpu.goto(f"{page.base}/console/semarang/aduan-warga/")
    dpu.click(f"a:has-text('{ticket}')")
    dpu.fill("#follow_up-message", "Tim sudah di lokasi, saluran sedang dibersihkan.")
    dpu.click("form[action$='/follow_up/'] button")
    assert dpu.inner_text("#status") == "Dalam proses"
    dpu.fill("#resolve-message", "Saluran sudah bersih, air mengalir lagi.")
    dpu.click("form[action$='/resolve/'] button")
    assert dpu.inner_text("#status") == "Selesai ditangani"

    # 4. the citizen sees the public timeline and confirms through the private link
    page.goto(tracking)
    assert "Tim sudah di lokasi" in page.content()
    page.click("button:has-text('Ya, sudah selesai')")
    assert page.inner_text("#status") == "Ditutup"
    public = page.context.browser.new_page()
    public.goto(f"{page.base}/r/semarang/aduan-warga/laporan/{ticket}/")
    text = public.content()
    assert "Saluran sudah bersih" in text and "Sri Wahyuni" not in text and "sri@" not in text
