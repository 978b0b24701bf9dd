"""Templates, entries with evidence, the assessor's review, and scores fed by the apps."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest

from kotacerdas.core.models import AuditEntry
from kotacerdas.core.tenancy import Scope
from kotacerdas.maturity import services
from kotacerdas.maturity.compute import feed_figures, recompute
from kotacerdas.maturity.models import (
    Entry,
    EntryState,
    EvaluationTemplate,
    Evidence,
    Indicator,
    Score,
    Source,
)
from kotacerdas.maturity.seed import INDICATORS, seed_template
from kotacerdas.maturity.services import Refused, Upload
from tests.conftest import Demo

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name: str = "masterplan.pdf") -> Upload:
    return Upload(name, io.BytesIO(PDF), len(PDF))


@pytest.fixture
def template(db: None) -> EvaluationTemplate:
    return seed_template(2031)


def manual(template: EvaluationTemplate, code: str = "G1") -> Indicator:
    return Indicator.objects.get(template=template, code=code)


def test_the_seeded_template_covers_the_six_dimensions_and_five_aspects(
    template: EvaluationTemplate,
) -> None:
    rows = list(Indicator.objects.filter(template=template, framework="monev"))
    assert len(rows) == len(INDICATORS)
    assert {i.dimension for i in rows} == {
        "governance",
        "branding",
        "economy",
        "society",
        "living",
        "environment",
    }
    assert {i.aspect for i in rows} == {"baseline", "output", "outcome", "impact", "quick_win"}
    assert all(i.feed for i in rows if i.source == Source.AUTO)
    assert seed_template(2031).pk == template.pk  # idempotent


def test_the_province_copies_a_year_and_changes_a_weight(
    demo: Demo, template: EvaluationTemplate
) -> None:
    province = demo.user("provinsi")
    nxt = services.copy_to_year(province, template, 2032)
    monev = nxt.indicators.filter(framework="monev")
    assert monev.count() == len(INDICATORS) and nxt.copied_from_id == template.pk
    assert nxt.indicators.filter(framework="spbe").count() == 47  # SPBE travels along
    weights = {"baseline": 10, "output": 20, "outcome": 30, "impact": 20, "quick_win": 20}
    services.set_aspect_weights(province, nxt, weights)
    nxt.refresh_from_db()
    assert nxt.aspect_weights == weights
    assert template.aspect_weights["impact"] == 30  # the old year keeps its own
    with pytest.raises(Refused) as exc:
        services.copy_to_year(province, template, 2032)
    assert exc.value.field == "year"
    with pytest.raises(Refused):
        services.set_aspect_weights(province, nxt, {**weights, "impact": 25})
    with pytest.raises(Refused):  # a region admin does not manage templates
        services.set_aspect_weights(demo.user("admin-semarang"), nxt, weights)


def test_an_entry_is_submitted_returned_fixed_and_approved_then_locked(
    demo: Demo, template: EvaluationTemplate
) -> None:
    team, assessor = demo.user("admin-semarang"), demo.user("provinsi")
    g1 = manual(template)
    entry = services.save_entry(team, demo.semarang, g1, "3", "Perwali 2024", [pdf()], submit=True)
    assert entry.state == EntryState.SUBMITTED
    assert Evidence.objects.scoped(Scope.for_user(team)).filter(entry=entry).count() == 1
    with pytest.raises(Refused):  # comments are required to return
        services.review_entry(assessor, entry, "return", "")
    returned = services.review_entry(assessor, entry, "return", "Lampirkan perwali yang sah")
    assert returned.state == EntryState.RETURNED and returned.review_comment
    again = services.save_entry(team, demo.semarang, g1, "4", "Perwali 12/2024", submit=True)
    approved = services.review_entry(assessor, again, "adjust", "Level 3 sesuai bukti", "3")
    assert approved.state == EntryState.APPROVED and approved.accepted_value == Decimal("3.00")
    with pytest.raises(Refused):
        services.save_entry(team, demo.semarang, g1, "5", "")
    score = Score.objects.scoped(Scope.public()).get(
        region=demo.semarang, template=template, level="indicator", key="G1"
    )
    assert score.value == 60  # level 3 accepted by the assessor
    actions = set(
        AuditEntry.objects.unscoped("test reads the audit log")
        .filter(region=demo.semarang, action__startswith="maturity.")
        .values_list("action", flat=True)
    )
    assert {"maturity.submitted", "maturity.return", "maturity.adjust"} <= actions


def test_only_the_regions_team_enters_and_only_its_provinces_assessor_reviews(
    demo: Demo, template: EvaluationTemplate
) -> None:
    g1 = manual(template)
    for outsider in ("admin-kendal", "dpu-semarang", "provinsi"):
        with pytest.raises(Refused):
            services.save_entry(demo.user(outsider), demo.semarang, g1, "3", "x")
    entry = services.save_entry(
        demo.user("admin-semarang"), demo.semarang, g1, "3", "x", submit=True
    )
    for not_assessor in ("admin-semarang", "admin-kendal", "dpu-semarang"):
        with pytest.raises(Refused):
            services.review_entry(demo.user(not_assessor), entry, "accept")
    assert Entry.objects.unscoped("test").get(pk=entry.pk).state == EntryState.SUBMITTED


@pytest.mark.parametrize(
    ("code", "value", "field"),
    [
        ("G1", "6", "value"),
        ("G1", "2.5", "value"),
        ("G1", "abc", "value"),
        ("G1", "", "value"),
        ("G1", "NaN", "value"),
        ("G1", "1e999", "value"),
        ("G2", "50", "value"),
    ],
)
def test_bad_values_are_refused_and_nothing_is_written(
    demo: Demo, template: EvaluationTemplate, code: str, value: str, field: str
) -> None:
    with pytest.raises(Refused) as exc:
        services.save_entry(
            demo.user("admin-semarang"), demo.semarang, manual(template, code), value
        )
    assert exc.value.field == field
    assert not Entry.objects.unscoped("test").filter(indicator__template=template).exists()


def test_evidence_must_be_a_pdf_or_picture_and_a_bad_file_writes_nothing(
    demo: Demo, template: EvaluationTemplate
) -> None:
    fake = Upload("bukti.pdf", io.BytesIO(b"<script>alert(1)</script>"), 25)
    with pytest.raises(Refused) as exc:
        services.save_entry(
            demo.user("admin-semarang"), demo.semarang, manual(template), "3", "", [fake]
        )
    assert exc.value.field == "evidence"
    assert not Entry.objects.unscoped("test").filter(indicator__template=template).exists()


def test_automatic_indicators_follow_the_apps_kpis(
    demo: Demo, template: EvaluationTemplate
) -> None:
    figures = feed_figures(demo.semarang)
    on_time = figures["aduan-warga:resolved-on-time"]
    rollup = recompute(demo.semarang, template)
    assert rollup.indicators["G2"] == pytest.approx(on_time.score or 0)
    stored = Score.objects.scoped(Scope.public()).get(
        region=demo.semarang, template=template, level="indicator", key="G2"
    )
    assert stored.figure == on_time.value and "aduan-warga:resolved-on-time" in stored.source
    index = Score.objects.scoped(Scope.public()).get(
        region=demo.semarang, template=template, level="index"
    )
    assert index.value == pytest.approx(rollup.index)


def test_a_count_out_of_a_whole_scores_as_its_share(demo: Demo) -> None:
    figure = feed_figures(demo.semarang)["harga-pangan:markets-reporting"]
    from kotacerdas.contract import get_app
    from kotacerdas.platform.context import region_context

    app = get_app("harga-pangan")
    assert app is not None
    ctx = region_context(app, demo.semarang)
    assert ctx is not None
    kpi = next(k for k in app.kpis(ctx) if k.key == "markets_reporting")
    assert kpi.of and kpi.value is not None and figure.value == kpi.value
    assert figure.score == pytest.approx(100 * kpi.value / kpi.of)
