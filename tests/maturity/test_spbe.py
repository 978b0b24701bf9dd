"""The SPBE evaluation (PermenPANRB 59/2020): its reference data, the arithmetic checked by
hand, the region's entry and the assessor's review through the pages, and the province's
side-by-side table and map."""

from __future__ import annotations

import json
import re
from collections import defaultdict

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kotacerdas.core.models import Region
from kotacerdas.core.tenancy import Scope
from kotacerdas.maturity import spbe
from kotacerdas.maturity.compute import recompute
from kotacerdas.maturity.models import Entry, EntryState, EvaluationTemplate, Indicator, Score
from kotacerdas.maturity.scoring import Level, spbe_roll_up
from kotacerdas.maturity.seed import seed_template
from tests.conftest import Demo

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def template(db: None) -> EvaluationTemplate:
    return seed_template(2031)


def test_the_regulations_structure_and_weights() -> None:
    assert len(spbe.INDICATORS) == 47
    assert [n for n, *_ in spbe.INDICATORS] == list(range(1, 48))
    assert [d.weight for d in spbe.DOMAINS] == [13.0, 25.0, 16.5, 45.5]
    assert len(spbe.ASPECTS) == 8
    by_aspect: dict[str, float] = defaultdict(float)
    counts: dict[str, int] = defaultdict(int)
    for _n, aspect, _id, _en, weight, _feed in spbe.INDICATORS:
        by_aspect[aspect] += weight
        counts[aspect] += 1
    for item in spbe.ASPECTS:  # an aspect weighs what its indicators weigh
        assert by_aspect[item.key] == pytest.approx(item.weight)
    for domain in spbe.DOMAINS:
        mine = [a.weight for a in spbe.ASPECTS if a.domain == domain.key]
        assert sum(mine) == pytest.approx(domain.weight)
    # The annex: 10 policy indicators; 4 + 4 + 2 in governance; 8 + 3 in management;
    # 10 + 6 in services.
    assert [counts[a.key] for a in spbe.ASPECTS] == [10, 4, 4, 2, 8, 3, 10, 6]
    feeds = {n: feed for n, _a, _i, _e, _w, feed in spbe.INDICATORS if feed}
    assert feeds == {42: "aduan-warga:resolved-on-time", 43: "data-terbuka:fresh-datasets"}


def test_the_seeded_template_holds_the_47_levels(template: EvaluationTemplate) -> None:
    rows = list(Indicator.objects.filter(template=template, framework="spbe"))
    assert len(rows) == 47
    assert all(i.scale == "levels" and i.source == "manual" and not i.aspect for i in rows)
    assert [lvl["id"] for lvl in rows[0].levels] == [
        "Rintisan",
        "Terkelola",
        "Terdefinisi",
        "Terpadu dan Terukur",
        "Optimum",
    ]
    assert sum(float(i.weight) for i in rows) == pytest.approx(100)
    assert seed_template(2031).indicators.filter(framework="spbe").count() == 47  # once


def test_the_index_by_hand() -> None:
    # Every indicator at level 3, those of domain 4 (services, 45.5 %) at level 4, and
    # indicator 47 not assessed (it counts 0): 0.545 × 3 + (45.5 − 3) / 100 × 4 = 3.335.
    levels = []
    for number, aspect, _id, _en, weight, _feed in spbe.INDICATORS:
        domain = spbe.ASPECT_BY_KEY[aspect].domain
        level = None if number == 47 else 4.0 if domain == "layanan" else 3.0
        levels.append(Level(spbe.code(number), domain, aspect, weight, level))
    rollup = spbe_roll_up(levels)
    assert rollup.index == pytest.approx(0.545 * 3 + 0.425 * 4)
    assert rollup.missing == ["SPBE-47"]
    assert rollup.domains["layanan"] == pytest.approx(42.5 * 4 / 45.5)
    assert rollup.aspects["layanan-publik"] == pytest.approx(15 * 4 / 18)
    assert rollup.aspects["audit-tik"] == pytest.approx(3)
    assert spbe.predicate(rollup.index)[0] == "baik"


@pytest.mark.parametrize(
    ("index", "key"),
    [
        (0.0, "kurang"),
        (1.79, "kurang"),
        (1.8, "cukup"),
        (2.59, "cukup"),
        (2.6, "baik"),
        (3.49, "baik"),
        (3.5, "sangat-baik"),
        (4.19, "sangat-baik"),
        (4.2, "memuaskan"),
        (5.0, "memuaskan"),
        (None, "none"),
    ],
)
def test_the_predicates(index: float | None, key: str) -> None:
    assert spbe.predicate(index)[0] == key


def spbe_score(region: Region, template: EvaluationTemplate, level: str, key: str) -> Score:
    return Score.objects.scoped(Scope.public()).get(
        region=region, template=template, level=level, key=key
    )


def test_the_team_enters_a_level_with_evidence_and_the_assessor_approves(
    demo: Demo, template: EvaluationTemplate
) -> None:
    team = demo.client_for("admin-semarang")
    url = "/console/semarang/kematangan/spbe/?year=2031"
    page = team.get(url).content.decode()
    assert page.count('class="mt-indicator"') == 47
    assert "Layanan Pengaduan Pelayanan Publik" in page or "Public service complaints" in page
    answer = team.post(
        url,
        {
            "indicator": "SPBE-44",
            "year_shown": "2031",
            "value": "4",
            "note": "JDIH terhubung ke JDIHN",
            "submit": "1",
            "evidence": SimpleUploadedFile("jdih.pdf", PDF, "application/pdf"),
        },
    )
    assert answer.status_code == 302 and answer["Location"].endswith("#i-SPBE-44")
    entry = Entry.objects.unscoped("test").get(
        region=demo.semarang, indicator__template=template, indicator__code="SPBE-44"
    )
    assert entry.state == EntryState.SUBMITTED
    province = demo.client_for("provinsi")
    listing = province.get(f"/province/{demo.semarang.province.code}/kematangan/?year=2031")
    assert "SPBE-44" in listing.content.decode()  # in the assessor's review list
    reviewed = province.post(
        f"/province/{demo.semarang.province.code}/kematangan/entri/{entry.pk}/tinjau/",
        {f"e{entry.pk}-decision": "accept", f"e{entry.pk}-comment": ""},
    )
    assert reviewed.status_code == 302
    assert spbe_score(demo.semarang, template, "spbe_ind", "SPBE-44").value == 4
    # By hand: 4 × 3 % of the index; 4 × 3 / 18 of its aspect; 4 × 3 / 45.5 of its domain.
    index = spbe_score(demo.semarang, template, "spbe_index", "index").value
    assert index == pytest.approx(0.12)
    aspect = spbe_score(demo.semarang, template, "spbe_asp", "layanan-publik").value
    assert aspect == pytest.approx(12 / 18)
    domain = spbe_score(demo.semarang, template, "spbe_dom", "layanan").value
    assert domain == pytest.approx(12 / 45.5)
    # The monev's index is not touched by SPBE levels.
    monev = recompute(demo.semarang, template)
    assert "SPBE-44" not in monev.indicators
    locked = team.get(url).content.decode()
    assert 'aria-label="SPBE-44"' not in locked and 'id="spbe-index">0,12<' in locked.replace(
        "0.12", "0,12"
    )


def test_a_bad_level_is_named_and_nothing_is_written(
    demo: Demo, template: EvaluationTemplate
) -> None:
    team = demo.client_for("admin-semarang")
    for value in ("7", "2.5", "abc", ""):
        answer = team.post(
            "/console/semarang/kematangan/spbe/?year=2031",
            {"indicator": "SPBE-01", "year_shown": "2031", "value": value, "submit": "0"},
        )
        assert answer.status_code == 400
        assert 'role="alert"' in answer.content.decode()
    missing = team.post(
        "/console/semarang/kematangan/spbe/?year=2031",
        {"indicator": "SPBE-99", "year_shown": "2031", "value": "3"},
    )
    assert missing.status_code == 404
    assert not Entry.objects.unscoped("test").filter(indicator__template=template).exists()


def test_indicator_42_shows_the_apps_figure_as_evidence(
    demo: Demo, template: EvaluationTemplate
) -> None:
    recompute(demo.semarang, template)
    g2 = spbe_score(demo.semarang, template, "indicator", "G2")
    s42 = spbe_score(demo.semarang, template, "spbe_ind", "SPBE-42")
    assert s42.figure == g2.figure and "aduan-warga:resolved-on-time" in s42.source
    assert s42.value == 0  # the figure is evidence, not a level: nothing approved yet
    page = demo.client_for("admin-semarang").get("/console/semarang/kematangan/spbe/?year=2031")
    card = re.search(r'id="i-SPBE-42".*?</div>', page.content.decode(), re.S)
    assert card is not None and "aduan-warga:resolved-on-time" in card.group(0)


@pytest.mark.parametrize(
    ("username", "status"), [("admin-kendal", 403), ("dpu-semarang", 200), (None, 302)]
)
def test_who_sees_a_regions_spbe_page(
    demo: Demo, template: EvaluationTemplate, username: str | None, status: int
) -> None:
    page = demo.client_for(username).get("/console/semarang/kematangan/spbe/?year=2031")
    assert page.status_code == status
    if status == 200:  # agency staff read, but only the region's team enters
        assert '<form method="post"' not in page.content.decode()


def test_the_province_sees_every_regions_spbe_index_and_the_map(
    demo: Demo, template: EvaluationTemplate
) -> None:
    regions = list(Region.objects.filter(province=demo.semarang.province))
    for region in regions:
        recompute(region, template)
    page = demo.client_for("provinsi").get(
        f"/province/{demo.semarang.province.code}/kematangan/?year=2031"
    )
    html = page.content.decode()
    assert html.count('class="mt-spbe-row"') == len(regions)
    found = re.search(r'<script id="mt-map-data" type="application/json">(.*?)</script>', html)
    assert found is not None
    data = json.loads(found.group(1))
    features = data["regions"]["features"]
    assert {f["properties"]["slug"] for f in features} == {r.slug for r in regions}
    indices = {
        r.region_id: r.value
        for r in Score.objects.scoped(Scope.public()).filter(
            template=template, level="index", region__in=regions
        )
    }
    for feature in features:
        region = next(r for r in regions if r.slug == feature["properties"]["slug"])
        value = indices[region.pk]
        assert value is not None
        assert feature["properties"]["band"] == f"b{min(4, int(value // 20))}"
        assert feature["geometry"]["type"] in ("Polygon", "MultiPolygon")
    assert data["tiles"] is None  # tests run with tiles off; the map still draws
    assert 'id="mt-legend"' in html


def test_the_region_pdf_carries_the_spbe_index(demo: Demo, template: EvaluationTemplate) -> None:
    import io

    from pypdf import PdfReader

    from kotacerdas.maturity import services

    indicator = Indicator.objects.get(template=template, code="SPBE-32")
    entry = services.save_entry(
        demo.user("admin-semarang"), demo.semarang, indicator, "5", "e-planning", submit=True
    )
    services.review_entry(demo.user("provinsi"), entry, "accept")
    answer = demo.client_for("admin-semarang").get(
        "/console/semarang/kematangan/laporan.pdf?year=2031"
    )
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(answer.content)).pages)
    # By hand: level 5 × 2.75 % = 0.1375 of the index; 5 × 2.75 / 45.5 of domain 4.
    assert "0.14" in text and f"{5 * 2.75 / 45.5:.2f}" in text
    assert "Layanan SPBE" in text or "SPBE services" in text
