"""The GeoReport v2 endpoints. Every answer, errors included, in the format the URL asks."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import DatabaseError
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt

from kotacerdas.apps.aduan_warga.models import CLOSED_STATES, OPEN_STATES, Report
from kotacerdas.apps.aduan_warga.open311 import answers, params
from kotacerdas.apps.aduan_warga.open311.render import error, respond
from kotacerdas.apps.aduan_warga.open311.serialize import (
    FIELDS,
    definition,
    service,
    service_requests,
    with_first_photo,
)
from kotacerdas.apps.aduan_warga.services import ReportInvalid
from kotacerdas.apps.aduan_warga.services.clients import clients_holding, key_hash
from kotacerdas.apps.aduan_warga.services.reporting import ReportInput, Upload, submit_report
from kotacerdas.apps.aduan_warga.settings import KEY, RegionSettings, settings_from_config
from kotacerdas.core.models import AppInstallation, Region
from kotacerdas.core.tenancy import Scope

FORMATS = {"json", "xml"}


class Refused(Exception):
    def __init__(self, code: int, description: str) -> None:
        self.code, self.description = code, description


def _jurisdiction(query: QueryDict, api_key: str | None = None) -> tuple[Region, RegionSettings]:
    """The region and its settings in one query: every Open311 call starts here.

    With ``api_key`` (a POST), the same query also asks whether the key belongs to an active
    client of that region, so a write costs one read instead of two; the checks keep their
    order (jurisdiction 404/400 first, then the key's 403).
    """
    wanted = query.get("jurisdiction_id", "").strip()
    digest = None if api_key is None else key_hash(api_key)
    known = answers.recall(wanted, digest) if api_key != "" else None
    if known is not None:
        return known
    enabled: QuerySet[Any] = (
        AppInstallation.objects.scoped(Scope.public())
        .filter(app_key=KEY, enabled=True)
        .select_related("region")
    )
    if api_key is not None:
        clients = clients_holding(api_key).filter(region=OuterRef("region"))
        enabled = enabled.annotate(key_valid=Exists(clients))
    if wanted:
        rows = list(enabled.filter(Q(region__code=wanted) | Q(region__slug=wanted))[:1])
        if not rows:
            raise Refused(404, f"unknown jurisdiction_id {wanted[:40]!r}")
    else:
        rows = list(enabled[:2])
        if len(rows) != 1:
            raise Refused(
                400, "jurisdiction_id is required: a region code such as 33.74 or its slug"
            )
    if api_key is not None and not (api_key and getattr(rows[0], "key_valid", False)):
        # A key of another region is no key: the subquery is tied to this region.
        raise Refused(403, "api_key is missing or not valid for this jurisdiction")
    answer = rows[0].region, settings_from_config(rows[0].config)
    answers.remember(wanted, digest, answer)
    return answer


def endpoint(
    view: Callable[..., HttpResponse], *, keyed_post: bool = False
) -> Callable[..., HttpResponse]:
    """Format check, jurisdiction, and bad input answered as the spec's error list.

    ``keyed_post``: a POST to this endpoint writes, so the caller's ``api_key`` is checked
    (in the jurisdiction's query) before the view runs.
    """

    @csrf_exempt
    def wrapper(request: HttpRequest, fmt: str, **kwargs: str) -> HttpResponse:
        if fmt not in FORMATS:
            return error("xml", 404, f"unknown format {fmt[:10]!r}: use .json or .xml")
        query = request.POST if request.method == "POST" else request.GET
        api_key = query.get("api_key", "") if keyed_post and request.method == "POST" else None
        try:
            region, conf = _jurisdiction(query, api_key)
            response: HttpResponse = view(request, fmt, region, conf, **kwargs)
            return response
        except Refused as refused:
            return error(fmt, refused.code, refused.description)
        except ReportInvalid as bad:
            return error(fmt, bad.code, f"{bad.field}: {bad.message}")
        except DatabaseError:
            return error(fmt, 500, "the server could not store the request; try again")

    return wrapper


def keyed_endpoint(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    return endpoint(view, keyed_post=True)


def discovery(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        return error("xml", 404, "unknown format: use .json or .xml")
    base = request.build_absolute_uri(reverse("open311-discovery", args=["json"]))
    body = {
        "changeset": "2026-11-27T00:00:00+07:00",
        "contact": "Diskominfo — kotacerdas",
        "key_service": "Ask the region admin (Diskominfo) for an API key in the console.",
        "endpoints": [
            {
                "specification": "http://wiki.open311.org/GeoReport_v2",
                "url": base.rsplit("/", 1)[0],
                "changeset": "2026-11-27T00:00:00+07:00",
                "type": "production",
                "formats": ["text/xml", "application/json"],
            }
        ],
    }
    return respond(fmt, "discovery", body)


@endpoint
def services(request: HttpRequest, fmt: str, region: Region, conf: RegionSettings) -> HttpResponse:
    return respond(fmt, "services", [service(c) for c in conf.categories])


@endpoint
def service_definition(
    request: HttpRequest, fmt: str, region: Region, conf: RegionSettings, code: str
) -> HttpResponse:
    category = conf.category(code)
    if category is None:
        raise Refused(404, f"unknown service_code {code[:50]!r}")
    return respond(fmt, "service_definition", definition(category))


def _list(request: HttpRequest, fmt: str, region: Region) -> HttpResponse:
    q = params.RequestQuery.parse(request.GET)
    rows = Report.objects.scoped(Scope.public()).filter(region=region)
    if q.ids:  # the spec: with ids, every other filter is ignored
        rows = rows.filter(ticket__in=q.ids[:1000])
    else:
        rows = rows.filter(created_at__gte=q.start, created_at__lte=q.end)
        if q.service_codes:
            rows = rows.filter(service_code__in=q.service_codes)
        if q.statuses == ["open"]:
            rows = rows.filter(status__in=OPEN_STATES)
        elif q.statuses == ["closed"]:
            rows = rows.filter(status__in=CLOSED_STATES)
    offset = (q.page - 1) * q.page_size
    page = list(
        with_first_photo(rows.order_by("-created_at")).values(*FIELDS)[
            offset : offset + q.page_size
        ]
    )
    items = service_requests(request, region.slug, page)
    return respond(fmt, "service_requests", items)


def _create(request: HttpRequest, fmt: str, region: Region, conf: RegionSettings) -> HttpResponse:
    # Reached only through @keyed_endpoint, which refused a POST without a valid api_key
    # of this region before the view ran (in the jurisdiction's query).
    form = request.POST
    name = " ".join(p for p in (form.get("first_name", ""), form.get("last_name", "")) if p)
    data = ReportInput(
        service_code=form.get("service_code", "").strip(),
        description=form.get("description", ""),
        lat=params.coordinate(form, "lat"),
        lng=params.coordinate(form, "long"),
        address=form.get("address_string", "") or form.get("address_id", ""),
        attributes=params.attributes(form),
        name=name[:120],
        phone=form.get("phone", ""),
        email=form.get("email", ""),
        media_url=form.get("media_url", ""),
        source="open311",
        photos=[Upload(f, f.size or 0) for f in request.FILES.getlist("media")[:4]],
    )
    report, _token = submit_report(region, conf, data)
    notice = f"Simpan nomor tiket {report.ticket}."
    return respond(
        fmt,
        "service_requests",
        [{"service_request_id": report.ticket, "service_notice": notice, "account_id": None}],
    )


@keyed_endpoint
def requests(request: HttpRequest, fmt: str, region: Region, conf: RegionSettings) -> HttpResponse:
    if request.method == "POST":
        return _create(request, fmt, region, conf)
    if request.method != "GET":
        raise Refused(400, "use GET or POST")
    return _list(request, fmt, region)


def _one(request: HttpRequest, fmt: str, region: Region, ticket: str) -> HttpResponse:
    one = Report.objects.scoped(Scope.public()).filter(region=region, ticket=ticket)
    rows = list(with_first_photo(one).values(*FIELDS)[:1])
    if not rows:
        raise Refused(404, f"unknown service_request_id {ticket[:40]!r}")
    return respond(fmt, "service_requests", service_requests(request, region.slug, rows))


@endpoint
def single(
    request: HttpRequest, fmt: str, region: Region, conf: RegionSettings, request_id: str
) -> HttpResponse:
    return _one(request, fmt, region, request_id)


@endpoint
def token(
    request: HttpRequest, fmt: str, region: Region, conf: RegionSettings, token: str
) -> HttpResponse:
    # Ids are issued at once, so a token is the id itself; clients that poll still work.
    exists = Report.objects.scoped(Scope.public()).filter(region=region, ticket=token).exists()
    if not exists:
        raise Refused(404, f"unknown token {token[:40]!r}")
    return respond(fmt, "service_requests", [{"service_request_id": token, "token": token}])
