"""Numbers of the province view, formatted once in Python for the page's language.

The side-by-side table has a few hundred cells (35 regions × index, six dimensions, four
SPBE domains, the trend); Django's ``floatformat`` localises each through Decimal and the
format machinery, which was most of the page's time. Scores here are 0–100 or 0–5, so no
thousands separator is ever needed: the locale's decimal separator is all that differs.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils import formats

from kotacerdas.maturity.queries import RegionRow, SpbeRow, band


@dataclass(frozen=True)
class Cell:
    band: str
    text: str


class Numbers:
    def __init__(self) -> None:
        self.sep = str(formats.get_format("DECIMAL_SEPARATOR"))

    def text(self, value: float | None, digits: int) -> str:
        if value is None:
            return "—"
        return f"{value:.{digits}f}".replace(".", self.sep)

    def cell(self, value: float | None, digits: int) -> Cell:
        return Cell(band(value), self.text(value, digits))


def _links(name: str, year: int) -> tuple[str, str]:
    """A region page's URL as a pattern reversed once (not once per row)."""
    return reverse(name, args=["SLUG"]), f"?year={year}"


@dataclass(frozen=True)
class RankingLine:
    row: RegionRow
    url: str
    index: Cell
    dimensions: list[Cell]
    weakest: list[tuple[str, str, str, str]]  # code, name id, name en, score
    trend: list[tuple[int, str]]


@dataclass(frozen=True)
class SpbeLine:
    row: SpbeRow
    url: str
    index: str
    domains: list[str]


def ranking_lines(rows: list[RegionRow], year: int) -> list[RankingLine]:
    n = Numbers()
    path, query = _links("maturity:region", year)
    return [
        RankingLine(
            row,
            path.replace("SLUG", row.region.slug) + query,
            n.cell(row.index, 1),
            [n.cell(v, 0) for v in row.dimensions],
            [(ind.code, ind.name_id, ind.name_en, n.text(s, 0)) for ind, s in row.weakest],
            [(year, n.text(v, 1)) for year, v in row.trend],
        )
        for row in rows
    ]


def spbe_lines(rows: list[SpbeRow], year: int) -> list[SpbeLine]:
    n = Numbers()
    path, query = _links("maturity:region-spbe", year)
    return [
        SpbeLine(
            r,
            path.replace("SLUG", r.region.slug) + query,
            n.text(r.index, 2),
            [n.text(v, 2) for v in r.domains],
        )
        for r in rows
    ]
