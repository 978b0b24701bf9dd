"""The read-only CKAN actions: each takes the parameters and the environment, returns the
``result`` or raises :class:`~.envelope.ActionError`.

Organizations are agencies (``<region-slug>-<agency-slug>``), groups are the six smart
dimensions, packages the published open datasets of the regions served (one region for a
region portal, every region running the app for the installation). A dataset that is not
published and ``terbuka`` is "Not Found" for callers that may not read the region privately.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from kotacerdas.apps.data_terbuka import search
from kotacerdas.apps.data_terbuka.ckan.envelope import (
    AUTHORIZATION,
    SEARCH_QUERY,
    ActionError,
    invalid,
    not_found,
)
from kotacerdas.apps.data_terbuka.ckan.fq import FqError, parse_fq
from kotacerdas.apps.data_terbuka.models import (
    DatasetState,
    DatasetTag,
    OpenDataset,
    Resource,
)
from kotacerdas.contract.datasets import AccessLevel
from kotacerdas.core.models import Region
from kotacerdas.core.tenancy import Scope
from kotacerdas.dimensions import DIMENSIONS, get_dimension

CKAN_VERSION = "2.10.4"
LICENCES = {
    "CC-BY-4.0": (
        "Creative Commons Attribution 4.0",
        "https://creativecommons.org/licenses/by/4.0/",
    ),
    "CC0-1.0": ("Creative Commons CCZero", "https://creativecommons.org/publicdomain/zero/1.0/"),
    "ODbL-1.0": (
        "Open Data Commons Open Database License",
        "https://opendatacommons.org/licenses/odbl/1-0/",
    ),
}
MAX_LIST = 1000

Params = dict[str, Any]


@dataclass
class Env:
    request: HttpRequest
    base: str  # the API's mount, ending in "/": "/" or "/r/<region>/data-terbuka/"
    regions: list[int]  # the regions this portal serves
    region: Region | None  # the region of a region portal; None installation-wide
    scope: Scope
    language: str = "id"

    def absolute(self, path: str) -> str:
        return self.request.build_absolute_uri(path)


# --- parameters ---------------------------------------------------------------------------


def text(params: Params, name: str, default: str = "", limit: int = 1000) -> str:
    value = params.get(name, default)
    if value is None:
        return default
    if isinstance(value, list | dict):
        raise invalid(name, "must be a string")
    value = str(value)
    if len(value) > limit:
        raise invalid(name, f"longer than {limit} characters")
    return value


def integer(params: Params, name: str, default: int, lo: int, hi: int) -> int:
    value = params.get(name)
    if value is None or value == "":
        return default
    if isinstance(value, bool):
        raise invalid(name, "Invalid integer")
    try:
        number = int(str(value).strip()[:20])
    except ValueError:
        raise invalid(name, "Invalid integer") from None
    if not lo <= number <= hi:
        raise invalid(name, f"Must be between {lo} and {hi}")
    return number


def boolean(params: Params, name: str, default: bool = False) -> bool:
    value = params.get(name)
    if value is None or value == "":
        return default
    if isinstance(value, bool):
        return value
    low = str(value).strip().lower()
    if low in ("true", "1", "yes", "on"):
        return True
    if low in ("false", "0", "no", "off"):
        return False
    raise invalid(name, "Must be true or false")


def string_list(params: Params, name: str) -> list[str]:
    """A list given as a JSON array (string or body value), or one plain value."""
    value = params.get(name)
    if value is None or value == "":
        return []
    if isinstance(value, str):
        stripped = value.strip()
        if stripped.startswith("["):
            try:
                value = json.loads(stripped)
            except ValueError:
                raise invalid(name, "must be a JSON list of strings") from None
        else:
            value = [stripped]
    if not isinstance(value, list) or not all(isinstance(v, str | int) for v in value):
        raise invalid(name, "must be a JSON list of strings")
    if len(value) > 100:
        raise invalid(name, "at most 100 values")
    return [str(v) for v in value]


def ident(params: Params, name: str = "id") -> str:
    value = text(params, name, limit=200).strip()
    if not value:
        raise invalid(name, "Missing value")
    return value


# --- serialising ---------------------------------------------------------------------------


def ckan_time(value: dt.datetime | None) -> str | None:
    if value is None:
        return None
    return value.astimezone(dt.UTC).replace(tzinfo=None).isoformat(timespec="microseconds")


def organization_dict(org: search.Org, count: int | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": org.name,
        "name": org.name,
        "title": org.title,
        "display_name": org.title,
        "description": org.agency_name,
        "type": "organization",
        "is_organization": True,
        "state": "active",
        "approval_status": "approved",
        "image_url": "",
        "created": None,
        "region": org.region_slug,
    }
    if count is not None:
        out["package_count"] = count
    return out


def group_dict(key: str, language: str, count: int | None = None) -> dict[str, Any]:
    dimension = get_dimension(key)
    out: dict[str, Any] = {
        "id": key,
        "name": key,
        "title": dimension.name(language),
        "display_name": dimension.name(language),
        "description": ", ".join(s.name(language) for s in dimension.sub_elements),
        "type": "group",
        "is_organization": False,
        "state": "active",
        "approval_status": "approved",
        "image_url": "",
    }
    if count is not None:
        out["package_count"] = count
    return out


_NAME = "n-a-m-e"
_UUID = "00000000-0000-4000-8000-000000000000"


@functools.lru_cache(maxsize=512)
def _path_template(url_name: str, region_slug: str, fallback: str) -> str:
    """The path of a portal URL with placeholders for the dataset name and resource id
    (``reverse`` once per region, not once per resource)."""
    kwargs: dict[str, Any] = {"region_slug": region_slug, "name": _NAME}
    if url_name == "data_terbuka:download":
        kwargs |= {"resource_id": _UUID, "fmt": "csv"}
    try:
        return reverse(url_name, kwargs=kwargs)
    except NoReverseMatch:
        return fallback.format(region=region_slug, name=_NAME, resource=_UUID)


def dataset_path(dataset: OpenDataset) -> str:
    template = _path_template(
        "data_terbuka:dataset", dataset.region.slug, "/r/{region}/data-terbuka/dataset/{name}/"
    )
    return template.replace(_NAME, dataset.name)


def download_url(env: Env, dataset: OpenDataset, resource: Resource, fmt: str = "csv") -> str:
    if resource.current_id is None and resource.url:
        return resource.url
    template = _path_template(
        "data_terbuka:download",
        dataset.region.slug,
        "/r/{region}/data-terbuka/dataset/{name}/{resource}.csv",
    )
    path = template.replace(_NAME, dataset.name).replace(_UUID, str(resource.uuid))
    if fmt != "csv":
        path = path[: -len("csv")] + fmt
    return env.absolute(path)


def datastore_active(resource: Resource) -> bool:
    current = resource.current
    return bool(current is not None and current.table_name)


def resource_dict(env: Env, dataset: OpenDataset, resource: Resource) -> dict[str, Any]:
    current = resource.current
    return {
        "id": str(resource.uuid),
        "package_id": str(dataset.uuid),
        "name": resource.title(env.language),
        "description": resource.title_en if env.language == "id" else resource.title_id,
        "format": resource.format.upper(),
        "mimetype": "text/csv" if datastore_active(resource) else None,
        "url": download_url(env, dataset, resource),
        "url_type": "datastore" if datastore_active(resource) else None,
        "datastore_active": datastore_active(resource),
        "position": resource.position,
        "state": "active",
        "created": ckan_time(resource.created),
        "last_modified": ckan_time(
            current.published_at if current is not None and current.published_at else None
        )
        or ckan_time(resource.last_modified),
        "metadata_modified": ckan_time(resource.last_modified),
        "size": None,
        "version": current.version if current is not None else None,
        "rows": current.row_count if current is not None else None,
    }


def _extras(dataset: OpenDataset) -> list[dict[str, str]]:
    region = dataset.region
    pairs = [
        ("produsen_data", dataset.agency.name if dataset.agency else ""),
        ("walidata", dataset.walidata.name if dataset.walidata else ""),
        ("frequency", dataset.frequency),
        ("access_level", dataset.access_level),
        ("kode_wilayah", region.code),
        ("region", region.name),
        ("period_start", dataset.period_start.isoformat() if dataset.period_start else ""),
        ("period_end", dataset.period_end.isoformat() if dataset.period_end else ""),
        ("priority", "true" if dataset.priority else "false"),
        ("next_release", dataset.next_release.isoformat() if dataset.next_release else ""),
        ("dimension", dataset.dimension),
        ("source", dataset.source),
    ]
    return [{"key": k, "value": v} for k, v in pairs]


def package_dict(env: Env, dataset: OpenDataset) -> dict[str, Any]:
    by_id, _by_name = search.organizations()
    org = by_id.get(dataset.agency_id) if dataset.agency_id is not None else None
    tags = [t.name for t in dataset.tag_rows.all()]
    resources = [resource_dict(env, dataset, r) for r in dataset.resources.all()]
    licence = LICENCES.get(dataset.licence, (dataset.licence, ""))
    page = dataset_path(dataset)
    groups = []
    if dataset.dimension in {d.key for d in DIMENSIONS}:
        groups = [group_dict(dataset.dimension, env.language)]
    return {
        "id": str(dataset.uuid),
        "name": dataset.name,
        "title": dataset.title(env.language),
        "notes": dataset.notes(env.language),
        "title_translated": {"id": dataset.title_id, "en": dataset.title_en or dataset.title_id},
        "notes_translated": {"id": dataset.notes_id, "en": dataset.notes_en or dataset.notes_id},
        "type": "dataset",
        "state": "active",
        "private": dataset.access_level != AccessLevel.OPEN.value,
        "url": env.absolute(page),
        "license_id": dataset.licence,
        "license_title": licence[0],
        "license_url": licence[1],
        "isopen": dataset.licence in LICENCES,
        "author": dataset.agency.name if dataset.agency else "",
        "author_email": None,
        "maintainer": dataset.contact_name or (dataset.agency.name if dataset.agency else ""),
        "maintainer_email": dataset.contact_email or None,
        "version": None,
        "metadata_created": ckan_time(dataset.metadata_created),
        "metadata_modified": ckan_time(dataset.metadata_modified),
        "owner_org": org.name if org else None,
        "organization": organization_dict(org) if org else None,
        "groups": groups,
        "tags": [
            {"name": t, "display_name": t, "state": "active", "vocabulary_id": None} for t in tags
        ],
        "num_tags": len(tags),
        "resources": resources,
        "num_resources": len(resources),
        "extras": _extras(dataset),
        "frequency": dataset.frequency,
        "region": dataset.region.slug,
    }


# --- finding -------------------------------------------------------------------------------


def _readable(env: Env) -> Q:
    """What the caller may see: published open datasets, and every dataset of a region the
    caller may read privately (console users see their drafts through the API too)."""
    allowed = Q(state=DatasetState.PUBLISHED, access_level=AccessLevel.OPEN.value)
    if env.scope.read_regions is None:
        return Q()
    if env.scope.read_regions:
        allowed |= Q(region_id__in=env.scope.read_regions)
    return allowed


def datasets(env: Env) -> Any:
    qs: Any = (
        OpenDataset.objects.scoped(env.scope)
        .filter(region_id__in=env.regions)
        .filter(_readable(env))
        .select_related("region", "agency", "walidata")
        .prefetch_related(
            Prefetch("tag_rows", queryset=DatasetTag.objects.scoped(env.scope).order_by("name"))
        )
        .prefetch_related(
            Prefetch(
                "resources", queryset=Resource.objects.scoped(env.scope).select_related("current")
            ),
        )
    )
    return qs


def find_dataset(env: Env, ref: str) -> OpenDataset:
    qs = datasets(env)
    match = Q(name=ref)
    if _is_uuid(ref):
        match |= Q(uuid=ref)
    found: OpenDataset | None = qs.filter(match).first()
    if found is None:
        raise not_found("Dataset")
    return found


def _is_uuid(ref: str) -> bool:
    import uuid

    try:
        uuid.UUID(ref)
    except ValueError:
        return False
    return True


def find_resource(env: Env, ref: str) -> tuple[OpenDataset, Resource]:
    if not _is_uuid(ref):
        raise not_found("Resource")
    resource = (
        Resource.objects.scoped(env.scope)
        .filter(uuid=ref, region_id__in=env.regions)
        .select_related("current")
        .first()
    )
    if resource is None:
        raise not_found("Resource")
    dataset = datasets(env).filter(pk=resource.dataset_id).first()
    if dataset is None:
        raise not_found("Resource")
    for candidate in dataset.resources.all():
        if candidate.pk == resource.pk:
            return dataset, candidate
    raise not_found("Resource")


# --- actions -------------------------------------------------------------------------------


def status_show(env: Env, params: Params) -> Any:
    """The site's title, address, CKAN version and extensions."""
    title = "Data Terbuka" + (f" {env.region.name}" if env.region else "")
    return {
        "site_title": title,
        "site_description": "Portal Satu Data Indonesia (kotacerdas)",
        "site_url": env.absolute(env.base).rstrip("/"),
        "ckan_version": CKAN_VERSION,
        "error_emails_to": None,
        "locale_default": "id",
        "extensions": ["datastore", "dcat", "satu_data"],
    }


def site_read(env: Env, params: Params) -> Any:
    """True (old clients call it)."""
    return True


def _search_args(env: Env, params: Params) -> dict[str, Any]:
    q = text(params, "q", limit=1000)
    fq = text(params, "fq", limit=2000)
    fq_list = string_list(params, "fq_list")
    try:
        parsed = parse_fq(fq)
        for extra in fq_list:
            parsed = parse_fq(extra, parsed)
        # ``q`` may itself hold field terms (``q=organization:x``, ``q=name:foo``).
        words = []
        for word in q.split():
            field_name = word.split(":", 1)[0].lstrip("+")
            if (
                ":" in word
                and field_name in (*search.FILTER_FIELDS, "name", "id")
                and word[-1] != ":"
            ):
                parsed = parse_fq(word, parsed)
            else:
                words.append(word)
        q = " ".join(words)
    except FqError as exc:
        raise ActionError(SEARCH_QUERY, f"Search error: {exc}", {"fq": [str(exc)]}) from None
    return {"q": q, "parsed": parsed}


def package_search(env: Env, params: Params) -> Any:
    """Search the datasets: q, fq, rows (≤1000, default 10), start, sort, facet.field,
    facet.limit, facet.mincount, include_private."""
    rows = integer(params, "rows", 10, 0, search.MAX_ROWS)
    start = integer(params, "start", 0, 0, 10**7)
    sort = text(params, "sort", "score desc, metadata_modified desc", limit=200)
    facet_fields = string_list(params, "facet.field")
    facet_limit = integer(params, "facet.limit", 50, -1, 1000)
    facet_mincount = integer(params, "facet.mincount", 1, 0, 10**9)
    include_private = boolean(params, "include_private", False)
    args = _search_args(env, params)
    parsed = args["parsed"]
    if parsed.nothing:
        return _search_answer(env, search.SearchResult(0, [], {n: [] for n in facet_fields}), sort)
    for name in facet_fields:
        if name not in search.FACET_FIELDS:
            raise invalid("facet.field", f"cannot facet on {name[:40]!r}")
    regions = env.regions
    try:
        result = search.search_datasets(
            regions=regions,
            q=args["q"],
            filters=parsed.filters,
            modified_since=parsed.modified[0],
            modified_until=parsed.modified[1],
            created_since=parsed.created[0],
            created_until=parsed.created[1],
            facet_fields=facet_fields,
            facet_limit=facet_limit,
            facet_mincount=facet_mincount,
            rows=rows,
            start=start,
            sort=sort,
            include_private_for_scope=env.scope if include_private else None,
            language=env.language,
            names=parsed.names or None,
            uuids=[i for i in parsed.ids if _is_uuid(i)] if parsed.ids else None,
        )
    except search.SearchError as exc:
        if exc.field in ("q", "fq"):
            raise ActionError(
                SEARCH_QUERY, f"Search error: {exc}", {exc.field: [str(exc)]}
            ) from None
        raise invalid(exc.field, str(exc)) from None
    return _search_answer(env, result, sort)


def _search_answer(env: Env, result: search.SearchResult, sort: str) -> dict[str, Any]:
    return {
        "count": result.count,
        "sort": sort,
        "results": [package_dict(env, d) for d in result.results],
        "facets": {name: {i.name: i.count for i in items} for name, items in result.facets.items()},
        "search_facets": {
            name: {
                "title": search.facet_title(name, env.language),
                "items": [
                    {"name": i.name, "display_name": i.display_name, "count": i.count}
                    for i in items
                ],
            }
            for name, items in result.facets.items()
        },
    }


def package_list(env: Env, params: Params) -> Any:
    """Names of the public datasets, by name (limit, offset)."""
    limit = integer(params, "limit", MAX_LIST * 100, 0, MAX_LIST * 100)
    offset = integer(params, "offset", 0, 0, 10**7)
    qs = search.base_queryset(env.regions).order_by("name").values_list("name", flat=True)
    return list(qs[offset : offset + limit])


def package_show(env: Env, params: Params) -> Any:
    """One dataset by id (uuid) or name."""
    return package_dict(env, find_dataset(env, ident(params)))


def resource_show(env: Env, params: Params) -> Any:
    """One resource by id."""
    dataset, resource = find_resource(env, ident(params))
    return resource_dict(env, dataset, resource)


def _orgs_served(env: Env) -> list[search.Org]:
    by_id, _by_name = search.organizations()
    wanted = set(env.regions)
    return sorted((o for o in by_id.values() if o.region_id in wanted), key=lambda o: o.name)


def _org_counts(env: Env) -> dict[int, int]:
    qs = search.base_queryset(env.regions).values_list("agency_id").annotate(n=Count("pk"))
    return {a: n for a, n in qs.order_by() if a is not None}


def _list_window(params: Params) -> tuple[int, int]:
    limit = integer(params, "limit", MAX_LIST, 0, MAX_LIST)
    offset = integer(params, "offset", 0, 0, 10**7)
    return limit, offset


def organization_list(env: Env, params: Params) -> Any:
    """The agencies (organizations): names, or dicts with ``all_fields``."""
    all_fields = boolean(params, "all_fields", False)
    limit, offset = _list_window(params)
    wanted = set(string_list(params, "organizations"))
    sort = text(params, "sort", "name asc", limit=60).strip().lower()
    orgs = _orgs_served(env)
    if wanted:
        orgs = [o for o in orgs if o.name in wanted]
    counts = _org_counts(env)
    if sort.startswith("package_count"):
        orgs.sort(key=lambda o: (-counts.get(o.id, 0), o.name))
    elif sort.startswith("title"):
        orgs.sort(key=lambda o: o.title.lower())
    if sort.endswith(" desc") and not sort.startswith("package_count"):
        orgs.reverse()
    orgs = orgs[offset : offset + limit]
    if not all_fields:
        return [o.name for o in orgs]
    return [organization_dict(o, counts.get(o.id, 0)) for o in orgs]


def _find_org(env: Env, ref: str) -> search.Org:
    _by_id, by_name = search.organizations()
    org = by_name.get(ref)
    if org is None or org.region_id not in env.regions:
        raise not_found("Organization")
    return org


def organization_show(env: Env, params: Params) -> Any:
    """One agency; ``include_datasets`` lists its public datasets (up to 1000)."""
    org = _find_org(env, ident(params))
    include = boolean(params, "include_datasets", False)
    out = organization_dict(org, _org_counts(env).get(org.id, 0))
    if include:
        result = search.search_datasets(
            regions=env.regions,
            filters={"organization": [org.name]},
            rows=search.MAX_ROWS,
            sort="name asc",
            language=env.language,
        )
        out["packages"] = [package_dict(env, d) for d in result.results]
    return out


def _group_counts(env: Env) -> dict[str, int]:
    qs = search.base_queryset(env.regions).values_list("dimension").annotate(n=Count("pk"))
    return dict(qs.order_by())


def group_list(env: Env, params: Params) -> Any:
    """The six smart-city dimensions (groups)."""
    all_fields = boolean(params, "all_fields", False)
    limit, offset = _list_window(params)
    keys = [d.key for d in DIMENSIONS]
    wanted = set(string_list(params, "groups"))
    if wanted:
        keys = [k for k in keys if k in wanted]
    keys = keys[offset : offset + limit]
    if not all_fields:
        return keys
    counts = _group_counts(env)
    return [group_dict(k, env.language, counts.get(k, 0)) for k in keys]


def group_show(env: Env, params: Params) -> Any:
    """One dimension; ``include_datasets`` lists its datasets (up to 1000)."""
    ref = ident(params)
    if ref not in {d.key for d in DIMENSIONS}:
        raise not_found("Group")
    out = group_dict(ref, env.language, _group_counts(env).get(ref, 0))
    if boolean(params, "include_datasets", False):
        result = search.search_datasets(
            regions=env.regions,
            filters={"groups": [ref]},
            rows=search.MAX_ROWS,
            sort="name asc",
            language=env.language,
        )
        out["packages"] = [package_dict(env, d) for d in result.results]
    return out


def tag_list(env: Env, params: Params) -> Any:
    """The tags of the public datasets (``query`` narrows; ``all_fields`` gives dicts)."""
    query = text(params, "query", limit=100).strip().lower()
    all_fields = boolean(params, "all_fields", False)
    limit, offset = _list_window(params)
    ids = search.base_queryset(env.regions).values("pk")
    tags = DatasetTag.objects.scoped(Scope.public()).filter(dataset_id__in=ids)
    if query:
        tags = tags.filter(name__icontains=query)
    names = list(tags.values_list("name", flat=True).distinct().order_by("name"))
    names = names[offset : offset + limit]
    if all_fields:
        return [{"id": n, "name": n, "display_name": n, "vocabulary_id": None} for n in names]
    return names


def datastore_search(env: Env, params: Params) -> Any:
    """Rows of a resource's published table (see ``ckan.datastore_search``)."""
    from kotacerdas.apps.data_terbuka.ckan.datastore_search import run

    ref = text(params, "resource_id", limit=200).strip() or text(params, "id", limit=200).strip()
    if not ref:
        raise invalid("resource_id", "Missing value")
    dataset, resource = find_resource(env, ref)
    return run(env, dataset, resource, params)


def datastore_search_sql(env: Env, params: Params) -> Any:
    """Disabled on this portal: use datastore_search."""
    raise ActionError(
        AUTHORIZATION,
        "datastore_search_sql is disabled on this portal; use datastore_search "
        "(filters, q, sort, fields, limit, offset) instead",
    )


def help_show(env: Env, params: Params) -> Any:
    """The documentation of an action."""
    name = ident(params, "name")
    action = ACTIONS.get(name)
    if action is None:
        raise not_found(f"Action {name[:60]}")
    return (action.__doc__ or "").strip()


def region_list(env: Env, params: Params) -> Any:
    """The regions this portal serves (slug, name, Kemendagri code)."""
    return [
        {"name": r.slug, "title": r.name, "code": r.code}
        for r in Region.objects.filter(pk__in=env.regions).order_by("code")
    ]


ACTIONS: dict[str, Callable[[Env, Params], Any]] = {
    f.__name__: f
    for f in (
        status_show,
        site_read,
        package_list,
        package_search,
        package_show,
        resource_show,
        organization_list,
        organization_show,
        group_list,
        group_show,
        tag_list,
        datastore_search,
        datastore_search_sql,
        help_show,
    )
}
WRITE_SUFFIXES = ("_create", "_update", "_patch", "_delete", "_purge", "_upsert", "_insert")


def dispatch(env: Env, name: str, params: Params) -> Any:
    action = ACTIONS.get(name)
    if action is None:
        if name.endswith(WRITE_SUFFIXES) or name.startswith("datastore_"):
            raise ActionError(
                AUTHORIZATION, f"Access denied: {name} is not allowed (read-only API)"
            )
        raise ActionError("Bad Request", f"Bad request - Action name not known: {name[:60]}")
    return action(env, params)
