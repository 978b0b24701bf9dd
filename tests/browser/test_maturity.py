"""The maturity evaluation as the province and a region's team do it, in a browser: the
province copies the template into the next year and changes a weight; Semarang's team fills
two manual indicators with evidence; the assessor returns one with a comment and approves
the other; the ranking and the PDF show the new score."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from pypdf import PdfReader

from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORTS = {"phone": {"width": 360, "height": 740}, "desktop": {"width": 1366, "height": 768}}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _fits(page: Any, width: int) -> None:
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"{page.url} is {scroll}px wide at {width}px"


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_province_and_region_run_an_evaluation(page: Any, viewport: str, tmp_path: Path) -> None:
    from kotacerdas.core.models import Region
    from kotacerdas.core.tenancy import Scope
    from kotacerdas.maturity.models import EvaluationTemplate, Score
    from kotacerdas.platform.demo import seed_demo

    seed_demo()
    size = VIEWPORTS[viewport]
    page.set_viewport_size(size)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    year = timezone.localdate().year
    semarang = Region.objects.get(slug="semarang")
    code = semarang.province.code

    # The province: from its room to the evaluation, copy into next year, change weights.
    sign_in(page, "provinsi", "demo-provinsi")
    page.goto(page.base + f"/province/{code}/situation/")
    page.click("a:has-text('Indeks kematangan')")
    page.fill("#id_year", str(year + 1))
    page.click("button:has-text('Salin templat ini ke tahun itu')")
    assert page.url.endswith(f"year={year + 1}")
    page.fill("#id_impact", "20")
    page.fill("#id_quick_win", "20")
    page.click("button:has-text('Simpan bobot')")
    assert EvaluationTemplate.objects.get(year=year + 1).aspect_weights["quick_win"] == 20
    _fits(page, size["width"])

    # Semarang's team fills two manual indicators with evidence and submits them.
    page.context.clear_cookies()
    sign_in(page, "admin-semarang", "demo-semarang")
    page.click("a:has-text('Indeks kematangan')")
    page.goto(page.base + f"/console/semarang/kematangan/?year={year + 1}")
    evidence = tmp_path / "perwali.pdf"
    evidence.write_bytes(PDF)
    for indicator, level in (("B2", "4"), ("S3", "3")):
        form = page.locator(f"form[aria-label='{indicator}']")
        form.locator("select[name=value]").select_option(level)
        form.locator("textarea[name=note]").fill(f"Bukti {indicator}")
        form.locator("input[type=file]").set_input_files(str(evidence))
        form.locator("button:has-text('Ajukan untuk dinilai')").click()
        page.wait_for_load_state()
    assert page.locator("#i-B2 .mt-state").inner_text() == "Menunggu penilaian"
    _fits(page, size["width"])

    # The assessor returns B2 with a comment and approves S3.
    page.context.clear_cookies()
    sign_in(page, "provinsi", "demo-provinsi")
    page.goto(page.base + f"/province/{code}/kematangan/?year={year + 1}")
    for indicator, decision, comment in (
        ("B2", "return", "Lampirkan dokumen rencana branding yang sudah ditetapkan"),
        ("S3", "accept", ""),
    ):
        card = page.locator(".mt-indicator", has_text=f"{indicator} ").first
        card.locator("select[name$=decision]").select_option(decision)
        card.locator("textarea[name$=comment]").fill(comment)
        card.locator("button:has-text('Simpan penilaian')").click()
        page.wait_for_load_state()
    index = Score.objects.scoped(Scope.public()).get(
        region=semarang, template__year=year + 1, level="index"
    )
    ranking = page.locator("#ranking tr", has_text="Kota Semarang")
    assert f"{index.value:.1f}".replace(".", ",") in ranking.inner_text() or (
        f"{index.value:.1f}" in ranking.inner_text()
    )
    with page.expect_download() as download:
        page.click("a:has-text('PDF')")
    text = "\n".join(
        p.extract_text()
        for p in PdfReader(io.BytesIO(Path(download.value.path()).read_bytes())).pages
    )
    assert "Kota Semarang" in text and f"{index.value:.1f}" in text

    # The team sees the comment on the returned one; the approved one is locked.
    page.context.clear_cookies()
    sign_in(page, "admin-semarang", "demo-semarang")
    page.goto(page.base + f"/console/semarang/kematangan/?year={year + 1}")
    assert "Lampirkan dokumen rencana branding" in page.locator("#i-B2").inner_text()
    assert page.locator("form[aria-label='B2']").count() == 1
    assert page.locator("form[aria-label='S3']").count() == 0
    assert not errors
