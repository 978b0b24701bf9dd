"""FHIR R4 read API (JSON): ``metadata``, ``Location``, ``Organization``, ``HealthcareService``.

Search answers a ``Bundle`` of type ``searchset`` with ``total`` and ``self``/``next``/
``previous`` links; ``_count`` (1–500, default 50) and ``_offset`` page it. Refusals are
``OperationOutcome`` with 400 (a malformed parameter), 404 (no such resource) or 405.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone

from kotacerdas.apps.fasilitas_kesehatan import queries
from kotacerdas.apps.fasilitas_kesehatan.config import FasilitasKesehatanSettings
from kotacerdas.apps.fasilitas_kesehatan.models import Beds, Facility
from kotacerdas.apps.fasilitas_kesehatan.services import fhir
from kotacerdas.apps.fasilitas_kesehatan.services.geo import bbox_around, haversine_km
from kotacerdas.apps.fasilitas_kesehatan.vocab import ROOM_ORDER, SERVICES, Kind
from kotacerdas.contract import AppContext

Ctx = AppContext[FasilitasKesehatanSettings]
FHIR_JSON = "application/fhir+json; charset=utf-8"
RESOURCES = ("Location", "Organization", "HealthcareService")
MAX_COUNT = 500
DEFAULT_COUNT = 50
CONTROL = re.compile(r"[\x00-\x1f\x7f]")
ID = re.compile(r"^[A-Za-z0-9\-.]{1,64}$")
PARAMS = {
    "Location": {"type", "address-city", "near", "name", "partof", "physical-type"},
    "Organization": {"name", "address-city", "type"},
    "HealthcareService": {"organization", "location", "name", "service-type"},
}
COMMON = {"_count", "_offset", "_format"}


class Refused(Exception):
    def __init__(self, status: int, code: str, message: str, param: str = "") -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.param = status, code, message, param


def answer(body: dict[str, Any], status: int = 200) -> HttpResponse:
    return HttpResponse(
        json.dumps(body, ensure_ascii=False, separators=(",", ":")),
        status=status,
        content_type=FHIR_JSON,
    )


def outcome(status: int, code: str, message: str, param: str = "") -> HttpResponse:
    issue: dict[str, Any] = {"severity": "error", "code": code, "diagnostics": message}
    if param:
        issue["expression"] = [param]
    return answer({"resourceType": "OperationOutcome", "issue": [issue]}, status)


def base_url(request: HttpRequest, ctx: Ctx) -> str:
    root = reverse("fasilitas_kesehatan:index", args=[ctx.region.slug])
    return request.build_absolute_uri(f"{root}fhir/")


def _params(request: HttpRequest, resource: str) -> dict[str, str]:
    allowed = PARAMS[resource] | COMMON
    out: dict[str, str] = {}
    for key in request.GET:
        values = request.GET.getlist(key)
        value = values[-1]
        if len(value) > 200 or CONTROL.search(value) or len(key) > 60:
            raise Refused(400, "invalid", f"parameter {key[:60]!r} is malformed", key[:60])
        if key not in allowed:
            continue  # FHIR servers ignore parameters they do not support (lenient)
        out[key] = value.strip()
    fmt = out.get("_format", "json")
    if fmt not in ("json", "application/fhir+json", "application/json"):
        raise Refused(400, "not-supported", "only JSON is served (_format=json)", "_format")
    return out


def _int(params: dict[str, str], key: str, default: int, low: int, high: int) -> int:
    raw = params.get(key)
    if raw is None or raw == "":
        return default
    if not raw.isdigit() or not (low <= int(raw) <= high):
        raise Refused(400, "invalid", f"{key} must be a whole number from {low} to {high}", key)
    return int(raw)


def _near(raw: str, config: FasilitasKesehatanSettings) -> tuple[float, float, float]:
    parts = raw.split("|")
    try:
        lat, lon = float(parts[0]), float(parts[1])
        distance = (
            float(parts[2]) if len(parts) > 2 and parts[2] else float(config.finder_radius_km)
        )
    except (ValueError, IndexError):
        raise Refused(400, "invalid", "near must be lat|lon|distance|unit", "near") from None
    unit = parts[3] if len(parts) > 3 and parts[3] else "km"
    if unit not in ("km", "m") or len(parts) > 4:
        raise Refused(400, "invalid", "near: the unit must be km or m", "near")
    if unit == "m":
        distance /= 1000
    if not (-90 <= lat <= 90 and -180 <= lon <= 180 and 0 < distance <= 1000):
        raise Refused(400, "invalid", "near: a point on earth and a distance up to 1000 km", "near")
    return lat, lon, distance


def _tokens(raw: str) -> set[str]:
    """Codes of a token parameter (``system|code``, ``code``; commas are OR)."""
    return {v.rsplit("|", 1)[-1].strip() for v in raw.split(",") if v.strip()}


def _ref_id(raw: str, kind: str) -> str:
    value = raw.rsplit("/", 1)[-1] if raw.startswith(f"{kind}/") or "/" in raw else raw
    if not ID.match(value):
        raise Refused(400, "invalid", f"not a {kind} reference", kind.lower())
    return value


def _kinds_for(codes: set[str]) -> set[str]:
    kinds = {k.value for k in Kind if k.value in codes}
    for kind, (role, _d) in fhir.KIND_ROLE.items():
        if role in codes:
            kinds.add(kind.value)
    return kinds


def _rooms_for(codes: set[str]) -> set[str]:
    rooms = {r for r in ROOM_ORDER if r in codes}
    for room, (role, _d) in fhir.ROOM_ROLE.items():
        if role in codes:
            rooms.add(room)
    return rooms


def _city_matches(ctx: Ctx, raw: str) -> bool:
    wanted = raw.casefold()
    names = {ctx.region.name.casefold(), ctx.region.name.split(" ", 1)[-1].casefold()}
    return any(n.startswith(wanted) for n in names)


def _location_filters(ctx: Ctx, params: dict[str, str]) -> dict[str, Any] | None:
    """What the search asks for, or None when nothing can match."""
    physical = _tokens(params["physical-type"]) if params.get("physical-type") else set()
    if physical - {"bu", "ro"}:
        return None
    if "address-city" in params and not _city_matches(ctx, params["address-city"]):
        return None
    codes = _tokens(params["type"]) if params.get("type") else None
    partof = _ref_id(params["partof"], "Location") if params.get("partof") else None
    if partof is not None and not partof.isdigit():
        return None
    return {
        "want_bu": (not physical or "bu" in physical) and partof is None,
        "want_ro": not physical or "ro" in physical,
        "kinds": None if codes is None else _kinds_for(codes),
        "rooms": None if codes is None else _rooms_for(codes),
        "partof": None if partof is None else int(partof),
        "name": params.get("name", ""),
    }


def _location_sql(
    ctx: Ctx, f: dict[str, Any], offset: int, count: int
) -> tuple[int, list[tuple[str, int]]]:
    """Without ``near`` the order is the ids': facilities, then rooms by facility; counts
    and the page's slice come from SQL, nothing else is read."""
    facs = queries.facilities(ctx.region)
    beds = Beds.objects.scoped(queries.PUBLIC).filter(region=ctx.region, facility__is_active=True)
    if f["name"]:
        facs = facs.filter(name__icontains=f["name"])
        beds = beds.filter(facility__name__icontains=f["name"])
    if f["partof"] is not None:
        beds = beds.filter(facility_id=f["partof"])
    if f["kinds"] is not None:
        facs = facs.filter(kind__in=f["kinds"])
    if f["rooms"] is not None:
        beds = beds.filter(room_class__in=f["rooms"])
    n_fac = facs.count() if f["want_bu"] else 0
    n_bed = beds.count() if f["want_ro"] else 0
    page: list[tuple[str, int]] = []
    if offset < n_fac:
        ids = facs.order_by("pk").values_list("pk", flat=True)[offset : offset + count]
        page += [("f", pk) for pk in ids]
    left = count - len(page)
    if left > 0 and n_bed:
        start = max(0, offset - n_fac)
        ids = beds.order_by("facility_id", "room_class").values_list("pk", flat=True)
        page += [("r", pk) for pk in ids[start : start + left]]
    return n_fac + n_bed, page


def _location_near(ctx: Ctx, f: dict[str, Any], params: dict[str, str]) -> list[tuple[str, int]]:
    """With ``near``: facilities by distance (bounding box in SQL, haversine here), each
    followed in the room list by its rooms."""
    lat, lon, km = _near(params["near"], ctx.config)
    south, north, west, east = bbox_around(lat, lon, km)
    rows = queries.facilities(ctx.region).filter(
        lat__gte=south, lat__lte=north, lng__gte=west, lng__lte=east
    )
    if f["name"]:
        rows = rows.filter(name__icontains=f["name"])
    if f["partof"] is not None:
        rows = rows.filter(pk=f["partof"])
    scored = sorted(
        (haversine_km(lat, lon, la, lo), pk, kind)
        for pk, kind, la, lo in rows.values_list("pk", "kind", "lat", "lng")
    )
    candidates = [(pk, kind) for d, pk, kind in scored if d <= km]
    entries: list[tuple[str, int]] = []
    if f["want_bu"]:
        kinds = f["kinds"]
        entries += [("f", pk) for pk, kind in candidates if kinds is None or kind in kinds]
    if f["want_ro"] and candidates:
        order = {pk: i for i, (pk, _k) in enumerate(candidates)}
        beds = Beds.objects.scoped(queries.PUBLIC).filter(facility_id__in=list(order))
        if f["rooms"] is not None:
            beds = beds.filter(room_class__in=f["rooms"])
        found = sorted(
            (order[fid], rc, pk)
            for fid, rc, pk in beds.values_list("facility_id", "room_class", "pk")
        )
        entries += [("r", pk) for _o, _r, pk in found]
    return entries


def _location_search(
    ctx: Ctx, params: dict[str, str], offset: int, count: int
) -> tuple[int, list[tuple[str, int]]]:
    f = _location_filters(ctx, params)
    if f is None:
        return 0, []
    if not params.get("near"):
        return _location_sql(ctx, f, offset, count)
    entries = _location_near(ctx, f, params)
    return len(entries), entries[offset : offset + count]


def _location_page(ctx: Ctx, page: list[tuple[str, int]]) -> list[dict[str, Any]]:
    fac_ids = {pk for t, pk in page if t == "f"}
    bed_ids = [pk for t, pk in page if t == "r"]
    beds = Beds.objects.scoped(queries.PUBLIC).filter(pk__in=bed_ids).select_related("facility")
    by_bed = {b.pk: b for b in beds}
    facilities = {f.pk: f for f in queries.facilities(ctx.region).filter(pk__in=fac_ids)}
    region = ctx.region
    out = []
    for t, pk in page:
        if t == "f" and pk in facilities:
            out.append(fhir.facility_location(region, facilities[pk]))
        elif t == "r" and pk in by_bed:
            b = by_bed[pk]
            out.append(fhir.room_location(region, b.facility, b))
    return out


def _org_entries(ctx: Ctx, params: dict[str, str]) -> list[int]:
    if "address-city" in params and not _city_matches(ctx, params["address-city"]):
        return []
    if params.get("type") and not _tokens(params["type"]) & {"prov"}:
        return []
    rows = queries.facilities(ctx.region)
    if params.get("name"):
        rows = rows.filter(name__icontains=params["name"])
    return list(rows.order_by("pk").values_list("pk", flat=True))


def _service_entries(ctx: Ctx, params: dict[str, str]) -> list[tuple[int, str]]:
    rows = queries.facilities(ctx.region)
    for key in ("organization", "location"):
        if params.get(key):
            ref = _ref_id(params[key], key.capitalize())
            if not ref.isdigit():
                return []
            rows = rows.filter(pk=int(ref))
    wanted = _tokens(params["service-type"]) if params.get("service-type") else None
    name = params.get("name", "").casefold()
    out = []
    for pk, services in rows.order_by("pk").values_list("pk", "services"):
        for key in services or []:
            if key not in SERVICES or (wanted is not None and key not in wanted):
                continue
            if name and name not in str(SERVICES[key]).casefold():
                continue
            out.append((pk, key))
    return out


def _bundle(
    request: HttpRequest,
    ctx: Ctx,
    resource: str,
    params: dict[str, str],
    total: int,
    resources: list[dict[str, Any]],
    count: int,
    offset: int,
) -> dict[str, Any]:
    base = base_url(request, ctx)
    kept = {k: v for k, v in params.items() if k not in ("_count", "_offset")}

    def link(relation: str, at: int) -> dict[str, str]:
        query = urlencode({**kept, "_count": count, "_offset": at})
        return {"relation": relation, "url": f"{base}{resource}?{query}"}

    links = [link("self", offset)]
    if offset + count < total:
        links.append(link("next", offset + count))
    if offset > 0:
        links.append(link("previous", max(0, offset - count)))
    return {
        "resourceType": "Bundle",
        "type": "searchset",
        "timestamp": timezone.now().isoformat(),
        "total": total,
        "link": links,
        "entry": [
            {
                "fullUrl": f"{base}{r['resourceType']}/{r['id']}",
                "resource": r,
                "search": {"mode": "match"},
            }
            for r in resources
        ],
    }


def search(request: HttpRequest, ctx: Ctx, resource: str) -> HttpResponse:
    if request.method not in ("GET", "HEAD"):
        return outcome(405, "not-supported", "this FHIR server is read-only")
    if resource not in RESOURCES:
        return outcome(404, "not-supported", f"resource type {resource[:40]!r} is not served")
    try:
        params = _params(request, resource)
        count = _int(params, "_count", DEFAULT_COUNT, 0, MAX_COUNT)
        offset = _int(params, "_offset", 0, 0, 1_000_000)
        region = ctx.region
        if resource == "Location":
            total, chosen_entries = _location_search(ctx, params, offset, count)
            page_rows = _location_page(ctx, chosen_entries)
        elif resource == "Organization":
            ids = _org_entries(ctx, params)
            chosen = ids[offset : offset + count]
            found = {f.pk: f for f in queries.facilities(region).filter(pk__in=chosen)}
            page_rows = [fhir.organization(region, found[pk]) for pk in chosen if pk in found]
            total = len(ids)
        else:
            pairs = _service_entries(ctx, params)
            chosen_pairs = pairs[offset : offset + count]
            found = {
                f.pk: f
                for f in queries.facilities(region).filter(pk__in={p for p, _k in chosen_pairs})
            }
            page_rows = [
                fhir.healthcare_service(found[p], k) for p, k in chosen_pairs if p in found
            ]
            total = len(pairs)
    except Refused as exc:
        return outcome(exc.status, exc.code, exc.message, exc.param)
    return answer(_bundle(request, ctx, resource, params, total, page_rows, count, offset))


def read(request: HttpRequest, ctx: Ctx, resource: str, rid: str) -> HttpResponse:
    if request.method not in ("GET", "HEAD"):
        return outcome(405, "not-supported", "this FHIR server is read-only")
    if resource not in RESOURCES:
        return outcome(404, "not-supported", f"resource type {resource[:40]!r} is not served")
    missing = outcome(404, "not-found", f"{resource}/{rid[:64]} is not known")
    if not ID.match(rid):
        return outcome(400, "invalid", "a FHIR id is 1–64 letters, digits, '-' or '.'", "id")
    head, _sep, tail = rid.partition("-")
    if not head.isdigit() or len(head) > 18:
        return missing
    found: Facility | None = queries.facilities(ctx.region).filter(pk=int(head)).first()
    if found is None:
        return missing
    if resource == "Location":
        if not tail:
            return answer(fhir.facility_location(ctx.region, found))
        bed = Beds.objects.scoped(queries.PUBLIC).filter(facility=found, room_class=tail).first()
        return missing if bed is None else answer(fhir.room_location(ctx.region, found, bed))
    if resource == "Organization":
        return missing if tail else answer(fhir.organization(ctx.region, found))
    if tail not in (found.services or []) or tail not in SERVICES:
        return missing
    return answer(fhir.healthcare_service(found, tail))


def metadata(request: HttpRequest, ctx: Ctx) -> HttpResponse:
    def params(names: list[tuple[str, str]]) -> list[dict[str, str]]:
        return [{"name": n, "type": t} for n, t in names]

    common = [("_count", "number"), ("_offset", "number")]
    resources = [
        {
            "type": "Location",
            "interaction": [{"code": "read"}, {"code": "search-type"}],
            "searchParam": params(
                [
                    ("type", "token"),
                    ("address-city", "string"),
                    ("near", "special"),
                    ("name", "string"),
                    ("partof", "reference"),
                    ("physical-type", "token"),
                    *common,
                ]
            ),
        },
        {
            "type": "Organization",
            "interaction": [{"code": "read"}, {"code": "search-type"}],
            "searchParam": params(
                [("name", "string"), ("address-city", "string"), ("type", "token"), *common]
            ),
        },
        {
            "type": "HealthcareService",
            "interaction": [{"code": "read"}, {"code": "search-type"}],
            "searchParam": params(
                [
                    ("organization", "reference"),
                    ("location", "reference"),
                    ("name", "string"),
                    ("service-type", "token"),
                    *common,
                ]
            ),
        },
    ]
    return answer(
        {
            "resourceType": "CapabilityStatement",
            "status": "active",
            "date": timezone.now().date().isoformat(),
            "publisher": f"kotacerdas · {ctx.region.name}",
            "kind": "instance",
            "implementation": {
                "description": f"Fasilitas Kesehatan {ctx.region.name}",
                "url": base_url(request, ctx),
            },
            "fhirVersion": "4.0.1",
            "format": ["json"],
            "rest": [{"mode": "server", "resource": resources}],
        }
    )
