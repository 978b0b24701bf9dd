"""The evaluation's pages as the province's assessor and a region's team use them."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kotacerdas.core.tenancy import Scope
from kotacerdas.maturity.models import Entry, EntryState, EvaluationTemplate, Score
from kotacerdas.maturity.seed import seed_template
from tests.conftest import Demo

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def template(db: None) -> EvaluationTemplate:
    return seed_template(2031)


def province_url(demo: Demo) -> str:
    return f"/province/{demo.semarang.province.code}/kematangan/?year=2031"


@pytest.mark.parametrize(
    ("username", "status"),
    [
        (None, 302),
        ("admin-semarang", 403),
        ("dpu-semarang", 403),
        ("provinsi", 200),
        ("admin", 200),
    ],
)
def test_only_the_province_and_the_platform_admin_see_regions_side_by_side(
    demo: Demo, template: EvaluationTemplate, username: str | None, status: int
) -> None:
    assert demo.client_for(username).get(province_url(demo)).status_code == status


def test_the_team_enters_with_evidence_and_the_assessor_approves(
    demo: Demo, template: EvaluationTemplate
) -> None:
    team = demo.client_for("admin-semarang")
    page = team.get("/console/semarang/kematangan/?year=2031")
    assert page.status_code == 200 and "G1" in page.content.decode()
    answer = team.post(
        "/console/semarang/kematangan/?year=2031",
        {
            "indicator": "S3",
            "year_shown": "2031",
            "value": "4",
            "note": "<script>alert(1)</script> Program literasi",
            "submit": "1",
            "evidence": SimpleUploadedFile("bukti.pdf", PDF, "application/pdf"),
        },
    )
    assert answer.status_code == 302
    entry = Entry.objects.unscoped("test").get(
        region=demo.semarang, indicator__code="S3", indicator__template=template
    )
    assert entry.state == EntryState.SUBMITTED
    province = demo.client_for("provinsi")
    listing = province.get(province_url(demo)).content.decode()
    assert "Program literasi" in listing and "<script>alert(1)</script>" not in listing
    assert "&lt;script&gt;" in listing
    reviewed = province.post(
        f"/province/{demo.semarang.province.code}/kematangan/entri/{entry.pk}/tinjau/",
        {f"e{entry.pk}-decision": "accept", f"e{entry.pk}-comment": ""},
    )
    assert reviewed.status_code == 302
    entry.refresh_from_db()
    assert entry.state == EntryState.APPROVED
    score = Score.objects.scoped(Scope.public()).get(
        region=demo.semarang, template=template, level="indicator", key="S3"
    )
    assert score.value == 80
    # Locked: the page no longer offers the form for it.
    locked = team.get("/console/semarang/kematangan/?year=2031").content.decode()
    assert 'aria-label="S3"' not in locked


def test_a_bad_value_is_named_and_nothing_is_written(
    demo: Demo, template: EvaluationTemplate
) -> None:
    team = demo.client_for("admin-semarang")
    answer = team.post(
        "/console/semarang/kematangan/?year=2031",
        {"indicator": "B2", "year_shown": "2031", "value": "7", "note": "x", "submit": "0"},
    )
    assert answer.status_code == 400
    assert "1 to 5" in answer.content.decode() or "1 sampai 5" in answer.content.decode()
    assert not Entry.objects.unscoped("test").filter(indicator__template=template).exists()


def test_another_provinces_officer_cannot_review(demo: Demo, template: EvaluationTemplate) -> None:
    team = demo.client_for("admin-kendal")
    assert team.get("/console/semarang/kematangan/").status_code == 403


def test_the_province_changes_a_weight_and_the_ranking_follows(
    demo: Demo, template: EvaluationTemplate
) -> None:
    province = demo.client_for("provinsi")
    weights = {"baseline": "10", "output": "20", "outcome": "30", "impact": "20", "quick_win": "20"}
    answer = province.post(
        f"/province/{demo.semarang.province.code}/kematangan/",
        {"action": "weights", "year_shown": "2031", **weights},
    )
    assert answer.status_code == 302
    template.refresh_from_db()
    assert template.aspect_weights["quick_win"] == 20
    bad = province.post(
        f"/province/{demo.semarang.province.code}/kematangan/",
        {"action": "weights", "year_shown": "2031", **weights, "impact": "abc"},
    )
    assert bad.status_code == 400
    copied = province.post(
        f"/province/{demo.semarang.province.code}/kematangan/",
        {"action": "copy", "year_shown": "2031", "year": "2032"},
    )
    assert copied.status_code == 302 and copied["Location"].endswith("year=2032")
    assert EvaluationTemplate.objects.get(year=2032).aspect_weights["quick_win"] == 20
