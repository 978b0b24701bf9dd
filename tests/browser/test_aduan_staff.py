"""An agency officer works the queue in Chromium, on a 360 px phone in Indonesian and on a
desktop in English: DPU's officer opens "Tugas saya" from the console navigation (its count
beside it), finds the overdue report first, takes it through the steps the page offers (and
only those), writing an internal note and a message for the reporter; the public page then
shows the message and not the note. Every console page fits the viewport's width.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ALL = "tests look at every row"
VIEWPORTS = {"phone": {"width": 360, "height": 740}, "desktop": {"width": 1366, "height": 768}}
TEXT = {
    "id": {
        "work": "Tugas saya",
        "message": "Pesan untuk pelapor (tampil publik)",
        "in_progress": "Dalam proses",
        "resolved": "Selesai ditangani",
        "category": "Jalan rusak",
    },
    "en": {
        "work": "My work",
        "message": "Message for the reporter (shown publicly)",
        "in_progress": "In progress",
        "resolved": "Resolved",
        "category": "Damaged road",
    },
}
NOTE = "Internal-7TQ: pakai sisa aspal gudang, jangan dicatat di SPJ"
MESSAGE = "Tim DPU sudah menambal lubang di depan sekolah."


def _fits(page: Any, what: str) -> None:
    width = page.evaluate("() => document.documentElement.scrollWidth")
    inner = page.evaluate("() => window.innerWidth")
    assert width <= inner, f"{what} is {width} px wide on a {inner} px viewport"


def _steps(page: Any) -> list[str]:
    return [
        str(s)
        for s in page.eval_on_selector_all("#actions form", "f => f.map(x => x.dataset.step)")
    ]


@pytest.mark.parametrize(("viewport", "lang"), [("phone", "id"), ("desktop", "en")])
def test_officer_works_the_queue(
    page: Any, settings: Any, tmp_path: Any, viewport: str, lang: str
) -> None:
    from django.utils import timezone

    from kotacerdas.apps.aduan_warga.models import Report
    from kotacerdas.apps.aduan_warga.services import workflow
    from kotacerdas.core.models import Region
    from kotacerdas.platform.demo import seed_demo
    from tests.apps.aduan_warga.conftest import new_report, staff_actor
    from tests.conftest import Demo

    settings.MEDIA_ROOT = tmp_path / "media"
    seed_demo()
    demo = Demo(*(Region.objects.get(slug=s) for s in ("semarang", "kendal", "demak")))
    words = TEXT[lang]
    admin = staff_actor(demo, "admin-semarang")
    late, _ = new_report(demo)
    fresh, _ = new_report(demo)
    for report in (late, fresh):
        workflow.dispose(admin, report.pk, "dpu", "Cek dulu anggaran pemeliharaan")
    now = timezone.now()
    # The oldest of all, and past its deadline: first in the queue.
    Report.objects.unscoped(ALL).filter(pk=late.pk).update(
        created_at=now - dt.timedelta(days=900), due_at=now - dt.timedelta(days=10)
    )

    page.set_viewport_size(VIEWPORTS[viewport])
    sign_in(page, "dpu-semarang", "demo-dpu-semarang")
    page.context.add_cookies([{"name": "django_language", "value": lang, "url": page.base}])

    # 1. "Tugas saya" from the console navigation, with its count.
    page.goto(page.base + "/console/semarang/")
    link = page.locator(".console-nav a", has_text=words["work"])
    count = int(link.locator(".badge").inner_text())
    link.click()
    page.wait_for_selector("#work")
    _fits(page, "work queue")
    rows = page.eval_on_selector_all(
        "#work tbody tr[data-ticket]", "rs => rs.map(r => [r.dataset.ticket, r.dataset.late])"
    )
    assert len(rows) == min(count, 50)
    assert rows[0] == [late.ticket, "1"], "the overdue (and oldest) report comes first"
    flags = [flag for _t, flag in rows]
    assert flags == sorted(flags, reverse=True), "every overdue report before the others"
    assert fresh.ticket in [t for t, _f in rows]
    assert words["category"] in page.inner_text(f"tr[data-ticket='{late.ticket}']")

    # 2. The report: only the steps a disposed report allows an agency officer.
    page.click(f"tr[data-ticket='{late.ticket}'] a")
    page.wait_for_selector("#actions")
    _fits(page, "report page")
    assert _steps(page) == ["follow_up", "resolve", "note"]
    assert page.locator("label", has_text=words["message"]).count() == 2
    page.fill("#follow_up-note", NOTE)
    page.fill("#follow_up-message", "Tim sudah dijadwalkan ke lokasi.")
    page.click("form[data-step='follow_up'] button")
    page.wait_for_load_state()
    assert page.inner_text("#status") == words["in_progress"]
    assert _steps(page) == ["follow_up", "resolve", "note"]

    page.fill("#resolve-note", "Sisa aspal dipakai.")
    page.fill("#resolve-message", MESSAGE)
    page.click("form[data-step='resolve'] button")
    page.wait_for_load_state()
    assert page.inner_text("#status") == words["resolved"]
    assert _steps(page) == ["note"], "a resolved report waits for the reporter"
    history = page.inner_text("#history")
    assert NOTE in history and MESSAGE in history
    _fits(page, "report page after resolving")

    # 3. The public page: the message for the reporter, never the internal note.
    public = page.context.browser.new_page()
    public.set_viewport_size(VIEWPORTS[viewport])
    public.goto(f"{page.base}/r/semarang/aduan-warga/laporan/{late.ticket}/")
    text = public.content()
    assert MESSAGE in text and "Tim sudah dijadwalkan" in text
    assert "Internal-7TQ" not in text and "Sisa aspal dipakai" not in text
    assert "anggaran pemeliharaan" not in text
    public.close()
