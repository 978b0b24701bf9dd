"""The PDF reports carry the scores (their text read back), the exports every score."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook  # type: ignore[import-untyped]
from pypdf import PdfReader

from kotacerdas.maturity import services
from kotacerdas.maturity.compute import recompute
from kotacerdas.maturity.models import EvaluationTemplate, Indicator
from kotacerdas.maturity.seed import seed_template
from tests.conftest import Demo

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def template(db: None) -> EvaluationTemplate:
    return seed_template(2031)


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_the_region_pdf_shows_its_index_and_escaped_evidence(
    demo: Demo, template: EvaluationTemplate
) -> None:
    g1 = Indicator.objects.get(template=template, code="G1")
    upload = services.Upload("<b>Perwali</b> & rencana.pdf", io.BytesIO(PDF), len(PDF))
    entry = services.save_entry(
        demo.user("admin-semarang"), demo.semarang, g1, "5", "ok", [upload], submit=True
    )
    services.review_entry(demo.user("provinsi"), entry, "accept")
    rollup = recompute(demo.semarang, template)
    answer = demo.client_for("admin-semarang").get(
        "/console/semarang/kematangan/laporan.pdf?year=2031"
    )
    assert answer.status_code == 200 and answer["Content-Type"] == "application/pdf"
    text = text_of(answer.content)
    assert "Kota Semarang" in text
    assert f"{rollup.index:.1f}" in text
    assert "<b>Perwali</b> & rencana.pdf" in text  # as text, not as markup


def test_the_province_pdf_ranks_its_regions(demo: Demo, template: EvaluationTemplate) -> None:
    for region in (demo.semarang, demo.kendal, demo.demak):
        recompute(region, template)
    answer = demo.client_for("provinsi").get(
        f"/province/{demo.semarang.province.code}/kematangan/laporan.pdf?year=2031"
    )
    assert answer.status_code == 200
    text = text_of(answer.content)
    assert "Kota Semarang" in text and "Kabupaten Kendal" in text


def test_exports_hold_every_score_and_refuse_strangers(
    demo: Demo, template: EvaluationTemplate
) -> None:
    recompute(demo.semarang, template)
    base = f"/province/{demo.semarang.province.code}/kematangan/laporan"
    province = demo.client_for("provinsi")
    rows = list(csv.reader(io.StringIO(province.get(f"{base}.csv?year=2031").content.decode())))
    assert rows[0][:5] == ["region_code", "region", "year", "level", "key"]
    semarang = [r for r in rows[1:] if r[0] == demo.semarang.code]
    assert {r[3] for r in semarang} == {
        "indicator",
        "sub",
        "dimension",
        "aspect",
        "index",
        *("spbe_ind", "spbe_asp", "spbe_dom", "spbe_index"),
    }
    book = load_workbook(io.BytesIO(province.get(f"{base}.xlsx?year=2031").content))
    assert book["2031"].max_row == len(rows)
    assert province.get(f"{base}.exe").status_code == 404
    assert demo.client_for("admin-kendal").get(f"{base}.csv").status_code == 403
