"""Reading an uploaded CSV or XLSX file into rows, numbered as the officer sees them."""

from __future__ import annotations

import contextlib
import csv
import io
import re
from typing import Any

from django.utils.translation import gettext as _

# Column names officers may use, Indonesian or English, mapped to ours.
COLUMNS = {
    "pasar": "market",
    "market": "market",
    "komoditas": "commodity",
    "commodity": "commodity",
    "varian": "variant",
    "variant": "variant",
    "kualitas": "variant",
    "tanggal": "date",
    "date": "date",
    "harga": "price",
    "price": "price",
    "konfirmasi": "confirmed",
    "confirmed": "confirmed",
}
REQUIRED = ("market", "commodity", "date", "price")
MAX_ROWS = 50_000
MAX_CELL = 128 * 1024  # csv's own field limit: no price list has a cell anywhere near it
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


class FileRefused(ValueError):
    """The file as a whole cannot be read (format, header, size)."""


def read_rows(name: str, content: bytes) -> list[tuple[int, dict[str, Any]]]:
    """(row number, {column: value}) for every non-empty data row; row 1 is the header."""
    if name.lower().endswith(".xlsx"):
        table = _xlsx(content)
    elif name.lower().endswith(".csv"):
        table = _csv(content)
    else:
        raise FileRefused(_("Upload a .csv or .xlsx file."))
    if not table:
        raise FileRefused(_("The file is empty."))
    header = [COLUMNS.get(str(h or "").strip().lower(), "") for h in table[0]]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise FileRefused(
            _("The first row must name the columns; missing: %(cols)s.")
            % {"cols": ", ".join(missing)}
        )
    if len(table) - 1 > MAX_ROWS:
        raise FileRefused(_("At most %(n)d rows per file.") % {"n": MAX_ROWS})
    rows = []
    for number, cells in enumerate(table[1:], start=2):
        if all(c is None or str(c).strip() == "" for c in cells):
            continue
        rows.append((number, {h: v for h, v in zip(header, cells, strict=False) if h}))
    return rows


def _csv(content: bytes) -> list[list[Any]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileRefused(_("The CSV file is not UTF-8 text.")) from None
    dialect: type[csv.Dialect] | csv.Dialect = csv.excel
    with contextlib.suppress(csv.Error):  # Indonesian spreadsheets often use semicolons
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    reader = csv.reader(io.StringIO(text), dialect)
    table: list[list[Any]] = []
    try:
        for cells in reader:
            table.append(_clean(len(table) + 1, cells))
            if len(table) > MAX_ROWS + 1:
                break
    except csv.Error:
        # The only error csv.reader raises on text: a cell over its field limit (128 KB).
        raise FileRefused(
            _("Row %(row)d: a cell is longer than %(kb)d KB; no cell of a price list is.")
            % {"row": len(table) + 1, "kb": MAX_CELL // 1024}
        ) from None
    return table


def _clean(row: int, cells: list[Any]) -> list[Any]:
    """The row's cells; a cell over ``MAX_CELL`` or holding a control character refused."""
    for column, cell in enumerate(cells, start=1):
        if not isinstance(cell, str):
            continue
        if len(cell) > MAX_CELL:
            raise FileRefused(
                _("Row %(row)d: a cell is longer than %(kb)d KB; no cell of a price list is.")
                % {"row": row, "kb": MAX_CELL // 1024}
            )
        if CONTROL.search(cell):
            raise FileRefused(
                _("Row %(row)d, column %(col)d: a cell holds a control character (such as NUL).")
                % {"row": row, "col": column}
            )
    return cells


def _xlsx(content: bytes) -> list[list[Any]]:
    from openpyxl import load_workbook  # type: ignore[import-untyped]

    # openpyxl raises many types for a damaged or truncated file (BadZipFile, KeyError,
    # EOFError, zlib and XML errors), at opening or only while the rows are read: the whole
    # read is inside the guard.
    table: list[list[Any]] = []
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        try:
            sheet = book.worksheets[0]
            for cells in sheet.iter_rows(values_only=True):
                table.append(_clean(len(table) + 1, list(cells)))
                if len(table) > MAX_ROWS + 1:
                    break
        finally:
            book.close()
    except FileRefused:
        raise
    except Exception:
        if not table:
            raise FileRefused(_("The XLSX file cannot be read.")) from None
        raise FileRefused(
            _("The XLSX file is damaged or incomplete after row %(row)d.") % {"row": len(table)}
        ) from None
    return table
