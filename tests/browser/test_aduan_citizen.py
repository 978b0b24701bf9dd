"""A citizen's whole journey in Chromium, on a 360 px phone in Indonesian and on a desktop
in English: reports with two mistakes at once (both shown, the photo kept), answers the
category's question, sees the open report of the same kind nearby and follows it, tracks
the report by its ticket number and, once staff resolved it, rates the handling. Every
public page fits the viewport's width; English pages carry no Indonesian interface text.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORTS = {"phone": {"width": 360, "height": 740}, "desktop": {"width": 1366, "height": 768}}
TEXT = {
    "id": {
        "category": "Jalan rusak",
        "question": "Perkiraan ukuran kerusakan",
        "follow": "Ini masalah saya juga",
    },
    "en": {
        "category": "Damaged road",
        "question": "Approximate size of the damage",
        "follow": "This is my problem too",
    },
}
# Indonesian interface text that must not be on an English page.
INDONESIAN = [
    "Laporkan masalah",
    "Lacak laporan",
    "Ini masalah saya juga",
    "Kirim laporan",
    "Jalan rusak",
]


def _photo(tmp_path: Path) -> Path:
    out = io.BytesIO()
    Image.new("RGB", (320, 240), (90, 120, 200)).save(out, "JPEG")
    path = tmp_path / "lubang.jpg"
    path.write_bytes(out.getvalue())
    return path


def _fits(page: Any, what: str) -> None:
    width = page.evaluate("() => document.documentElement.scrollWidth")
    inner = page.evaluate("() => window.innerWidth")
    assert width <= inner, f"{what} is {width} px wide on a {inner} px viewport"


def _english_only(page: Any, what: str) -> None:
    text = page.inner_text("main")
    found = [s for s in INDONESIAN if s in text]
    assert not found, f"Indonesian text on the English {what}: {found}"


@pytest.mark.parametrize(("viewport", "lang"), [("phone", "id"), ("desktop", "en")])
def test_citizen_reports_follows_tracks_and_rates(
    page: Any, tmp_path: Path, settings: Any, viewport: str, lang: str
) -> None:
    from kotacerdas.apps.aduan_warga.models import Follower, Rating, Report
    from kotacerdas.apps.aduan_warga.services import workflow
    from kotacerdas.apps.aduan_warga.services.reporting import ReportInput, submit_report
    from kotacerdas.platform.demo import seed_demo
    from tests.apps.aduan_warga.conftest import ctx_of, staff_actor
    from tests.conftest import Demo

    settings.MEDIA_ROOT = tmp_path / "media"
    seed_demo()
    from kotacerdas.core.models import Region

    demo = Demo(*(Region.objects.get(slug=s) for s in ("semarang", "kendal", "demak")))
    words = TEXT[lang]
    page.set_viewport_size(VIEWPORTS[viewport])
    page.context.add_cookies([{"name": "django_language", "value": lang, "url": page.base}])
    base = page.base + "/r/semarang/aduan-warga/"

    page.goto(base)
    _fits(page, "report list")
    if lang == "en":
        _english_only(page, "report list")

    # 1. The form: the pin first (no category yet, so no nearby list), then a neighbour's
    # open report of the same kind appears ~50 m away.
    page.goto(base + "lapor/")
    page.evaluate("() => { window.__sameDocument = true; }")
    page.locator(".aw-map").click()
    lat, lng = float(page.input_value("#id_lat")), float(page.input_value("#id_lng"))
    existing, _token = submit_report(
        ctx_of(demo.semarang, "public"),
        ReportInput(
            service_code="jalan-rusak",
            description="Aspal ambles dekat halte.",
            lat=lat + 0.0004,
            lng=lng,
            email="tetangga-lama@contoh.id",
        ),
    )
    # Choosing the category asks its question and lists the nearby report, without a reload.
    page.click(f"label:has-text('{words['category']}')")
    page.wait_for_selector("input[name='attribute[ukuran]']")
    assert words["question"] in page.inner_text("#aw-questions")
    page.wait_for_selector(f"#nearby-reports a:has-text('{existing.ticket}')")
    assert "tetangga-lama@" not in page.content()
    assert page.evaluate("() => window.__sameDocument === true"), "the form reloaded"
    _fits(page, "report form")
    if lang == "en":
        _english_only(page, "report form")

    # 2. Two mistakes at once: no description and a broken e-mail; a photo and a size chosen.
    page.check("input[name='attribute[ukuran]'][value='besar']")
    page.set_input_files("#id_photos", str(_photo(tmp_path)))
    page.fill("#id_email", "sri@contoh")
    page.click(".aw-form button.btn-primary[type=submit]")
    page.wait_for_selector("#form-error")
    assert page.is_visible("#error-description") and page.is_visible("#error-email")
    assert page.locator("#form-error li").count() == 2
    held = page.locator("#held-photos img")
    assert held.count() == 1
    assert held.evaluate("img => img.complete && img.naturalWidth > 0"), "the kept photo shows"
    assert page.is_checked("input[name='attribute[ukuran]'][value='besar']")
    _fits(page, "report form with errors")

    # 3. "This is my problem too": follow the neighbour's report (htmx, in place).
    page.fill(f"#follow-email-{existing.ticket}", "sri@contoh.id")
    page.click(f"#follow-{existing.ticket} button:has-text('{words['follow']}')")
    page.wait_for_selector(f"#follow-{existing.ticket} .msg-success")
    assert Follower.objects.unscoped("test").filter(report=existing).count() == 1

    # 4. Mistakes fixed: the report goes in with the kept photo.
    page.fill("#id_description", "Lubang besar di tikungan, motor sering jatuh.")
    page.fill("#id_email", "sri@contoh.id")
    page.click(".aw-form button.btn-primary[type=submit]")
    page.wait_for_url("**/lacak/**")
    ticket = page.inner_text("#ticket").strip()
    tracking = page.get_attribute("#tracking-link", "href")
    assert tracking and page.locator(".aw-photos img").count() == 1
    report = Report.objects.unscoped("test").get(ticket=ticket)
    assert report.attributes == {"ukuran": "besar"}
    _fits(page, "tracking page")

    # 5. Track by ticket number, as read from a phone: lower case, with spaces.
    page.goto(base)
    page.click("#track-link")
    _fits(page, "lookup page")
    if lang == "en":
        _english_only(page, "lookup page")
    page.fill("#id_tiket", f" {ticket.lower()} ")
    page.click("form[role=search] button")
    page.wait_for_url(f"**/laporan/{ticket}/")
    assert ticket in page.inner_text("h1")
    content = page.content()
    assert "sri@contoh.id" not in content
    _fits(page, "report page")
    if lang == "en":
        _english_only(page, "report page")
        assert "Approximate size of the damage" in page.inner_text("main")

    # 6. Staff resolve it (through the services), then the citizen rates it.
    admin, dpu = staff_actor(demo, "admin-semarang"), staff_actor(demo, "dpu-semarang")
    workflow.verify(admin, report.pk)
    workflow.dispose(admin, report.pk, "dpu", note="Prioritas anggaran B")
    workflow.resolve(dpu, report.pk, note="Pakai aspal sisa", public_message="Lubang ditambal.")
    page.goto(tracking)
    assert "Lubang ditambal." in page.inner_text("main")
    assert "Prioritas anggaran" not in page.content() and "aspal sisa" not in page.content()
    page.check("#rate input[name=score][value='5']")
    page.fill("#id_comment", "Cepat dan rapi.")
    page.click("#rate button[name=answer]")
    page.wait_for_selector("#your-rating")
    assert Rating.objects.unscoped("test").get(report=report).score == 5
    _fits(page, "tracking page after rating")
    if lang == "en":
        _english_only(page, "tracking page")
