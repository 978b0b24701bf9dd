"""Searching the open datasets: one function for the CKAN API and the public portal.

``search_datasets`` reads ``OpenDataset`` directly (published and ``terbuka``, or the
caller's private ones with ``include_private_for_scope``), so a dataset saved a moment ago is
found at once: there is no search index to rebuild. ``q`` matches ``search_text`` (the
lower-cased title, description, tags and agency that the store writes): every word must
occur. Facets are counted in SQL over the same filtered set: one GROUP BY over the dataset's own
columns gives the count and every single-valued facet (organization, groups, frequency,
region, licence) in one scan; ``DatasetTag`` rows count tags and ``Resource.format``
formats.

Filter semantics: values of a single-valued field (organization, groups, frequency,
region, license_id) are alternatives (OR); values of a multi-valued field (tags,
res_format) must all hold (AND), as Solr does for repeated ``fq`` terms.

Organizations are agencies, named ``<region-slug>-<agency-slug>`` installation-wide and
titled "<agency short name> <region name>".
"""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import BooleanField, Count, Exists, Model, OuterRef, Prefetch, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import translation

from kotacerdas.apps.data_terbuka.models import (
    FREQUENCY_CHOICES,
    DatasetState,
    DatasetTag,
    OpenDataset,
    Resource,
)
from kotacerdas.contract.datasets import AccessLevel
from kotacerdas.core.models import Agency, Region
from kotacerdas.core.tenancy import Scope
from kotacerdas.dimensions import DIMENSIONS

FACET_FIELDS = ("organization", "groups", "tags", "res_format", "frequency", "region", "license_id")
FILTER_FIELDS = FACET_FIELDS
MULTI_VALUED = frozenset({"tags", "res_format"})
MAX_ROWS = 1000
MAX_WORDS = 20
# Matching datasets up to this many are read by primary key after the first scan (below
# SQLite's 999 bound parameters).
ID_LIST_MAX = 900

# sort key -> ORM expression; ``score`` has no ranking of its own here: it orders by the
# newest change (CKAN's second default key), and every order ends on the primary key so
# pages are stable (harvesters page with ``start`` and fail when two pages repeat).
_SORT_KEYS = {
    "score": "metadata_modified",
    "metadata_modified": "metadata_modified",
    "metadata_created": "metadata_created",
    "name": "name",
    "title_string": "title_id",
    "title": "title_id",
    "id": "uuid",
}


class SearchError(ValueError):
    """Bad search input (a sort key, a row count); ``field`` names the parameter."""

    def __init__(self, message: str, field: str = "q") -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class FacetItem:
    name: str
    display_name: str
    count: int


@dataclass
class SearchResult:
    count: int
    results: list[OpenDataset]
    facets: dict[str, list[FacetItem]] = field(default_factory=dict)


# --- organizations (agencies) -------------------------------------------------------------


@dataclass(frozen=True)
class Org:
    id: int
    name: str  # <region-slug>-<agency-slug>
    title: str  # <agency short name> <region name>
    agency_name: str
    region_id: int
    region_slug: str
    region_name: str
    email: str


_org_lock = threading.Lock()
_org_cache: tuple[float, dict[int, Org], dict[str, Org]] | None = None
ORG_CACHE_SECONDS = 5.0


def org_name(region_slug: str, agency_slug: str) -> str:
    return f"{region_slug}-{agency_slug}"


def organizations() -> tuple[dict[int, Org], dict[str, Org]]:
    """Every agency as a CKAN organization, by agency id and by name (kept a few seconds)."""
    global _org_cache
    now = time.monotonic()
    cached = _org_cache
    if cached is not None and cached[0] >= now:
        return cached[1], cached[2]
    by_id: dict[int, Org] = {}
    rows = (
        Agency.objects.scoped(Scope.public())
        .select_related("region")
        .only("id", "slug", "name", "short_name", "email", "region__slug", "region__name")
    )
    for agency in rows:
        region = agency.region
        short = agency.short_name or agency.name
        by_id[agency.pk] = Org(
            agency.pk,
            org_name(region.slug, agency.slug),
            f"{short} {region.name}",
            agency.name,
            region.pk,
            region.slug,
            region.name,
            agency.email,
        )
    by_name = {o.name: o for o in by_id.values()}
    with _org_lock:
        _org_cache = (now + ORG_CACHE_SECONDS, by_id, by_name)
    return by_id, by_name


def forget_organizations() -> None:
    global _org_cache
    with _org_lock:
        _org_cache = None


# --- the search ------------------------------------------------------------------------


def base_queryset(
    regions: Sequence[int] | None = None, include_private_for_scope: Scope | None = None
) -> QuerySet[OpenDataset]:
    """The datasets a search may return: published and open; with a scope, also the
    published datasets of any access level in the regions that scope may read privately."""
    public = Q(state=DatasetState.PUBLISHED, access_level=AccessLevel.OPEN.value)
    scope = include_private_for_scope
    if scope is not None and not scope.is_anonymous:
        if scope.read_regions is None:
            public = Q(state=DatasetState.PUBLISHED)
        elif scope.read_regions:
            public |= Q(state=DatasetState.PUBLISHED, region_id__in=scope.read_regions)
    qs = OpenDataset.objects.scoped(Scope.public()).filter(public)
    if regions is not None:
        qs = qs.filter(region_id__in=list(regions))
    return qs


def words_of(q: str) -> list[str]:
    """The lower-cased words of a free-text query (control characters dropped)."""
    clean = "".join(ch if ch.isprintable() else " " for ch in q or "")
    words = [w.strip("\"'") for w in clean.lower().split()]
    words = [w for w in words if w and w not in ("*:*", "*")]
    if len(words) > MAX_WORDS:
        raise SearchError(f"at most {MAX_WORDS} words in q", "q")
    return words


def _apply_filters(
    qs: QuerySet[OpenDataset], filters: dict[str, list[str]] | None
) -> QuerySet[OpenDataset]:
    for key, raw in (filters or {}).items():
        values = [str(v) for v in raw if str(v) != ""]
        if not values:
            continue
        if key == "organization":
            _by_id, by_name = organizations()
            ids = [by_name[v].id for v in values if v in by_name]
            qs = qs.filter(agency_id__in=ids)
        elif key == "groups":
            qs = qs.filter(dimension__in=values)
        elif key == "frequency":
            qs = qs.filter(frequency__in=values)
        elif key == "license_id":
            qs = qs.filter(licence__in=values)
        elif key == "region":
            qs = qs.filter(Q(region__slug__in=values) | Q(region__code__in=values))
        elif key == "tags":
            for value in values:
                qs = qs.filter(
                    Exists(
                        DatasetTag.objects.scoped(Scope.public()).filter(
                            dataset_id=OuterRef("pk"), name=value
                        )
                    )
                )
        elif key == "res_format":
            for value in values:
                qs = qs.filter(
                    Exists(
                        Resource.objects.scoped(Scope.public()).filter(
                            dataset_id=OuterRef("pk"), format__iexact=value
                        )
                    )
                )
        else:
            raise SearchError(f"unknown filter field {key[:40]!r}", "fq")
    return qs


def parse_sort(sort: str) -> list[str]:
    """``"metadata_modified desc, name asc"`` as ORM order-by terms, ending on ``pk``."""
    terms: list[str] = []
    for part in (sort or "").split(","):
        bits = part.split()
        if not bits:
            continue
        key = bits[0]
        direction = bits[1].lower() if len(bits) > 1 else "asc"
        if len(bits) > 2 or direction not in ("asc", "desc") or key not in _SORT_KEYS:
            raise SearchError(f"cannot sort by {part.strip()[:60]!r}", "sort")
        column = _SORT_KEYS[key]
        terms.append(("-" if direction == "desc" else "") + column)
    if not terms:
        terms = ["-metadata_modified"]
    if not any(t.lstrip("-") in ("uuid", "id", "pk") for t in terms):
        terms.append("pk")
    return terms


# Single-valued facets and the dataset column each counts.
CUBE_COLUMNS = {
    "organization": "agency_id",
    "groups": "dimension",
    "frequency": "frequency",
    "region": "region_id",
    "license_id": "licence",
}


def among(model: type[Model], column: str, ids: list[int]) -> Q | RawSQL:
    """``column IN ids`` as a filter on ``model``'s table, the ids as one parameter: an
    array on PostgreSQL (``= ANY(%s)``), a JSON list read by ``json_each`` on SQLite.
    Django prepares each value of an ``__in`` list and psycopg binds them on the client,
    re-parsing a query text that changes with every count: with hundreds of ids that was
    a fifth of a search's CPU time. The column is named with its table, so the filtered
    queryset must not be nested as a subquery (Django would alias the table there)."""
    qualified = f'"{model._meta.db_table}"."{column}"'  # both from the code, never input
    param: list[int] | str
    if connection.vendor == "postgresql":
        sql, param = f"{qualified} = ANY(%s)", ids
    elif connection.vendor == "sqlite":
        sql, param = f"{qualified} IN (SELECT value FROM json_each(%s))", json.dumps(ids)  # noqa: S608
    else:
        return Q(**{f"{column}__in": ids})
    return RawSQL(sql, (param,), output_field=BooleanField())  # noqa: S611


# Release fields a search answer never reads (package_dict's resources use the version,
# the row count, the table name and the publication time).
RELEASE_DETAIL = ("columns", "row_errors", "pii_flags", "note", "review_note")


def model_of(facet: str) -> type[Model]:
    """The table a multi-valued facet counts."""
    return DatasetTag if facet == "tags" else Resource


def _cube(qs: QuerySet[OpenDataset], fields: list[str]) -> tuple[int, dict[str, dict[Any, int]]]:
    """The count and every single-valued facet from one GROUP BY scan: the datasets grouped
    by the requested columns together, the groups summed per column here."""
    wanted = [f for f in fields if f in CUBE_COLUMNS]
    if not wanted:
        return qs.count(), {}
    columns = [CUBE_COLUMNS[f] for f in wanted]
    rows: Any = qs.values_list(*columns).annotate(n=Count("pk")).order_by()
    total = 0
    counts: dict[str, dict[Any, int]] = {f: {} for f in wanted}
    for row in rows:
        n = row[-1]
        total += n
        for f, value in zip(wanted, row[:-1], strict=True):
            counts[f][value] = counts[f].get(value, 0) + n
    return total, counts


def _tally(wanted: list[str], rows: list[tuple[Any, ...]]) -> dict[str, dict[Any, int]]:
    """The single-valued facets counted from the scanned rows ``(pk, *columns)``."""
    counts: dict[str, dict[Any, int]] = {f: {} for f in wanted}
    for position, f in enumerate(wanted, 1):
        column = counts[f]
        for row in rows:
            value = row[position]
            column[value] = column.get(value, 0) + 1
    return counts


def _facet(
    qs: QuerySet[OpenDataset],
    name: str,
    cube: dict[str, dict[Any, int]],
    limit: int,
    mincount: int,
    language: str,
    id_list: list[int] | None = None,
) -> list[FacetItem]:
    counted: list[tuple[str, str, int]] = []
    rows: Any
    if name in ("tags", "res_format"):
        # The matching ids themselves when the search already holds them: PostgreSQL then
        # reads the tags by the (dataset, name) index instead of hashing every tag row.
        ids: Any = id_list if id_list is not None else qs.values("pk").order_by()
        within: Any = among(model_of(name), "dataset_id", id_list) if id_list is not None else None
        if name == "tags":
            rows = (
                DatasetTag.objects.scoped(Scope.public())
                .filter(within if within is not None else Q(dataset_id__in=ids))
                .values_list("name")
                .annotate(n=Count("id"))
                .order_by()
            )
            counted = [(tag, tag, n) for tag, n in rows]
        else:
            rows = (
                Resource.objects.scoped(Scope.public())
                .filter(within if within is not None else Q(dataset_id__in=ids))
                .values_list("format")
                .annotate(n=Count("dataset_id", distinct=True))
                .order_by()
            )
            merged: dict[str, int] = {}
            for fmt, n in rows:
                merged[fmt.upper()] = merged.get(fmt.upper(), 0) + n
            counted = [(fmt, fmt, n) for fmt, n in merged.items()]
    elif name == "organization":
        by_id, _by_name = organizations()
        for agency_id, n in cube[name].items():
            org = by_id.get(agency_id) if agency_id is not None else None
            if org is not None:
                counted.append((org.name, org.title, n))
    elif name == "region":
        per_region = cube[name]
        for region in Region.objects.filter(pk__in=list(per_region)).only("slug", "name"):
            counted.append((region.slug, region.name, per_region[region.pk]))
    else:
        labels = _labels(name, language)
        counted = [(value, labels.get(value, value), n) for value, n in cube[name].items()]
    counted = [c for c in counted if c[2] >= mincount]
    counted.sort(key=lambda c: (-c[2], c[0]))
    if limit >= 0:
        counted = counted[:limit]
    return [FacetItem(n, d, c) for n, d, c in counted]


def _labels(name: str, language: str) -> dict[str, str]:
    if name == "groups":
        return {d.key: d.name(language) for d in DIMENSIONS}
    if name == "frequency":
        with translation.override(language):
            return {str(k): str(v) for k, v in FREQUENCY_CHOICES}
    return {}


def search_datasets(
    *,
    regions: Sequence[int] | None = None,
    q: str = "",
    filters: dict[str, list[str]] | None = None,
    modified_since: dt.datetime | None = None,
    modified_until: dt.datetime | None = None,
    created_since: dt.datetime | None = None,
    created_until: dt.datetime | None = None,
    facet_fields: Iterable[str] = (),
    facet_limit: int = 50,
    facet_mincount: int = 1,
    rows: int = 10,
    start: int = 0,
    sort: str = "score desc, metadata_modified desc",
    include_private_for_scope: Scope | None = None,
    language: str = "id",
    names: Sequence[str] | None = None,
    uuids: Sequence[str] | None = None,
) -> SearchResult:
    """Search the open datasets.

    ``regions``: region ids to search (``None``: every region; the installation-wide API
    passes the regions that run the app). ``q``: free text, every word must match.
    ``filters``: ``{field: [values]}`` over ``FILTER_FIELDS``. ``modified_*``/``created_*``:
    inclusive bounds on ``metadata_modified``/``metadata_created``. ``facet_fields``: names
    from ``FACET_FIELDS``; each facet lists at most ``facet_limit`` values (negative: all)
    with at least ``facet_mincount`` datasets, largest first. ``rows`` (0..1000) and
    ``start`` page the results in the order ``sort`` gives (``"<key> asc|desc, …"`` with keys
    score, metadata_modified, metadata_created, name, title_string, id), always ending on the
    primary key so pages never repeat. ``include_private_for_scope``: also the published
    datasets (any access level) of the regions that scope may read privately. ``names`` /
    ``uuids``: only these datasets (CKAN's ``name:``/``id:`` filters).

    Raises :class:`SearchError` on bad input. Results come with region, agency, tags and
    resources (with their current release) loaded.
    """
    if not 0 <= rows <= MAX_ROWS:
        raise SearchError(f"rows must be between 0 and {MAX_ROWS}", "rows")
    if start < 0 or start > 10**7:
        raise SearchError("start must be between 0 and 10000000", "start")
    fields = list(facet_fields)
    for name in fields:
        if name not in FACET_FIELDS:
            raise SearchError(f"unknown facet field {name[:40]!r}", "facet.field")
    order = parse_sort(sort)
    qs = base_queryset(regions, include_private_for_scope)
    for word in words_of(q):
        qs = qs.filter(search_text__contains=word)
    qs = _apply_filters(qs, filters)
    if names is not None:
        qs = qs.filter(name__in=list(names))
    if uuids is not None:
        qs = qs.filter(uuid__in=list(uuids))
    if modified_since is not None:
        qs = qs.filter(metadata_modified__gte=modified_since)
    if modified_until is not None:
        qs = qs.filter(metadata_modified__lte=modified_until)
    if created_since is not None:
        qs = qs.filter(metadata_created__gte=created_since)
    if created_until is not None:
        qs = qs.filter(metadata_created__lte=created_until)
    # One scan finds the matching ids, with the columns the single-valued facets count;
    # when they are few (a text query usually), the count and those facets come from these
    # rows, and the page and the tags read them by primary key instead of scanning again.
    wanted = [f for f in fields if f in CUBE_COLUMNS]
    scanned = list(
        qs.values_list("pk", *(CUBE_COLUMNS[f] for f in wanted)).order_by()[: ID_LIST_MAX + 1]
    )
    cube: dict[str, dict[Any, int]]
    id_list = [row[0] for row in scanned] if len(scanned) <= ID_LIST_MAX else None
    if id_list is not None:
        qs = OpenDataset.objects.scoped(Scope.public()).filter(among(OpenDataset, "id", id_list))
        count, cube = len(id_list), _tally(wanted, scanned)
    else:
        count, cube = _cube(qs, fields)
    results: list[OpenDataset] = []
    if rows and start < count:
        page: Any = (
            qs.order_by(*order)
            .select_related("region", "agency", "walidata")
            .prefetch_related(
                Prefetch(
                    "tag_rows",
                    queryset=DatasetTag.objects.scoped(Scope.public()).order_by("name"),
                )
            )
            .prefetch_related(
                Prefetch(
                    "resources",
                    # A release's row report and column notes can be long JSON, and a
                    # search answer shows none of it: decoding them per hit was waste.
                    queryset=Resource.objects.scoped(Scope.public())
                    .select_related("current")
                    .defer(*(f"current__{f}" for f in RELEASE_DETAIL)),
                ),
            )
        )
        results = list(page[start : start + rows])
    facets = {
        name: _facet(qs, name, cube, facet_limit, facet_mincount, language, id_list)
        if count
        else []
        for name in fields
    }
    return SearchResult(count, results, facets)


def facet_title(name: str, language: str = "id") -> str:
    titles: dict[str, dict[str, str]] = {
        "organization": {"id": "Organisasi", "en": "Organizations"},
        "groups": {"id": "Dimensi", "en": "Dimensions"},
        "tags": {"id": "Tag", "en": "Tags"},
        "res_format": {"id": "Format", "en": "Formats"},
        "frequency": {"id": "Frekuensi", "en": "Frequency"},
        "region": {"id": "Wilayah", "en": "Region"},
        "license_id": {"id": "Lisensi", "en": "Licence"},
    }
    return titles.get(name, {}).get(language, name)
