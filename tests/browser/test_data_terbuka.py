"""Data Terbuka in a real browser, as the people who do the job (issue 16): a citizen
searches the portal, opens a dataset, sees the preview and the chart and downloads the CSV;
an agency officer creates a dataset, uploads a CSV, fixes a column's type and submits; the
walidata returns it once with a note, the officer fixes it, the walidata approves and the
dataset appears in the public search. On a phone (360x740, Indonesian) and a desktop."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORTS = {
    "phone": {"width": 360, "height": 740},
    "desktop": {"width": 1366, "height": 768},
}
CSV = (
    "tanggal,kecamatan,kode_kecamatan,curah_hujan_mm\n"
    "2026-11-01,Tembalang,01,12.5\n"
    "2026-11-02,Tembalang,01,30\n"
    "2026-11-03,Banyumanik,02,4.25\n"
)


def _fits(page: Any) -> None:
    width = page.viewport_size["width"]
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"{page.url} is {scroll} px wide on a {width} px screen"


def _published() -> str:
    """A dataset of DLH Semarang, uploaded, submitted and approved through the services."""
    from kotacerdas.core.models import Region
    from tests.apps.data_terbuka.test_portal import publish

    semarang = Region.objects.get(slug="semarang")
    dataset, _release = publish(
        semarang, csv=CSV, title_id="Curah hujan harian Semarang", tags="cuaca"
    )
    return dataset.name


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_a_citizen_searches_previews_and_downloads(
    page: Any, viewport: str, tmp_path: Path
) -> None:
    from kotacerdas.platform.demo import seed_demo

    seed_demo()
    name = _published()
    page.set_default_timeout(30_000)
    page.set_viewport_size(VIEWPORTS[viewport])
    page.goto(page.base + "/r/semarang/data-terbuka/")
    _fits(page)
    page.fill("#dt-q", "curah hujan")
    page.click("#dt-search button[type=submit]:has-text('Cari')")
    page.wait_for_load_state()
    assert "q=curah+hujan" in page.url
    item = page.locator(f"li[data-dataset='{name}']")
    assert item.count() == 1
    # The facet counts are checkboxes: ticking one filters the list.
    page.check("input[name='tags'][value='cuaca']")
    page.click("button:has-text('Terapkan filter')")
    page.wait_for_load_state()
    assert "tags=cuaca" in page.url and page.locator(f"li[data-dataset='{name}']").count() == 1
    _fits(page)
    page.click(f"li[data-dataset='{name}'] a")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Curah hujan harian Semarang"
    preview = page.locator("table.dt-preview")
    assert preview.locator("tbody tr").count() == 3
    assert "Banyumanik" in preview.inner_text()
    # A series: uPlot drew its canvas from the json_script numbers.
    page.wait_for_selector(".dt-chart canvas")
    assert "datastore_search?resource_id=" in page.locator("pre.dt-api").first.inner_text()
    _fits(page)
    with page.expect_download() as info:
        page.click("a[data-format='CSV']")
    saved = tmp_path / "data.csv"
    info.value.save_as(saved)
    text = saved.read_text(encoding="utf-8-sig")
    assert text.splitlines()[0] == "tanggal,kecamatan,kode_kecamatan,curah_hujan_mm"
    assert "2026-11-03,Banyumanik" in text


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_officer_uploads_walidata_returns_then_approves(
    page: Any, viewport: str, tmp_path: Path
) -> None:
    from kotacerdas.platform.demo import seed_demo

    seed_demo()
    page.set_default_timeout(30_000)
    page.set_viewport_size(VIEWPORTS[viewport])
    console = page.base + "/console/semarang/data-terbuka/"
    title = f"Curah hujan kecamatan {viewport}"

    # The produsen data: a new dataset with its Satu Data metadata.
    sign_in(page, "dlh-semarang", "demo-dlh-semarang")
    page.goto(console)
    page.click("a.btn-primary:has-text('Dataset baru')")
    page.wait_for_load_state()
    page.fill("#id_title_id", title)
    page.fill("#id_notes_id", "Curah hujan per kecamatan per hari.")
    page.select_option("#id_frequency", "harian")
    page.select_option("#id_dimension", "environment")
    page.fill("#id_tags", "cuaca, hujan")
    page.click("#dt-dataset-form button[type=submit]")
    page.wait_for_load_state()
    assert page.url.endswith("/unggah/")
    _fits(page)

    # The upload.
    upload = tmp_path / "hujan.csv"
    upload.write_text(CSV, encoding="utf-8")
    page.set_input_files("#id_file", str(upload))
    page.fill("#id_resource_title", "Curah hujan")
    page.click("#dt-upload-form button[type=submit]")
    page.wait_for_load_state()
    assert "/rilis/" in page.url
    assert "Banyumanik" in page.locator("#dt-preview").inner_text()
    _fits(page)

    # The kode_kecamatan column was read as a number; it is a code.
    code = page.locator("fieldset[data-column='kode_kecamatan'] select[name$='-type']")
    assert code.input_value() in ("integer", "numeric")
    code.select_option("text")
    page.fill("fieldset[data-column='curah_hujan_mm'] input[name$='-unit']", "mm")
    page.click("#dt-columns-form button[type=submit]")
    page.wait_for_load_state()
    assert (
        page.locator("fieldset[data-column='kode_kecamatan'] select[name$='-type']").input_value()
        == "text"
    )
    assert "01" in page.locator("#dt-preview").inner_text()
    release_url = page.url
    page.click("#dt-submit-form button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("tr[data-release] .dt-state-submitted").count() == 1

    # The walidata: the queue in the console menu, return once with a note.
    page.context.clear_cookies()
    sign_in(page, "admin-semarang", "demo-semarang")
    page.goto(console)
    page.click(".console-nav a:has-text('Tinjauan walidata')")
    page.wait_for_load_state()
    _fits(page)
    page.click(f"#dt-review-queue a:has-text('{title}')")
    page.wait_for_load_state()
    page.check("input[name='decision'][value='return']")
    page.fill("#id_note", "Isi definisi kolom curah hujan.")
    page.click("#dt-review-form button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("#dt-review-queue").inner_text().count(title) == 0

    # The officer sees the note, fixes the definition and submits again.
    page.context.clear_cookies()
    sign_in(page, "dlh-semarang", "demo-dlh-semarang")
    page.goto(console)
    assert "Isi definisi kolom curah hujan." in page.locator("#dt-datasets").inner_text()
    page.goto(release_url)
    assert "Isi definisi kolom curah hujan." in page.locator("#dt-returned-note").inner_text()
    page.fill(
        "fieldset[data-column='curah_hujan_mm'] textarea[name$='-definition_id'], "
        "fieldset[data-column='curah_hujan_mm'] input[name$='-definition_id']",
        "Jumlah curah hujan harian",
    )
    page.click("#dt-columns-form button[type=submit]")
    page.wait_for_load_state()
    page.click("#dt-submit-form button[type=submit]")
    page.wait_for_load_state()

    # The walidata approves: the release is published.
    page.context.clear_cookies()
    sign_in(page, "admin-semarang", "demo-semarang")
    page.goto(console + "tinjauan/")
    page.click(f"#dt-review-queue a:has-text('{title}')")
    page.wait_for_load_state()
    page.check("input[name='decision'][value='approve']")
    page.click("#dt-review-form button[type=submit]")
    page.wait_for_load_state()

    # A citizen finds it in the public search.
    page.context.clear_cookies()
    page.goto(page.base + "/r/semarang/data-terbuka/")
    page.fill("#dt-q", title)
    page.click("#dt-search button[type=submit]:has-text('Cari')")
    page.wait_for_load_state()
    found = page.locator(".dt-item h2 a", has_text=title)
    assert found.count() == 1
    found.click()
    page.wait_for_load_state()
    assert "Jumlah curah hujan harian" in page.content()
