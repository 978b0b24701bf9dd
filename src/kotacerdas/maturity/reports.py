"""The evaluation's reports: a PDF per region and for the province (reportlab, pure Python,
so a region's server needs no system libraries), and every score as CSV or XLSX.

reportlab's ``Paragraph`` reads a small XML markup, so every text from users or
configurations (notes, file names, region and indicator names) is escaped before it goes in.
"""

from __future__ import annotations

import csv
import io
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook  # type: ignore[import-untyped]
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import (
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from kotacerdas.core.models import Province, Region
from kotacerdas.core.tenancy import Scope
from kotacerdas.dimensions import DIMENSIONS
from kotacerdas.maturity import spbe
from kotacerdas.maturity.models import (
    Entry,
    EvaluationTemplate,
    Evidence,
    Framework,
    Score,
    ScoreLevel,
)
from kotacerdas.maturity.queries import province_rows, region_scores

STYLES = getSampleStyleSheet()
GRID = TableStyle(
    [
        ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef9")),
        ("FONTSIZE", (0, 0), (-1, -1), 8),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
)


def _p(text: object, style: str = "BodyText") -> Paragraph:
    return Paragraph(escape(str(text)), STYLES[style])


def _num(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def _dimension_name(key: str, language: str) -> str:
    dim = next((d for d in DIMENSIONS if d.key == key), None)
    return dim.name(language) if dim else key


def _build(story: list[object]) -> bytes:
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=2 * cm, rightMargin=2 * cm)
    doc.build(story)
    return out.getvalue()


def region_pdf(region: Region, template: EvaluationTemplate, language: str) -> bytes:
    scores = region_scores(region, template)
    index = scores.get((ScoreLevel.INDEX, "index"))
    story: list[object] = [
        _p(_("Maturity index"), "Title"),
        _p(f"{region.name} ({region.code})", "Heading2"),
        _p(template.title(language), "Heading3"),
        _p(
            _("Achievement index: %(value)s of 100")
            % {"value": _num(index.value if index else None)},
            "Heading2",
        ),
        _p(
            _("Made on %(date)s (WIB).") % {"date": timezone.localtime().strftime("%Y-%m-%d %H:%M")}
        ),
        Spacer(1, 0.5 * cm),
        _p(_("Summary"), "Heading2"),
    ]
    rows = [[_("Dimension"), _("Score")]]
    for dim in DIMENSIONS:
        s = scores.get((ScoreLevel.DIMENSION, dim.key))
        rows.append([dim.name(language), _num(s.value if s else None)])
    rows.append([_("Aspect"), _("Weight") + " / " + _("Score")])
    for key, weight in template.aspect_weights.items():
        s = scores.get((ScoreLevel.ASPECT, key))
        rows.append([key, f"{weight} % / {_num(s.value if s else None)}"])
    story += [Table(rows, colWidths=[10 * cm, 6 * cm], style=GRID), Spacer(1, 0.5 * cm)]
    story += _spbe_summary(scores, language)
    story.append(PageBreak())
    indicators = [i for i in template.indicators.all() if i.framework == Framework.MONEV]
    for dim in DIMENSIONS:
        story.append(_p(dim.name(language), "Heading2"))
        rows = [[_("Code"), _("Indicator"), _("Aspect"), _("Score"), _("Source")]]
        for ind in indicators:
            if ind.dimension != dim.key:
                continue
            s = scores.get((ScoreLevel.INDICATOR, ind.code))
            rows.append(
                [
                    ind.code,
                    _p(ind.name(language)),
                    ind.aspect,
                    _num(s.value if s else None),
                    _p(s.source if s and s.source else _("manual, with evidence")),
                ]
            )
        widths = [1.3 * cm, 7 * cm, 2 * cm, 1.5 * cm, 5.2 * cm]
        story += [Table(rows, colWidths=widths, style=GRID), Spacer(1, 0.4 * cm)]
    scope = Scope.region_system(region.pk, "the region's report lists its evidence")
    entries = Entry.objects.scoped(scope).filter(region=region, indicator__template=template)
    story.append(_p(_("Evidence"), "Heading2"))
    rows = [[_("Indicator"), _("State"), _("File")]]
    for item in (
        Evidence.objects.scoped(scope)
        .filter(entry__in=list(entries))
        .select_related("entry__indicator")
        .order_by("entry__indicator__code", "id")
    ):
        rows.append(
            [item.entry.indicator.code, item.entry.get_state_display(), _p(item.original_name)]
        )
    if len(rows) == 1:
        story.append(_p(_("No evidence uploaded.")))
    else:
        story.append(Table(rows, colWidths=[3 * cm, 4 * cm, 10 * cm], style=GRID))
    return _build(story)


def _spbe_summary(scores: dict[tuple[str, str], Score], language: str) -> list[object]:
    """The SPBE index (0–5), its predicate and the four domains' indices."""
    index = scores.get((ScoreLevel.SPBE_INDEX, "index"))
    value = index.value if index else None
    _key, predicate = spbe.predicate(value)
    rows: list[list[object]] = [[_("Domain"), _("Weight"), _("Index")]]
    for domain in spbe.DOMAINS:
        s = scores.get((ScoreLevel.SPBE_DOMAIN, domain.key))
        shown = "–" if s is None or s.value is None else f"{s.value:.2f}"
        rows.append([f"{domain.number}. {domain.name(language)}", f"{domain.weight:g} %", shown])
    return [
        _p(_("SPBE evaluation"), "Heading2"),
        _p(
            _("SPBE index: %(value)s of 5 (%(predicate)s)")
            % {"value": "–" if value is None else f"{value:.2f}", "predicate": predicate}
        ),
        Table(rows, colWidths=[10 * cm, 3 * cm, 3 * cm], style=GRID),
    ]


def province_pdf(
    province: Province,
    regions: list[Region],
    template: EvaluationTemplate,
    templates: list[EvaluationTemplate],
    language: str,
) -> bytes:
    ranking = province_rows(regions, template, templates)
    story: list[object] = [
        _p(_("Maturity index"), "Title"),
        _p(province.name, "Heading2"),
        _p(template.title(language), "Heading3"),
        _p(
            _("Made on %(date)s (WIB).") % {"date": timezone.localtime().strftime("%Y-%m-%d %H:%M")}
        ),
        Spacer(1, 0.5 * cm),
        _p(_("Ranking"), "Heading2"),
    ]
    head: list[object] = ["#", _("Region"), _("Index")]
    head += [d.key[:5] for d in DIMENSIONS]
    rows: list[list[object]] = [head]
    for row in ranking:
        rows.append(
            [row.rank, _p(row.region.name), _num(row.index)] + [_num(v) for v in row.dimensions]
        )
    widths = [0.8 * cm, 5.2 * cm, 1.5 * cm] + [1.6 * cm] * len(DIMENSIONS)
    story.append(Table(rows, colWidths=widths, style=GRID, repeatRows=1))
    story.append(_p(_("Pulling it down"), "Heading2"))
    for row in ranking:
        weak = "; ".join(
            f"{ind.code} {ind.name(language)} ({score:.0f})" for ind, score in row.weakest
        )
        story.append(_p(f"{row.region.name}: {weak or '–'}"))
    return _build(story)


HEADER = ["region_code", "region", "year", "level", "key", "score", "figure", "source"]


def score_rows(regions: list[Region], template: EvaluationTemplate) -> list[list[object]]:
    names = {r.pk: (r.code, r.name) for r in regions}
    rows = (
        Score.objects.scoped(Scope.public())
        .filter(region_id__in=list(names), template=template)
        .order_by("region__code", "level", "key")
        .values_list("region_id", "level", "key", "value", "figure", "source")
    )
    out: list[list[object]] = []
    for region_id, level, key, value, figure, source in rows:
        code, name = names[region_id]
        score = None if value is None else round(value, 2)
        out.append([code, name, template.year, level, key, score, figure, source])
    return out


def _cell(value: object) -> object:
    # A text beginning like a formula is kept as text, not run by a spreadsheet.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def scores_csv(regions: list[Region], template: EvaluationTemplate) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    for row in score_rows(regions, template):
        writer.writerow([_cell(v) for v in row])
    return buffer.getvalue()


def scores_xlsx(regions: list[Region], template: EvaluationTemplate) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(str(template.year))
    sheet.append(HEADER)
    for row in score_rows(regions, template):
        sheet.append([_cell(v) for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
