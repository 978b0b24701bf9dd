"""The province's room: every region side by side per dimension, as a heat table."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from kotacerdas.core.models import Province, Region
from kotacerdas.core.tenancy import Scope
from kotacerdas.dimensions import DIMENSIONS
from kotacerdas.situation.feed import alert_counts
from kotacerdas.situation.models import RoomSettings
from kotacerdas.situation.summary import region_summary
from kotacerdas.situation.tiles import Tile, worst_state
from kotacerdas.web.views.access import scope_of

# A cell is a glance, not a report: the first KPIs of the dimension, the rest in the room.
KEY_KPIS_PER_CELL = 3


@dataclass(frozen=True)
class ProvinceView:
    province: Province
    regions: list[Region]
    scope: Scope
    # Regions the caller reads in full, and regions that opened a public room.
    private_ids: frozenset[int]
    public_ids: frozenset[int]


# The state of a cell without a single measured value: grey and "no data yet", never the
# green of "all is well" — a region that has not enabled an app has not shown it is fine.
NO_DATA = "nodata"


@dataclass(frozen=True)
class Cell:
    state: str
    tiles: list[Tile]
    more: int

    @property
    def has_data(self) -> bool:
        return self.state != NO_DATA


@dataclass(frozen=True)
class Row:
    region: Region
    shared: bool
    private: bool
    cells: list[Cell]
    active_alerts: int | None

    @property
    def has_data(self) -> bool:
        return any(c.has_data for c in self.cells)

    @property
    def alerts_state(self) -> str:
        """Red with open alerts; green only when the region shows data and has none."""
        if self.active_alerts:
            return "bad"
        return "good" if self.has_data else NO_DATA


def province_access(request: HttpRequest, code: str) -> ProvinceView:
    province = get_object_or_404(Province, code=code)
    regions = list(Region.objects.filter(province=province).order_by("code"))
    scope = scope_of(request)
    private = frozenset(r.pk for r in regions if scope.can_read_private(r.pk))
    opened = RoomSettings.objects.scoped(Scope.public()).filter(
        region__in=regions, public_room=True
    )
    public = frozenset(opened.values_list("region_id", flat=True)) - private
    return ProvinceView(province, regions, scope, private, public)


def heat_rows(view: ProvinceView) -> list[Row]:
    rows = []
    for region in view.regions:
        private = region.pk in view.private_ids
        if not private and region.pk not in view.public_ids:
            rows.append(Row(region, False, False, [], None))
            continue
        summary = region_summary(region)
        cells = []
        for dim in DIMENSIONS:
            tiles = summary.tiles_in(dim.key)
            cells.append(
                Cell(_cell_state(tiles), tiles[:KEY_KPIS_PER_CELL], len(tiles) - KEY_KPIS_PER_CELL)
            )
        counts = alert_counts(region, view.scope, private=private)
        rows.append(Row(region, True, private, cells, counts["active"]))
    return rows


def _cell_state(tiles: list[Tile]) -> str:
    """The worst state among the KPIs that have a value; ``NO_DATA`` when none has one (a
    KPI without a value may still say "good", which would paint an empty cell green)."""
    measured = [t for t in tiles if t.kpi.value is not None]
    return worst_state(measured) if measured else NO_DATA
