"""CKAN's ``datastore_search`` over a resource's published release table.

The table (``datastore.py``): ``_id`` 1..n plus the declared columns, one index per column.
Parameters: ``filters`` (``{"field": value | [values]}``, equality), ``q`` (text: every word
in some text column; or ``{"field": "text"}``), ``fields``, ``sort`` (``"a, b desc"``,
default ``_id``), ``limit`` (default 100, at most 32,000), ``offset``, ``include_total``
(default true), ``records_format`` (objects, lists, csv, tsv) and ``next_page`` (keyset:
the last ``_id`` seen, when sorted by ``_id``; ``_links.next`` carries it).

Totals: the release's ``row_count`` without filters; an exact ``COUNT(*)`` on tables up to
:data:`EXACT_TOTAL_MAX` rows; above that an estimate (PostgreSQL's planner; on SQLite a
sample of :data:`SAMPLE_BLOCKS` blocks of ``_id`` at seeded random places), flagged
``total_was_estimated``. A last page shorter than ``limit`` gives the exact total anyway.
"""

# ruff: noqa: S608  (identifiers pass datastore.quote; every value is a bound parameter)
from __future__ import annotations

import csv
import io
import json
import random
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django.db import connection

from kotacerdas.apps.data_terbuka import datastore
from kotacerdas.apps.data_terbuka.ckan.envelope import invalid, not_found

if TYPE_CHECKING:
    from kotacerdas.apps.data_terbuka.ckan.actions import Env, Params
    from kotacerdas.apps.data_terbuka.models import OpenDataset, Resource

MAX_LIMIT = 32_000
DEFAULT_LIMIT = 100
EXACT_TOTAL_MAX = 100_000
SAMPLE_BLOCKS = 100
SAMPLE_BLOCK_ROWS = 200
MAX_FILTER_VALUES = 500
FORMATS = ("objects", "lists", "csv", "tsv")


def _json_param(params: Params, name: str) -> Any:
    value = params.get(name)
    if value is None or value == "":
        return None
    if isinstance(value, str):
        stripped = value.strip()
        if stripped[:1] in ("{", "["):
            try:
                return json.loads(stripped)
            except ValueError:
                raise invalid(name, "Cannot parse JSON") from None
    return value


def _names(params: Params, name: str) -> list[str] | None:
    value = _json_param(params, name)
    if value is None:
        return None
    if isinstance(value, str):
        value = [v.strip() for v in value.split(",") if v.strip()]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise invalid(name, "must be a list of field names")
    return value


def _int(params: Params, name: str, default: int, hi: int) -> int:
    from kotacerdas.apps.data_terbuka.ckan.actions import integer

    return integer(params, name, default, 0, hi)


class _Where:
    def __init__(self) -> None:
        self.sql: list[str] = []
        self.args: list[Any] = []

    def clause(self) -> str:
        return (" WHERE " + " AND ".join(self.sql)) if self.sql else ""


def _filters(params: Params, kinds: dict[str, str], where: _Where, noindex: bool = False) -> bool:
    raw = _json_param(params, "filters")
    if raw is None:
        return False
    if not isinstance(raw, dict):
        raise invalid("filters", "must be a JSON object of field: value")
    for name, value in raw.items():
        if name not in kinds:
            raise invalid("filters", f"field {str(name)[:60]!r} not in the resource")
        values = value if isinstance(value, list) else [value]
        if not values or len(values) > MAX_FILTER_VALUES:
            raise invalid("filters", f"{name}: give 1 to {MAX_FILTER_VALUES} values")
        kind = kinds[name]
        encoded = []
        for v in values:
            if v is None or isinstance(v, dict | list):
                raise invalid("filters", f"{name}: a value must be a string or number")
            try:
                encoded.append(datastore.encode(kind, datastore.parse(kind, str(v))))
            except datastore.DatastoreError as exc:
                raise invalid("filters", f"{name}: {exc}") from None
        column = ("+" if noindex else "") + datastore.quote(name)
        if len(encoded) == 1:
            where.sql.append(f"{column} = %s")
        else:
            where.sql.append(f"{column} IN ({', '.join(['%s'] * len(encoded))})")
        where.args.extend(encoded)
    return bool(raw)


def _like(word: str) -> str:
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _q(params: Params, kinds: dict[str, str], where: _Where) -> bool:
    raw = _json_param(params, "q")
    if raw is None:
        return False
    op = "ILIKE" if connection.vendor == "postgresql" else "LIKE"
    texts = [n for n, k in kinds.items() if k == "text"]
    if isinstance(raw, dict):
        for name, value in raw.items():
            if name not in kinds or kinds[name] != "text":
                raise invalid("q", f"field {str(name)[:60]!r} is not a text field")
            for word in str(value).split()[:20]:
                where.sql.append(f"{datastore.quote(name)} {op} %s ESCAPE '\\'")
                where.args.append(_like(word))
        return bool(raw)
    if not isinstance(raw, str | int | float):
        raise invalid("q", "must be a string or a JSON object")
    words = str(raw).split()[:20]
    if not words:
        return False
    if not texts:
        where.sql.append("1 = 0")
        return True
    for word in words:
        ors = " OR ".join(f"{datastore.quote(n)} {op} %s ESCAPE '\\'" for n in texts)
        where.sql.append(f"({ors})")
        where.args.extend([_like(word)] * len(texts))
    return True


def _sort(params: Params, kinds: dict[str, str]) -> list[tuple[str, bool]]:
    raw = params.get("sort")
    if raw is None or raw == "":
        return [("_id", False)]
    if isinstance(raw, list):
        raw = ",".join(str(r) for r in raw)
    if not isinstance(raw, str) or len(raw) > 500:
        raise invalid("sort", "must be a string such as 'a, b desc'")
    out: list[tuple[str, bool]] = []
    for part in raw.split(","):
        bits = part.split()
        if not bits:
            continue
        name = bits[0].strip('"')
        direction = bits[1].lower() if len(bits) > 1 else "asc"
        if len(bits) > 2 or direction not in ("asc", "desc"):
            raise invalid("sort", f"cannot sort by {part.strip()[:60]!r}")
        if name != "_id" and name not in kinds:
            raise invalid("sort", f"field {name[:60]!r} not in the resource")
        out.append((name, direction == "desc"))
    return out or [("_id", False)]


def _estimate(table: str, where: _Where, noindex_where: _Where, total_rows: int) -> int:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                f"EXPLAIN (FORMAT JSON) SELECT 1 FROM {datastore.quote(table)}{where.clause()}",
                where.args,
            )
            plan = cursor.fetchone()[0]
        if isinstance(plan, str):
            plan = json.loads(plan)
        return int(plan[0]["Plan"]["Plan Rows"])
    # SQLite: count matches in blocks of _id at random places (seeded by the table, so
    # one table always gets the same sample), read by rowid without the column indexes.
    # Random starts avoid the aliasing an even stride has with periodic data.
    size = min(SAMPLE_BLOCK_ROWS, total_rows)
    blocks = min(SAMPLE_BLOCKS, max(1, total_rows // max(size, 1)))
    rng = random.Random(f"{table}:{total_rows}")
    starts = sorted(rng.randrange(1, max(2, total_rows - size + 2)) for _ in range(blocks))
    parts: list[str] = []
    args: list[Any] = []
    quoted_id = datastore.quote("_id")
    extra = (" AND " + " AND ".join(noindex_where.sql)) if noindex_where.sql else ""
    for lo in starts:
        parts.append(
            f"SELECT COUNT(*) AS n FROM {datastore.quote(table)} "
            f"WHERE {quoted_id} BETWEEN %s AND %s{extra}"
        )
        args.extend([lo, lo + size - 1, *noindex_where.args])
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT SUM(n) FROM ({' UNION ALL '.join(parts)})", args)
        matched = int(cursor.fetchone()[0] or 0)
    sampled = blocks * size
    return round(matched * total_rows / sampled)


def run(env: Env, dataset: OpenDataset, resource: Resource, params: Params) -> dict[str, Any]:
    release = resource.current
    if release is None or not release.table_name:
        raise not_found("Resource has no datastore table")
    declared = datastore.check_columns(release.columns)
    kinds = dict(declared)
    info = {str(c.get("name")): c for c in release.columns}
    limit = _int(params, "limit", DEFAULT_LIMIT, MAX_LIMIT)
    offset = _int(params, "offset", 0, 10**9)
    from kotacerdas.apps.data_terbuka.ckan.actions import boolean, text

    include_total = boolean(params, "include_total", True)
    records_format = text(params, "records_format", "objects", limit=20) or "objects"
    if records_format not in FORMATS:
        raise invalid("records_format", f"must be one of {', '.join(FORMATS)}")
    wanted = _names(params, "fields")
    all_names = ["_id", *kinds]
    if wanted is None:
        wanted = all_names
    for name in wanted:
        if name not in all_names:
            raise invalid("fields", f"field {name[:60]!r} not in the resource")
    where = _Where()
    filtered = _filters(params, kinds, where)
    noindex = _Where()
    if filtered and connection.vendor != "postgresql":
        _filters(params, kinds, noindex, noindex=True)
    searched = _q(params, kinds, where)
    if searched:
        noindex.sql.extend(where.sql[len(noindex.sql) :])
        noindex.args.extend(where.args[len(noindex.args) :])
    sort = _sort(params, kinds)
    keyset = len(sort) == 1 and sort[0][0] == "_id"
    after = params.get("next_page")
    page_where = _Where()
    page_where.sql, page_where.args = list(where.sql), list(where.args)
    if after not in (None, ""):
        if not keyset:
            raise invalid("next_page", "keyset paging needs sort by _id")
        after_id = _int(params, "next_page", 0, 10**15)
        page_where.sql.append(f"{datastore.quote('_id')} {'<' if sort[0][1] else '>'} %s")
        page_where.args.append(after_id)
        offset_sql = 0
    else:
        offset_sql = offset
    table = release.table_name
    if not datastore.table_exists(table):
        raise not_found("Resource has no datastore table")
    select = ", ".join(datastore.quote(n) for n in ["_id", *[w for w in wanted if w != "_id"]])
    order = ", ".join(f"{datastore.quote(n)}{' DESC' if d else ''}" for n, d in sort)
    if not keyset and not any(n == "_id" for n, _ in sort):
        order += f", {datastore.quote('_id')}"
    sql = (
        f"SELECT {select} FROM {datastore.quote(table)}{page_where.clause()} "
        f"ORDER BY {order} LIMIT {int(limit)} OFFSET {int(offset_sql)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, page_where.args)
        fetched = cursor.fetchall()
    body_names = [w for w in wanted if w != "_id"]
    decode = datastore.decoder([kinds[n] for n in body_names])
    rows: list[list[Any]] = []
    positions = {n: i for i, n in enumerate(body_names)}
    for raw in fetched:
        values = decode(raw[1:])
        rows.append(
            [raw[0] if n == "_id" else datastore.to_json(values[positions[n]]) for n in wanted]
        )
    last_id = fetched[-1][0] if fetched else None

    total: int | None = None
    estimated = False
    if include_total:
        if not (filtered or searched):
            total = release.row_count
        elif after in (None, "") and offset == 0 and len(rows) < limit:
            total = len(rows)
        elif release.row_count <= EXACT_TOTAL_MAX:
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT COUNT(*) FROM {datastore.quote(table)}{where.clause()}", where.args
                )
                total = int(cursor.fetchone()[0])
        else:
            total = max(_estimate(table, where, noindex, release.row_count), offset + len(rows))
            estimated = True

    fields: list[dict[str, Any]] = []
    for name in wanted:
        if name == "_id":
            fields.append({"id": "_id", "type": "int"})
            continue
        column = info.get(name, {})
        title = column.get("title") or {}
        definition = column.get("definition") or {}
        fields.append(
            {
                "id": name,
                "type": datastore.CKAN_TYPES[kinds[name]],
                "info": {
                    "label": title.get(env.language) or title.get("id") or name,
                    "notes": definition.get(env.language) or definition.get("id") or "",
                    "unit": column.get("unit", ""),
                },
            }
        )
    records: Any
    if records_format == "objects":
        records = [dict(zip(wanted, r, strict=True)) for r in rows]
    elif records_format == "lists":
        records = rows
    else:
        out = io.StringIO()
        writer = csv.writer(
            out, delimiter="\t" if records_format == "tsv" else ",", lineterminator="\n"
        )
        writer.writerows(rows)
        records = out.getvalue()

    link_params = {
        k: (json.dumps(v) if isinstance(v, dict | list) else v)
        for k, v in params.items()
        if k not in ("offset", "next_page") and v is not None
    }
    base = f"{env.base}api/3/action/datastore_search"
    links: dict[str, str] = {"start": f"{base}?{urlencode(link_params)}"}
    if len(rows) == limit and limit > 0:
        if keyset and last_id is not None:
            links["next"] = f"{base}?{urlencode({**link_params, 'next_page': last_id})}"
        else:
            links["next"] = f"{base}?{urlencode({**link_params, 'offset': offset + limit})}"
    result: dict[str, Any] = {
        "resource_id": str(resource.uuid),
        "fields": fields,
        "records": records,
        "records_format": records_format,
        "limit": limit,
        "offset": offset,
        "sort": ", ".join(f"{n}{' desc' if d else ''}" for n, d in sort),
        "include_total": include_total,
        "_links": links,
    }
    if keyset and last_id is not None and len(rows) == limit:
        result["next_page"] = last_id
    if filtered:
        result["filters"] = _json_param(params, "filters")
    if searched:
        result["q"] = _json_param(params, "q")
    if include_total:
        result["total"] = total
        result["total_was_estimated"] = estimated
    return result
