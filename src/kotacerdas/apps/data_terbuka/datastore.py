"""The datastore: one physical table per release of a tabular resource.

Layout (read directly by the CKAN ``datastore_search`` of ``api_ckan/`` and the downloads)
-----------------------------------------------------------------------------------------
* Table name: ``dt_<release id>`` (``Release.table_name``, set by :func:`create_table`).
* Columns: ``_id`` (``INTEGER PRIMARY KEY`` on SQLite, ``bigint PRIMARY KEY`` on
  PostgreSQL; 1..n in load order, CKAN's ``_id``) followed by the release's declared
  columns (``Release.columns``: ``[{"name", "type", "title", "unit", "definition"}]``) in
  that order. Names match ``[a-z][a-z0-9_]{0,62}`` (:data:`NAME_RE`); always quote them
  with :func:`quote` (``connection.ops.quote_name``) anyway.
* Types, per :data:`SQL_TYPES`:

  ========== ================== ============================== =====================
  declared   SQLite             PostgreSQL                     Python value
  ========== ================== ============================== =====================
  text       TEXT               text                           ``str``
  integer    INTEGER            bigint                         ``int``
  numeric    REAL               double precision               ``float``
  date       TEXT 'YYYY-MM-DD'  date                           ``datetime.date``
  timestamp  TEXT (UTC)         timestamptz                    aware ``datetime`` (UTC)
             'YYYY-MM-DDTHH:MM:SSZ'
  boolean    INTEGER 0/1        boolean                        ``bool``
  ========== ================== ============================== =====================

  Every column may be NULL (an empty cell). On SQLite the text encodings sort the way the
  values do, so ``ORDER BY`` works on every type.
* Indexes: one per declared column (``dt_<id>_<n>``, n = the column's position), made
  after the load, then ``ANALYZE``: equality filters and sorts on any column use them.
  Tables under ``INDEX_MIN_ROWS`` (2,000) rows get none: a scan of them is as quick.
* To read: :func:`encode` turns a Python value into the parameter to compare a column with
  (``WHERE col = %s``), :func:`parse` turns a query string ("2026-11-30", "ya", "12,5")
  into that Python value, :func:`decoder` turns a fetched row back into Python values
  (the same on both engines), and :func:`iter_rows` streams a release's rows by ``_id``.

The table of a release lives as long as the release keeps its rows: superseded releases
beyond the kept history (``KEEP_RELEASE_TABLES``) have their table dropped by
:func:`drop_table` and keep their ``Release`` row (with ``row_count``) for the history.
"""

# ruff: noqa: S608  (identifiers are validated by NAME_RE/TABLE_RE and quoted; values are parameters)

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.db import connection

if TYPE_CHECKING:
    from kotacerdas.apps.data_terbuka.models import Release

NAME_RE = re.compile(r"^[a-z][a-z0-9_]{0,62}$")
TABLE_RE = re.compile(r"^dt_[0-9]{1,18}$")
TYPES = ("text", "integer", "numeric", "date", "timestamp", "boolean")
MAX_COLUMNS = 200
# Superseded releases whose tables stay (the newest ones); older tables are dropped.
KEEP_RELEASE_TABLES = 10
WIB = ZoneInfo("Asia/Jakarta")

SQL_TYPES: dict[str, dict[str, str]] = {
    "sqlite": {
        "text": "TEXT",
        "integer": "INTEGER",
        "numeric": "REAL",
        "date": "TEXT",
        "timestamp": "TEXT",
        "boolean": "INTEGER",
    },
    "postgresql": {
        "text": "text",
        "integer": "bigint",
        "numeric": "double precision",
        "date": "date",
        "timestamp": "timestamptz",
        "boolean": "boolean",
    },
}
# CKAN datastore field types, for ``datastore_search``'s ``fields``.
CKAN_TYPES = {
    "text": "text",
    "integer": "int",
    "numeric": "numeric",
    "date": "date",
    "timestamp": "timestamp",
    "boolean": "bool",
}
# Tables smaller than this get no per-column indexes (see ``finish``).
INDEX_MIN_ROWS = 2000
# Rows per executemany() call on SQLite.
CHUNK = 20_000
INDEX_BUILD_MEMORY = "256MB"


class DatastoreError(ValueError):
    """A name, a type or a value the datastore refuses."""


def vendor() -> str:
    return "postgresql" if connection.vendor == "postgresql" else "sqlite"


def check_name(name: str) -> str:
    if not isinstance(name, str) or not NAME_RE.match(name):
        raise DatastoreError(f"invalid column name {name!r}")
    return name


def quote(name: str) -> str:
    """The quoted identifier of a column (validated) or of a datastore table."""
    if not (NAME_RE.match(name) or TABLE_RE.match(name) or name == "_id"):
        raise DatastoreError(f"invalid identifier {name!r}")
    return str(connection.ops.quote_name(name))


def table_name_for(release_id: int) -> str:
    return f"dt_{int(release_id)}"


def check_columns(columns: Sequence[dict[str, Any]]) -> list[tuple[str, str]]:
    """``[(name, type)]`` of declared columns, refusing bad names, types and repeats."""
    if not columns:
        raise DatastoreError("a table needs at least one column")
    if len(columns) > MAX_COLUMNS:
        raise DatastoreError(f"more than {MAX_COLUMNS} columns")
    seen: set[str] = set()
    out: list[tuple[str, str]] = []
    for column in columns:
        name = check_name(str(column.get("name", "")))
        kind = str(column.get("type", ""))
        if kind not in TYPES:
            raise DatastoreError(f"invalid type {kind!r} of column {name!r}")
        if name in seen:
            raise DatastoreError(f"column {name!r} declared twice")
        seen.add(name)
        out.append((name, kind))
    return out


# -- values ---------------------------------------------------------------------------------


def _ts_utc(value: datetime) -> datetime:
    if value.tzinfo is None:
        value = value.replace(tzinfo=WIB)
    return value.astimezone(UTC)


def _ts_text(value: datetime) -> str:
    return _ts_utc(value).replace(tzinfo=None, microsecond=0).isoformat() + "Z"


def encoder(kind: str) -> Callable[[Any], Any]:
    """A function turning a Python value of ``kind`` into the database parameter."""
    if vendor() == "postgresql":
        if kind == "timestamp":
            return lambda v: None if v is None else _ts_utc(v)
        return lambda v: v
    if kind == "date":
        return lambda v: None if v is None else v.isoformat()[:10]
    if kind == "timestamp":
        return lambda v: None if v is None else _ts_text(v)
    if kind == "boolean":
        return lambda v: None if v is None else int(bool(v))
    return lambda v: v


def encode(kind: str, value: Any) -> Any:
    return encoder(kind)(value)


def _decode_sqlite(kind: str) -> Callable[[Any], Any] | None:
    if kind == "date":
        return lambda v: None if v is None else date.fromisoformat(v)
    if kind == "timestamp":
        return lambda v: None if v is None else datetime.fromisoformat(v)
    if kind == "boolean":
        return lambda v: None if v is None else bool(v)
    return None


def decoder(kinds: Sequence[str]) -> Callable[[Sequence[Any]], tuple[Any, ...]]:
    """A function turning a fetched row (columns of ``kinds``, in order) into Python values."""
    if vendor() == "postgresql":
        return tuple
    funcs = [(i, f) for i, k in enumerate(kinds) if (f := _decode_sqlite(k)) is not None]
    if not funcs:
        return tuple

    def decode(row: Sequence[Any]) -> tuple[Any, ...]:
        out = list(row)
        for i, f in funcs:
            out[i] = f(out[i])
        return tuple(out)

    return decode


TRUE = {"true", "ya", "y", "yes", "1", "t"}
FALSE = {"false", "tidak", "n", "no", "0", "f", "tdk"}


def parse(kind: str, text: str) -> Any:
    """A query string as a value of ``kind`` (for filters); :class:`DatastoreError` if not."""
    text = str(text).strip()
    try:
        if kind == "text":
            return text
        if kind == "integer":
            return int(text)
        if kind == "numeric":
            if "," in text:
                text = text.replace(".", "").replace(",", ".")
            return float(text)
        if kind == "date":
            return date.fromisoformat(text[:10])
        if kind == "timestamp":
            return _ts_utc(datetime.fromisoformat(text))
        if kind == "boolean":
            low = text.lower()
            if low in TRUE:
                return True
            if low in FALSE:
                return False
            raise ValueError(text)
    except (ValueError, OverflowError) as exc:
        raise DatastoreError(f"{text!r} is not a valid {kind}") from exc
    raise DatastoreError(f"unknown type {kind!r}")


def to_json(value: Any) -> Any:
    """A decoded value as JSON (dates and timestamps in ISO 8601)."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, date):
        return value.isoformat()
    return value


# -- tables ---------------------------------------------------------------------------------


def create_table(release: Release, columns: Sequence[dict[str, Any]] | None = None) -> str:
    """Create (or re-create, empty) the table of ``release``; set ``release.table_name``
    (not saved). Call inside the caller's transaction."""
    declared = check_columns(columns if columns is not None else release.columns)
    table = table_name_for(release.pk)
    types = SQL_TYPES[vendor()]
    pk = "INTEGER PRIMARY KEY" if vendor() == "sqlite" else "bigint PRIMARY KEY"
    parts = [f"{quote('_id')} {pk}"] + [f"{quote(n)} {types[k]}" for n, k in declared]
    with connection.cursor() as cursor:
        if table in connection.introspection.table_names(cursor):  # left by a flushed test db
            cursor.execute(f"DROP TABLE {quote(table)}")
        cursor.execute(f"CREATE TABLE {quote(table)} ({', '.join(parts)})")
    release.table_name = table
    return table


def table_exists(table: str) -> bool:
    if not table or not TABLE_RE.match(table):
        return False
    with connection.cursor() as cursor:
        return table in connection.introspection.table_names(cursor)


def drop_table(release: Release) -> None:
    """Drop the release's table (if any) and clear ``release.table_name`` (not saved)."""
    table = release.table_name
    if table and TABLE_RE.match(table):
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {quote(table)}")
    release.table_name = ""


def load_rows(
    release: Release,
    rows: Iterable[Sequence[Any]],
    *,
    start: int = 1,
    index: bool = True,
    encoded: bool = False,
) -> int:
    """Append ``rows`` (Python values in the order of ``release.columns``) to the release's
    table, numbering ``_id`` from ``start``; then index every column and ANALYZE (unless
    ``index`` is False: call :func:`finish` later). Returns the number of rows loaded."""
    declared = check_columns(release.columns)
    table = release.table_name
    if not TABLE_RE.match(table):
        raise DatastoreError("the release has no table")
    encoders = [encoder(k) for _, k in declared]
    # ``encoded``: the caller passes stored forms already (ISO text for dates and UTC
    # ``...Z`` timestamps, 0/1 booleans on SQLite), as uploads do.
    plain = encoded or all(k in ("text", "integer", "numeric") for _, k in declared)
    names = ", ".join(quote(n) for n in ["_id", *(n for n, _ in declared)])
    count = 0
    if vendor() == "postgresql":
        # A chunk is read from ``rows`` before each COPY opens: an app feed's generator
        # queries the same connection, which cannot run a query while a COPY is open
        # (the server would wait for the COPY's data for ever).
        numbered = enumerate(rows, start)
        with connection.cursor() as cursor:
            raw = cursor.cursor  # psycopg 3 cursor under Django's wrapper
            while chunk_pg := list(itertools.islice(numbered, CHUNK)):
                # psycopg's own writer: its queued one (sending from a thread) measured
                # 15 % slower on 2 cores, the two threads taking the interpreter in turns.
                copy_sql = f"COPY {quote(table)} ({names}) FROM STDIN"
                with raw.copy(copy_sql) as copy:
                    for i, row in chunk_pg:
                        if plain:
                            copy.write_row((i, *row))
                        else:
                            values = (f(v) for f, v in zip(encoders, row, strict=True))
                            copy.write_row((i, *values))
                count += len(chunk_pg)
    else:
        marks = ", ".join(["?"] * (len(declared) + 1))
        sql = f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})"
        with connection.cursor() as cursor:
            raw = cursor.cursor  # the sqlite3 cursor: its own placeholders, no rewriting
            chunk: list[tuple[Any, ...]] = []
            i = start
            for row in rows:
                if plain:
                    chunk.append((i, *row))
                else:
                    chunk.append((i, *(f(v) for f, v in zip(encoders, row, strict=True))))
                i += 1
                if len(chunk) >= CHUNK:
                    raw.executemany(sql, chunk)
                    count += len(chunk)
                    chunk = []
            if chunk:
                raw.executemany(sql, chunk)
                count += len(chunk)
    if index:
        finish(release, count)
    return count


def finish(release: Release, rows: int | None = None) -> None:
    """Index every declared column of the release's table and ANALYZE it; a table of
    fewer than :data:`INDEX_MIN_ROWS` rows is left as it is (a scan is as quick, and on
    SQLite every schema change costs each connection a re-read of the schema)."""
    declared = check_columns(release.columns)
    table = release.table_name
    if rows is not None and rows < INDEX_MIN_ROWS:
        if vendor() == "postgresql":
            # No indexes, but statistics: the planner's row estimates (datastore_search's
            # estimated totals) are wild on a table it has never analysed.
            with connection.cursor() as cursor:
                cursor.execute(f"ANALYZE {quote(table)}")
        return
    with connection.cursor() as cursor:
        if vendor() == "postgresql":
            # Sorting a million keys in PostgreSQL's default 64 MB spills to disk; this
            # lasts to the end of the upload's transaction (the load always runs in one).
            cursor.execute(f"SET LOCAL maintenance_work_mem = '{INDEX_BUILD_MEMORY}'")
        for n, (name, _) in enumerate(declared):
            index = quote(f"{table}_{n}")
            cursor.execute(f"CREATE INDEX {index} ON {quote(table)} ({quote(name)})")
        cursor.execute(f"ANALYZE {quote(table)}")


def iter_rows(
    release: Release, columns: Sequence[str] | None = None, *, chunk: int = 5000
) -> Iterator[tuple[Any, ...]]:
    """The release's rows as tuples of Python values, ordered by ``_id``.

    ``columns`` picks (and orders) declared column names (``"_id"`` allowed); the default
    is every declared column without ``_id``. Reads by keyset pages of ``chunk`` rows.
    """
    declared = dict(check_columns(release.columns))
    wanted = list(columns) if columns is not None else list(declared)
    for name in wanted:
        if name != "_id" and name not in declared:
            raise DatastoreError(f"unknown column {name!r}")
    kinds = ["integer" if n == "_id" else declared[n] for n in wanted]
    decode = decoder(kinds)
    table = release.table_name
    if not table_exists(table):
        return
    select = ", ".join([quote("_id"), *(quote(n) for n in wanted)])
    mark = "%s"
    last = 0
    while True:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {select} FROM {quote(table)} WHERE {quote('_id')} > {mark} "
                f"ORDER BY {quote('_id')} LIMIT {int(chunk)}",
                [last],
            )
            page = cursor.fetchall()
        if not page:
            return
        for row in page:
            yield decode(row[1:])
        last = page[-1][0]
        if len(page) < chunk:
            return


def count_rows(table: str) -> int:
    if not table_exists(table):
        return 0
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")
        return int(cursor.fetchone()[0])
