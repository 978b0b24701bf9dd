"""Importing stations from a CSV file, all or nothing, with a report by row.

Every row goes through the console's own form (:class:`StationForm`): a row whose code the
region already has updates that station, any other row creates one. When any row is
refused nothing is written and the report names each refused row, column and reason; when
every row passes, all are written in one transaction. Cells are text: a cell starting with
``=`` is a name like any other (stored and shown as text, never evaluated).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from kotacerdas.apps.sensor_kota.config import SensorKotaConfig
from kotacerdas.apps.sensor_kota.derive.flood import levels
from kotacerdas.apps.sensor_kota.models import Station
from kotacerdas.apps.sensor_kota.services.station_form import StationForm, threshold_field
from kotacerdas.apps.sensor_kota.services.stations import changeable, may_change, save_station
from kotacerdas.contract import AppContext
from kotacerdas.core.models import Region

Ctx = AppContext[SensorKotaConfig]
MAX_BYTES = 1024 * 1024
MAX_ROWS = 2000
MAX_CELL = 1000
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")

# Column → form field; Indonesian names are accepted too.
BASE_COLUMNS = [
    "code",
    "name",
    "kind",
    "lat",
    "lng",
    "agency",
    "quantities",
    "interval_seconds",
    "public",
    "show_ispu",
]
ALIASES = {
    "kode": "code",
    "nama": "name",
    "jenis": "kind",
    "lintang": "lat",
    "bujur": "lng",
    "latitude": "lat",
    "longitude": "lng",
    "instansi": "agency",
    "besaran": "quantities",
    "interval_detik": "interval_seconds",
    "publik": "public",
    "tampilkan_ispu": "show_ispu",
}
REQUIRED = ("code", "name", "kind", "lat", "lng", "quantities")
YES = {"1", "ya", "y", "yes", "true", "benar"}
NO = {"0", "tidak", "t", "no", "n", "false", "salah", ""}


class FileRefused(ValueError):
    """The file as a whole cannot be read; nothing was imported."""


@dataclass
class RowResult:
    number: int
    code: str
    outcome: str  # "created", "updated" or "refused"
    problems: list[tuple[str, str]] = field(default_factory=list)  # (column, reason)


@dataclass
class ImportReport:
    rows: list[RowResult] = field(default_factory=list)
    written: bool = False

    @property
    def refused(self) -> list[RowResult]:
        return [r for r in self.rows if r.outcome == "refused"]

    @property
    def created(self) -> list[RowResult]:
        return [r for r in self.rows if r.outcome == "created"]

    @property
    def updated(self) -> list[RowResult]:
        return [r for r in self.rows if r.outcome == "updated"]


def columns(config: SensorKotaConfig) -> list[str]:
    return BASE_COLUMNS + [threshold_field(lvl.key) for lvl in levels(config)[1:]]


def template_csv(config: SensorKotaConfig, region: Region) -> str:
    """The downloadable template: the header and two example rows placed near the region's
    centre (so the template itself imports as it stands)."""
    out = io.StringIO()
    writer = csv.writer(out)
    cols = columns(config)
    lat, lng = region.centre_lat, region.centre_lng
    writer.writerow(cols)
    examples = [
        {
            "code": "awlr-kali-garang",
            "name": "Kali Garang",
            "kind": "water",
            "lat": f"{lat:.5f}",
            "lng": f"{lng:.5f}",
            "agency": "bpbd",
            "quantities": "water_level rainfall",
            "interval_seconds": "300",
            "public": "ya",
            "show_ispu": "ya",
            "waspada_cm": "60",
            "siaga_cm": "100",
            "awas_cm": "200",
        },
        {
            "code": "aq-balai-kota",
            "name": "Balai Kota",
            "kind": "air",
            "lat": f"{lat + 0.001:.5f}",
            "lng": f"{lng + 0.001:.5f}",
            "agency": "dlh",
            "quantities": "pm25 pm10",
            "interval_seconds": "600",
            "public": "ya",
            "show_ispu": "ya",
        },
    ]
    for example in examples:
        writer.writerow([example.get(c, "") for c in cols])
    return out.getvalue()


def read_table(content: bytes) -> list[list[str]]:
    if len(content) > MAX_BYTES:
        raise FileRefused(_("The file is larger than 1 MB."))
    if b"\x00" in content:
        raise FileRefused(_("This is not a CSV text file (it holds binary data)."))
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileRefused(
            _("The file is not UTF-8 text; save it as “CSV UTF-8” and upload it again.")
        ) from None
    if not text.strip():
        raise FileRefused(_("The file is empty."))
    # Indonesian spreadsheets often separate with semicolons (their decimal mark is the
    # comma): the header row, which holds no numbers, tells the separator.
    first = text.lstrip().splitlines()[0]
    delimiter = max(",;\t", key=first.count)
    table: list[list[str]] = []
    try:
        for cells in csv.reader(io.StringIO(text), delimiter=delimiter):
            table.append(cells)
            if len(table) > MAX_ROWS + 1:
                raise FileRefused(_("At most %(n)d stations per file.") % {"n": MAX_ROWS})
    except csv.Error:  # a cell over csv's field limit (128 KB)
        raise FileRefused(
            _("Row %(row)d: a cell is far too long.") % {"row": len(table) + 1}
        ) from None
    return table


def header_of(table: list[list[str]], config: SensorKotaConfig) -> list[str]:
    known = set(columns(config))
    header = []
    for cell in table[0]:
        name = cell.strip().lower().replace(" ", "_")
        name = ALIASES.get(name, name)
        header.append(name if name in known else "")
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise FileRefused(
            _("The first row must name the columns; missing: %(cols)s.")
            % {"cols": ", ".join(missing)}
        )
    return header


def _flag(raw: str) -> bool | None:
    value = raw.strip().lower()
    if value in YES:
        return True
    if value in NO:
        return False
    return None


def _form_data(cells: dict[str, str]) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """Form data from a row's cells, and the problems found before the form's checks."""
    data: dict[str, Any] = {}
    problems: list[tuple[str, str]] = []
    for column, raw in cells.items():
        if len(raw) > MAX_CELL:
            too_long = _("The cell is longer than %(n)d characters.") % {"n": MAX_CELL}
            problems.append((column, too_long))
        elif CONTROL.search(raw):
            problems.append((column, _("The cell holds a control character.")))
        elif column == "quantities":
            data[column] = [q for q in re.split(r"[\s,;|]+", raw.strip()) if q]
        elif column in ("public", "show_ispu"):
            flag = _flag(raw)
            if flag is None:
                problems.append((column, _("Write ya or tidak.")))
            elif flag:
                data[column] = "on"
        else:
            data[column] = raw.strip()
    for column in ("public", "show_ispu"):
        if column not in cells:
            data[column] = "on"  # the form's defaults: public, ISPU shown
    if "interval_seconds" not in data or not data["interval_seconds"]:
        data["interval_seconds"] = "60"
    return data, problems


def check_and_import(ctx: Ctx, actor_id: int | None, content: bytes) -> ImportReport:
    """Check every row; write all of them only when none is refused."""
    table = read_table(content)
    header = header_of(table, ctx.config)
    report = ImportReport()
    valid: list[tuple[RowResult, dict[str, Any], Station | None]] = []
    seen: dict[str, int] = {}
    for number, raw_cells in enumerate(table[1:], start=2):
        if all(not c.strip() for c in raw_cells):
            continue
        cells = {h: v for h, v in zip(header, raw_cells, strict=False) if h}
        code = cells.get("code", "").strip()
        result = RowResult(number, code[:60], "refused")
        report.rows.append(result)
        data, result.problems = _form_data(cells)
        if code in seen:
            result.problems.append(
                ("code", _("The same code is in row %(row)d.") % {"row": seen[code]})
            )
        seen.setdefault(code, number)
        existing = changeable(ctx, code) if code else None
        if existing is None and code and _exists(ctx, code):
            result.problems.append(("code", _("You may not change this station.")))
        elif existing is None and not may_change(ctx):
            result.problems.append(("code", _("You may not add stations.")))
        if existing is not None:
            data["code"] = existing.code
        form = StationForm(data, ctx=ctx, station=existing)
        if not form.is_valid():
            for name, errors in form.errors.items():
                column = name if name != "__all__" else ""
                result.problems += [(column, str(e)) for e in errors]
        if not result.problems:
            result.outcome = "updated" if existing is not None else "created"
            valid.append((result, form.cleaned_data, existing))
    if not report.rows:
        raise FileRefused(_("The file has a header but no stations."))
    if report.refused:
        for result, _data, _existing in valid:  # reported as what would have happened
            result.outcome = "would_" + result.outcome
        return report
    with transaction.atomic():
        for _result, data, existing in valid:
            save_station(ctx, actor_id, data, existing)
    report.written = True
    return report


def _exists(ctx: Ctx, code: str) -> bool:
    return Station.objects.scoped(ctx.scope).filter(region=ctx.region, code=code).exists()
