"""An agency's upload: a CSV or XLSX file read into a draft release of a resource.

``stage_upload`` reads the file (encoding and delimiter detected), guesses each column's
type from its values, loads the rows into the release's datastore table, and records the
row report (values that do not fit the column's type: the cell is left empty) and the
personal-data flags. The officer then corrects the columns (``set_columns``: types,
units, definitions, dropping a column; the file is read again), confirms flagged columns
that are not personal data (``confirm_not_personal``), looks at ``preview`` and submits
(``services.review``). A file that cannot be read as a table is refused with a message and
nothing is written.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import IO, Any

from django.conf import settings
from django.core.files.base import File
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from kotacerdas.apps.data_terbuka import datastore
from kotacerdas.apps.data_terbuka.models import (
    OpenDataset,
    Release,
    ReleaseState,
    Resource,
    Source,
)
from kotacerdas.apps.data_terbuka.services import Refused, pii
from kotacerdas.apps.data_terbuka.services.access import require_producer
from kotacerdas.contract import AppContext
from kotacerdas.core import audit
from kotacerdas.core.tenancy import Action

Ctx = AppContext[Any]

MAX_ERRORS = 1000
SAMPLE_ROWS = 10_000  # rows read to guess the column types
HEAD_BYTES = 64 * 1024
MAX_CELL = 128 * 1024
EDITABLE = (ReleaseState.DRAFT, ReleaseState.RETURNED)
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def max_bytes() -> int:
    return int(getattr(settings, "KOTACERDAS_DATA_UPLOAD_MAX_MB", 200)) * 1024 * 1024


# -- reading the file -------------------------------------------------------------------------


@dataclass
class Sheet:
    """The file as a header and a stream of raw rows (strings, row numbers as in the file)."""

    header: list[str]
    rows: Iterator[tuple[int, list[str]]]
    kind: str  # "csv" | "xlsx"
    encoding: str = ""
    delimiter: str = ""


def _head(f: IO[bytes]) -> bytes:
    f.seek(0)
    head = f.read(HEAD_BYTES)
    f.seek(0)
    return head if isinstance(head, bytes) else str(head).encode()


def _encoding(head: bytes) -> str:
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return "latin-1"
    return "utf-8"


def _delimiter(text: str) -> str:
    lines = [line for line in text.splitlines()[:50] if line.strip()]
    if len(lines) > 1 and len(text) >= HEAD_BYTES - 4:
        lines = lines[:-1]  # the last line of a cut sample may be partial
    best, best_score = ",", (-1, 0)
    for d in (",", ";", "\t"):
        try:
            counts = [len(r) for r in csv.reader(lines, delimiter=d)]
        except csv.Error:
            continue
        if not counts or counts[0] < 2:
            continue
        same = sum(1 for c in counts if c == counts[0])
        score = (same, counts[0])
        if score > best_score:
            best, best_score = d, score
    return best


def _csv_rows(f: IO[bytes], encoding: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    f.seek(0)
    text = io.TextIOWrapper(f, encoding=encoding, newline="")
    try:
        reader = csv.reader(text, delimiter=delimiter)
        yield from enumerate(reader, 1)
    finally:
        with contextlib.suppress(ValueError):  # the file may be closed already
            text.detach()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, datetime):
        if value.time() == time(0):
            return value.date().isoformat()
        return value.isoformat(sep="T")
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value)


def _xlsx_rows(f: IO[bytes]) -> Iterator[tuple[int, list[str]]]:
    from openpyxl import load_workbook  # type: ignore[import-untyped]

    f.seek(0)
    try:
        book = load_workbook(f, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        raise Refused(
            _("The XLSX file cannot be read: it is damaged or not a workbook."), "file"
        ) from exc
    try:
        sheet = book.worksheets[0]
        for n, values in enumerate(sheet.iter_rows(values_only=True), 1):
            row = [_cell(v) for v in values]
            while row and row[-1] == "":
                row.pop()
            yield n, row
    finally:
        book.close()


def open_sheet(f: IO[bytes], filename: str, encoding: str = "") -> Sheet:
    """Recognise the file and read its header; :class:`Refused` when it is no table."""
    head = _head(f)
    if not head.strip():
        raise Refused(_("The file is empty."), "file")
    lower = filename.lower()
    if head.startswith(b"PK\x03\x04") or lower.endswith(".xlsx"):
        if not head.startswith(b"PK\x03\x04"):
            raise Refused(
                _("The XLSX file cannot be read: it is damaged or not a workbook."), "file"
            )
        rows = _xlsx_rows(f)
        kind = "xlsx"
        delimiter = ""
    else:
        if lower.endswith(".xls") or head.startswith(b"\xd0\xcf\x11\xe0"):
            raise Refused(
                _("Old .xls workbooks are not supported: save it as .xlsx or CSV."), "file"
            )
        if b"\x00" in head or sum(1 for b in head[:4096] if b < 9) > 0:
            raise Refused(_("This is not a CSV file (it holds binary data)."), "file")
        encoding = encoding or _encoding(head)
        sample = head.decode(encoding, errors="ignore")
        delimiter = _delimiter(sample)
        rows = _csv_rows(f, encoding, delimiter)
        kind = "csv"
    header: list[str] | None = None
    for _n, row in rows:
        if any(c.strip() for c in row):
            header = row
            break
    if header is None:
        raise Refused(_("The file is empty."), "file")
    while header and not header[-1].strip():
        header.pop()
    if len(header) > datastore.MAX_COLUMNS:
        raise Refused(
            _("The file has %(count)d columns; at most %(max)d are allowed.")
            % {"count": len(header), "max": datastore.MAX_COLUMNS},
            "file",
        )
    return Sheet(header, rows, kind, encoding, delimiter)


def field_name(header: str, position: int) -> str:
    """A header as a field name: ``[a-z][a-z0-9_]{0,62}`` (``Jumlah Sekolah (unit)`` →
    ``jumlah_sekolah_unit``)."""
    text = unicodedata.normalize("NFKD", header).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"[^a-z0-9]+", "_", text).strip("_")
    if not text:
        text = f"column_{position + 1}"
    if not text[0].isalpha():
        text = f"c_{text}"
    return text[:63].rstrip("_")


def field_names(header: Sequence[str]) -> list[str]:
    names: list[str] = []
    seen: set[str] = set()
    for i, h in enumerate(header):
        base = field_name(h, i)
        name, n = base, 2
        while name in seen:
            suffix = f"_{n}"
            name = base[: 63 - len(suffix)] + suffix
            n += 1
        seen.add(name)
        names.append(name)
    return names


# -- types ------------------------------------------------------------------------------------

INT_RE = re.compile(r"^[+-]?(0|[1-9]\d{0,17})$")
PLAIN_RE = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
INDO_RE = re.compile(r"^[+-]?([1-9]\d{0,2}(\.\d{3})+|\d+)(,\d+)?$")
ISO_DATE = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$")
DMY_DATE = re.compile(r"^\d{1,2}[/-]\d{1,2}[/-]\d{4}$")
ISO_TS = re.compile(
    r"^\d{4}-\d{2}-\d{2}[T ]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?\s*(Z|[+-]\d{2}(:?\d{2})?)?$"
)
DMY_TS = re.compile(r"^\d{1,2}[/-]\d{1,2}[/-]\d{4}[ T]\d{1,2}[:.]\d{2}([:.]\d{2})?$")
BOOL_WORDS = {"ya", "tidak", "true", "false", "yes", "no", "y", "t", "n", "f"}


@dataclass(frozen=True)
class Style:
    """How the numbers of a column are written: Indonesian ``1.234,5`` or plain ``1234.5``."""

    indonesian: bool = False


def guess(values: Sequence[str]) -> tuple[str, Style]:
    """The type of a column from its non-empty values."""
    values = [v for v in values if v]
    if not values:
        return "text", Style()
    if all(v.lower() in BOOL_WORDS for v in values) and any(len(v) > 1 for v in values):
        return "boolean", Style()
    if all(INT_RE.match(v) for v in values):
        return "integer", Style()
    plain = all(PLAIN_RE.match(v) for v in values)
    indo = all(INDO_RE.match(v) for v in values)
    if indo and (not plain or all("." in v or INT_RE.match(v) for v in values)):
        has_comma = any("," in v for v in values)
        return ("numeric" if has_comma else "integer"), Style(indonesian=True)
    if plain:
        return "numeric", Style()
    if all(ISO_DATE.match(v) or DMY_DATE.match(v) for v in values):
        return "date", Style()
    if all(ISO_TS.match(v) or DMY_TS.match(v) or ISO_DATE.match(v) for v in values):
        return "timestamp", Style()
    return "text", Style()


def style_for(kind: str, values: Sequence[str]) -> Style:
    """The number style of a column whose type the officer declared."""
    values = [v for v in values if v]
    if kind == "numeric":
        if any("," in v for v in values) and all(INDO_RE.match(v) for v in values if "," in v):
            return Style(indonesian=True)
        return Style()
    if kind == "integer":
        grouped = [v for v in values if "." in v]
        return Style(indonesian=bool(grouped) and all(INDO_RE.match(v) for v in grouped))
    return Style()


def _date(v: str) -> date:
    if v[4:5] == "-":
        y, m, d = v.split("-")
    else:
        d, m, y = re.split(r"[/-]", v)
    return date(int(y), int(m), int(d))


def _timestamp(v: str) -> datetime:
    if DMY_TS.match(v):
        day, clock = re.split(r"[ T]", v, maxsplit=1)
        parts = [int(p) for p in re.split(r"[:.]", clock)] + [0]
        d = _date(day)
        hour, minute, second = parts[0], parts[1], parts[2]
        return datetime(d.year, d.month, d.day, hour, minute, second, tzinfo=datastore.WIB)
    value = datetime.fromisoformat(v.replace(" Z", "Z"))
    if value.tzinfo is None:
        value = value.replace(tzinfo=datastore.WIB)
    return value


def _bool(v: str) -> bool:
    low = v.lower()
    if low in datastore.TRUE:
        return True
    if low in datastore.FALSE:
        return False
    raise ValueError(v)


def _canonical_ts(value: datetime) -> str:
    """A timestamp as the datastore's text: UTC, ``YYYY-MM-DDTHH:MM:SSZ``."""
    utc = value.astimezone(UTC).replace(tzinfo=None, microsecond=0)
    return utc.isoformat() + "Z"


def _ts_text(v: str) -> str:
    if len(v) == 20 and v[19] == "Z" and v[10] == "T":
        datetime.fromisoformat(v)  # validates; already the stored form
        return v
    return _canonical_ts(_timestamp(v))


def _date_text(v: str) -> str:
    if len(v) == 10 and v[4] == "-" and v[7] == "-":
        date.fromisoformat(v)  # validates; already the stored form
        return v
    return _date(v).isoformat()


def converter(kind: str, style: Style, db: str = "") -> Callable[[str], Any] | None:
    """A function turning one stripped, non-empty cell into the value the datastore stores
    for the column (``ValueError`` when it does not fit; ``None`` for text: kept as is).
    Dates and timestamps come out as ISO text, which both engines load."""
    if kind == "integer":
        if style.indonesian:
            return lambda v: int(v.replace(".", ""))
        return int
    if kind == "numeric":
        if style.indonesian:
            return lambda v: float(v.replace(".", "").replace(",", "."))

        def number(v: str) -> float:
            value = float(v)
            if value != value or value in (INF, -INF):
                raise ValueError(v)
            return value

        return number
    if kind == "date":
        return _date_text
    if kind == "timestamp":
        return _ts_text
    if kind == "boolean":
        if (db or datastore.vendor()) == "sqlite":
            return lambda v: int(_bool(v))
        return _bool
    return None


INF = float("inf")


def type_label(kind: str) -> str:
    return {
        "text": _("text"),
        "integer": _("whole number"),
        "numeric": _("number"),
        "date": _("date"),
        "timestamp": _("date and time"),
        "boolean": _("yes/no"),
    }.get(kind, kind)


# -- columns ----------------------------------------------------------------------------------


def clean_columns(
    columns: Sequence[dict[str, Any]], sources: Sequence[str]
) -> list[dict[str, Any]]:
    """Validate the officer's columns: ``{"name", "type", "title", "unit", "definition",
    "source"}`` each, ``source`` the file's column it reads (default: ``name``)."""
    if not isinstance(columns, list | tuple) or not columns:
        raise Refused(_("Keep at least one column."), "columns")
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    for i, column in enumerate(columns):
        if not isinstance(column, dict):
            raise Refused(_("Column %(n)d is not valid.") % {"n": i + 1}, "columns")
        name = str(column.get("name", "")).strip()
        where = f"columns.{i}"
        if not datastore.NAME_RE.match(name):
            raise Refused(
                _(
                    "“%(name)s” is not a valid field name: use lower-case letters, digits and _, "
                    "starting with a letter (at most 63)."
                )
                % {"name": name[:80]},
                f"{where}.name",
            )
        if name in seen:
            raise Refused(
                _("Field name “%(name)s” is used twice.") % {"name": name}, f"{where}.name"
            )
        seen.add(name)
        kind = str(column.get("type", ""))
        if kind not in datastore.TYPES:
            raise Refused(
                _("Choose a type for column “%(name)s”.") % {"name": name}, f"{where}.type"
            )
        source = str(column.get("source") or name)
        if source not in sources:
            raise Refused(
                _("Column “%(name)s” is not in the file.") % {"name": source[:80]},
                f"{where}.source",
            )
        out.append(
            {
                "name": name,
                "type": kind,
                "title": _texts(column.get("title"), name, f"{where}.title", 200),
                "unit": _short(column.get("unit"), f"{where}.unit", 60),
                "definition": _texts(column.get("definition"), "", f"{where}.definition", 2000),
                "source": source,
            }
        )
    return out


def _short(value: Any, field: str, limit: int) -> str:
    text = "" if value is None else str(value).strip()
    if len(text) > limit or CONTROL.search(text):
        raise Refused(_("This value is too long or holds control characters."), field)
    return text


def _texts(value: Any, default: str, field: str, limit: int) -> dict[str, str]:
    if isinstance(value, str):
        value = {"id": value}
    if value is None:
        value = {}
    if not isinstance(value, dict):
        raise Refused(_("This value is not valid."), field)
    out = {lang: _short(value.get(lang), f"{field}.{lang}", limit) for lang in ("id", "en")}
    out["id"] = out["id"] or default
    out["en"] = out["en"] or ""
    return out


def guessed_columns(header: Sequence[str], sample: Sequence[Sequence[str]]) -> list[dict[str, Any]]:
    names = field_names(header)
    out = []
    for i, name in enumerate(names):
        kind, _style = guess([r[i] for r in sample if i < len(r)])
        title = (header[i].strip() or name)[:200]
        out.append(
            {
                "name": name,
                "type": kind,
                "title": {"id": title, "en": title},
                "unit": "",
                "definition": {"id": "", "en": ""},
                "source": name,
            }
        )
    return out


# -- loading ----------------------------------------------------------------------------------


@dataclass
class Loaded:
    row_count: int
    errors: list[dict[str, Any]]
    error_count: int
    flags: list[dict[str, Any]]


def _rows(sheet: Sheet, width: int) -> Iterator[tuple[int, list[str]]]:
    """Data rows, stripped, blank ones skipped; refuses a ragged file."""
    for n, row in sheet.rows:
        if len(row) != width:
            if not any(c.strip() for c in row):
                continue
            if len(row) > width and not any(c.strip() for c in row[width:]):
                row = row[:width]
            elif sheet.kind == "xlsx" and len(row) < width:
                row = row + [""] * (width - len(row))
            else:
                raise Refused(
                    _("Row %(row)d has %(count)d values but the header has %(width)d columns.")
                    % {"row": n, "count": len(row), "width": width},
                    "file",
                )
        stripped = list(map(str.strip, row))  # a C loop: this runs for every row
        if not any(stripped):
            continue
        yield n, stripped


def _load(
    release: Release,
    sheet: Sheet,
    columns: list[dict[str, Any]] | None,
    confirmed: dict[str, dict[str, Any]],
) -> tuple[list[dict[str, Any]], Loaded]:
    width = len(sheet.header)
    sources = field_names(sheet.header)
    rows = _rows(sheet, width)
    sample: list[tuple[int, list[str]]] = []
    for item in rows:
        sample.append(item)
        if len(sample) >= SAMPLE_ROWS:
            break
    if not sample:
        raise Refused(_("The file has a header but no rows."), "file")
    if columns is None:
        columns = guessed_columns(sheet.header, [r for _n, r in sample])
    else:
        columns = clean_columns(columns, sources)
    positions = [sources.index(c["source"]) for c in columns]
    styles = [
        style_for(c["type"], [r[p] for _n, r in sample])
        for c, p in zip(columns, positions, strict=True)
    ]
    convert = [converter(c["type"], s) for c, s in zip(columns, styles, strict=True)]
    names = [c["name"] for c in columns]
    kinds = [c["type"] for c in columns]
    plan = list(zip(positions, convert, names, kinds, strict=True))
    errors: list[dict[str, Any]] = []
    error_count = 0
    scanner = pii.Scanner(names, kinds)

    fast = [(p, f) for p, f, _name, _kind in plan]

    def slow(n: int, raw: list[str]) -> list[Any]:
        """One row cell by cell, noting each value that does not fit (the row report)."""
        nonlocal error_count
        out: list[Any] = []
        for p, f, name, kind in plan:
            v = raw[p]
            if not v or f is None:
                out.append(v or None)
                continue
            try:
                out.append(f(v))
            except (ValueError, OverflowError, TypeError):
                out.append(None)
                error_count += 1
                if len(errors) < MAX_ERRORS:
                    errors.append(
                        {
                            "row": n,
                            "column": name,
                            "value": v[:100],
                            "message": _("“%(value)s” is not a %(type)s.")
                            % {"value": v[:40], "type": type_label(kind)},
                        }
                    )
        return out

    def typed() -> Iterator[list[Any]]:
        feed = scanner.feed
        for source in (iter(sample), rows):
            for n, raw in source:
                try:
                    out = [None if not (v := raw[p]) else v if f is None else f(v) for p, f in fast]
                except (ValueError, OverflowError, TypeError):
                    out = slow(n, raw)
                feed(out, n)
                yield out

    release.columns = [dict(c) for c in columns]
    datastore.create_table(release)
    try:
        count = datastore.load_rows(release, typed(), encoded=True)
    except csv.Error as exc:
        raise Refused(
            _("The CSV file cannot be read: %(error)s") % {"error": str(exc)[:200]}, "file"
        ) from exc
    flags = scanner.flags()
    for flag in flags:
        kept = confirmed.get(flag["column"])
        if kept:
            flag["confirmed"] = kept
    return columns, Loaded(count, errors, error_count, flags)


def _read_into(
    release: Release,
    f: IO[bytes],
    filename: str,
    columns: list[dict[str, Any]] | None,
    confirmed: dict[str, dict[str, Any]],
) -> Loaded:
    """Load ``f`` into the release's table, retrying as latin-1 when UTF-8 breaks late."""
    encoding = ""
    for _attempt in range(2):
        try:
            with transaction.atomic():
                sheet = open_sheet(f, filename, encoding)
                _cols, loaded = _load(release, sheet, columns, confirmed)
                return loaded
        except UnicodeDecodeError:
            if encoding == "latin-1":
                break
            encoding = "latin-1"
    raise Refused(_("The file's text encoding cannot be read; save it as UTF-8."), "file")


def _file_size(uploaded: Any) -> int:
    size = getattr(uploaded, "size", None)
    if size is None:
        pos = uploaded.tell()
        uploaded.seek(0, io.SEEK_END)
        size = uploaded.tell()
        uploaded.seek(pos)
    return int(size)


def _check_size(uploaded: Any) -> None:
    size = _file_size(uploaded)
    if size == 0:
        raise Refused(_("The file is empty."), "file")
    if size > max_bytes():
        raise Refused(
            _("The file is larger than %(max)d MB.") % {"max": max_bytes() // (1024 * 1024)},
            "file",
        )


def stage_upload(
    ctx: Ctx,
    dataset: OpenDataset,
    resource_name: str,
    uploaded_file: Any,
    *,
    columns: list[dict[str, Any]] | None = None,
) -> Release:
    """A new draft release of ``dataset``'s resource ``resource_name`` (created when new)
    from a CSV or XLSX file: guessed (or the given) columns, rows loaded, ``row_errors``
    and ``pii_flags`` recorded. The caller must be the dataset's produsen data (its
    agency's staff) or the region admin. :class:`Refused` leaves nothing written."""
    require_producer(ctx, dataset)
    if dataset.source != Source.UPLOAD:
        raise Refused(_("This dataset is fed by an app; it takes no uploads."), "file")
    filename = str(getattr(uploaded_file, "name", "") or "upload.csv").rsplit("/", 1)[-1][:200]
    _check_size(uploaded_file)
    title = str(resource_name or "").strip()[:200]
    slug = slugify(title)[:100] or "data"
    with transaction.atomic():
        resources = Resource.objects.scoped(ctx.scope, Action.CHANGE)
        resource = resources.filter(dataset=dataset, name=slug).first()
        if resource is None:
            position = resources.filter(dataset=dataset).count()
            resource = resources.create(
                region=dataset.region,
                dataset=dataset,
                name=slug,
                title_id=title or slug,
                title_en=title or slug,
                format="CSV",
                position=position,
            )
        releases = Release.objects.scoped(ctx.scope, Action.CHANGE)
        last = releases.filter(resource=resource).aggregate(v=Max("version"))["v"] or 0
        release = releases.create(
            region=dataset.region,
            resource=resource,
            version=last + 1,
            state=ReleaseState.DRAFT,
            original_filename=filename,
            created_by_id=ctx.user_id,
        )
        loaded = _read_into(release, uploaded_file, filename, columns, {})
        _store_result(release, loaded)
        uploaded_file.seek(0)
        release.upload.save(
            f"{release.pk}-{slugify(filename)[:80] or 'upload'}", File(uploaded_file), save=False
        )
        release.save()
        audit.record(
            "data.upload_staged",
            region=dataset.region,
            actor_id=ctx.user_id,
            app_key=ctx.app_key,
            target=f"{dataset.name}/{resource.name}@{release.version}",
            detail={
                "rows": release.row_count,
                "errors": len(release.row_errors),
                "flags": len(release.pii_flags),
            },
        )
    return release


def _store_result(release: Release, loaded: Loaded) -> None:
    release.row_count = loaded.row_count
    release.row_errors = loaded.errors
    release.pii_flags = loaded.flags
    release.note = (
        _("%(count)d values do not fit their column's type (the first %(shown)d are listed).")
        % {"count": loaded.error_count, "shown": len(loaded.errors)}
        if loaded.error_count > len(loaded.errors)
        else ""
    )


def _editable(ctx: Ctx, release: Release) -> Release:
    release = (
        Release.objects.scoped(ctx.scope, Action.CHANGE)
        .select_related("resource__dataset")
        .filter(pk=release.pk)
        .first()
        or _missing()
    )
    require_producer(ctx, release.resource.dataset)
    if release.state not in EDITABLE:
        raise Refused(_("Only a draft or a returned release can be changed."), "state")
    return release


def _missing() -> Release:
    raise Refused(_("This release does not exist."), "release", "not_found")


def set_columns(ctx: Ctx, release: Release, columns: list[dict[str, Any]]) -> Release:
    """The officer's columns (types, titles, units, definitions; a column left out is
    dropped): the stored file is read again into a fresh table, the row report and the
    personal-data flags recomputed (confirmations of kept columns stay)."""
    with transaction.atomic():
        release = _editable(ctx, release)
        if not release.upload:
            raise Refused(_("The uploaded file of this release is gone; upload it again."), "file")
        confirmed = {f["column"]: f["confirmed"] for f in release.pii_flags if f.get("confirmed")}
        with release.upload.open("rb") as f:
            loaded = _read_into(release, f, release.original_filename, list(columns), confirmed)
        _store_result(release, loaded)
        release.save()
        audit.record(
            "data.columns_changed",
            region=release.region_id,
            actor_id=ctx.user_id,
            app_key=ctx.app_key,
            target=f"{release.resource.dataset.name}/{release.resource.name}@{release.version}",
            detail={"columns": [c["name"] for c in release.columns]},
        )
    return release


def remove_column(ctx: Ctx, release: Release, name: str) -> Release:
    """Drop one column (a personal-data one, say) and reload."""
    kept = [c for c in release.columns if c["name"] != name]
    if len(kept) == len(release.columns):
        raise Refused(_("There is no column “%(name)s”.") % {"name": str(name)[:80]}, "column")
    return set_columns(ctx, release, kept)


def confirm_not_personal(ctx: Ctx, release: Release, column: str, reason: str) -> Release:
    """Clear one personal-data flag with the officer's reason (kept on the flag, audited)."""
    reason = str(reason or "").strip()
    if len(reason) < 10:
        raise Refused(
            _("Say why this column is not personal data (at least 10 characters)."), "reason"
        )
    if len(reason) > 1000 or CONTROL.search(reason):
        raise Refused(_("This value is too long or holds control characters."), "reason")
    with transaction.atomic():
        release = _editable(ctx, release)
        flags = list(release.pii_flags)
        for flag in flags:
            if flag["column"] == column:
                flag["confirmed"] = {
                    "reason": reason,
                    "by": ctx.user_id,
                    "at": timezone.now().isoformat(),
                }
                break
        else:
            raise Refused(
                _("Column “%(name)s” is not flagged.") % {"name": str(column)[:80]}, "column"
            )
        release.pii_flags = flags
        release.save(update_fields=["pii_flags"])
        audit.record(
            "data.pii_confirmed",
            region=release.region_id,
            actor_id=ctx.user_id,
            app_key=ctx.app_key,
            target=f"{release.resource.dataset.name}/{release.resource.name}@{release.version}",
            detail={"column": column, "reason": reason},
        )
    return release


def open_flags(release: Release) -> list[dict[str, Any]]:
    """The personal-data flags not yet confirmed: they block submission."""
    return [f for f in release.pii_flags if not f.get("confirmed")]


@dataclass(frozen=True)
class Preview:
    columns: list[dict[str, Any]]
    rows: list[tuple[Any, ...]]
    total: int


def preview(release: Release, limit: int = 50) -> Preview:
    """The first ``limit`` rows of the release (Python values, in column order)."""
    limit = max(1, min(int(limit), 1000))
    rows: list[tuple[Any, ...]] = []
    with contextlib.suppress(datastore.DatastoreError):
        for row in datastore.iter_rows(release, chunk=limit):
            rows.append(row)
            if len(rows) >= limit:
                break
    return Preview(list(release.columns), rows, release.row_count)
