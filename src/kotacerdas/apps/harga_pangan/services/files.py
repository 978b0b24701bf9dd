"""Reading an uploaded CSV or XLSX file into rows, numbered as the officer sees them."""

from __future__ import annotations

import contextlib
import csv
import io
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
    return [list(r) for r in csv.reader(io.StringIO(text), dialect)]


def _xlsx(content: bytes) -> list[list[Any]]:
    from openpyxl import load_workbook  # type: ignore[import-untyped]

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many types for a damaged file
        raise FileRefused(_("The XLSX file cannot be read.")) from None
    sheet = book.worksheets[0]
    table = [list(r) for r in sheet.iter_rows(values_only=True)]
    book.close()
    return table
