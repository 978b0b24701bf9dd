"""The GeoReport v2 endpoints. Every answer, errors included, in the format the URL asks.

They are root routes (``urls.root_routes``): the platform finds the jurisdiction (region
code or slug in ``jurisdiction_id``; the only region running the app when it is absent),
checks a POST's ``api_key`` against the core's keys of that region and app, and calls the
view with the context; its refusals come back through :func:`refuse`, in the spec's error
list. Discovery is about the server, not a region: it is served with or without one.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from typing import Any

from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from kotacerdas.apps.aduan_warga.config import AduanContext
from kotacerdas.apps.aduan_warga.models import CLOSED_STATES, OPEN_STATES, Report
from kotacerdas.apps.aduan_warga.open311 import params
from kotacerdas.apps.aduan_warga.open311.render import error, respond
from kotacerdas.apps.aduan_warga.open311.serialize import (
    FIELDS,
    definition,
    service,
    service_requests,
    with_first_photo,
)
from kotacerdas.apps.aduan_warga.services import ReportInvalid
from kotacerdas.apps.aduan_warga.services.reporting import ReportInput, Upload, submit_report
from kotacerdas.core import idempotency

FORMATS = {"json", "xml"}
View = Callable[..., HttpResponse]


class Refused(Exception):
    def __init__(self, code: int, description: str) -> None:
        self.code, self.description = code, description


def _unknown_format(fmt: str) -> HttpResponse:
    return error("xml", 404, f"unknown format {fmt[:10]!r}: use .json or .xml")


def refuse(request: HttpRequest, status: int, message: str, kwargs: dict[str, Any]) -> HttpResponse:
    """The platform's refusals (jurisdiction unknown or missing, api_key not valid, a broken
    configuration) as the spec's error list, in the URL's format."""
    fmt = str(kwargs.get("fmt", ""))
    if fmt not in FORMATS:
        return _unknown_format(fmt)
    return error(fmt, status, message)


def endpoint(view: View) -> View:
    """Format check first, then bad input and storage failures as the spec's error list."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, ctx: AduanContext, fmt: str, **kwargs: str) -> HttpResponse:
        if fmt not in FORMATS:
            return _unknown_format(fmt)
        try:
            response: HttpResponse = view(request, ctx, fmt, **kwargs)
            return response
        except Refused as refused:
            return error(fmt, refused.code, refused.description)
        except ReportInvalid as bad:
            return error(fmt, bad.code, f"{bad.field}: {bad.message}")
        except DatabaseError:
            return error(fmt, 500, "the server could not store the request; try again")

    return wrapper


def _discovery(request: HttpRequest, fmt: str) -> HttpResponse:
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


def discovery(request: HttpRequest, ctx: AduanContext, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        return _unknown_format(fmt)
    return _discovery(request, fmt)


def discovery_refuse(
    request: HttpRequest, status: int, message: str, kwargs: dict[str, Any]
) -> HttpResponse:
    """Discovery names no region: without a (known) jurisdiction_id it is served all the
    same, as the spec's clients expect; other refusals are errors as usual."""
    fmt = str(kwargs.get("fmt", ""))
    if fmt not in FORMATS:
        return _unknown_format(fmt)
    if status in (400, 404):
        return _discovery(request, fmt)
    return error(fmt, status, message)


@endpoint
def services(request: HttpRequest, ctx: AduanContext, fmt: str) -> HttpResponse:
    return respond(fmt, "services", [service(c) for c in ctx.config.categories])


@endpoint
def service_definition(
    request: HttpRequest, ctx: AduanContext, fmt: str, code: str
) -> HttpResponse:
    category = ctx.config.category(code)
    if category is None:
        raise Refused(404, f"unknown service_code {code[:50]!r}")
    return respond(fmt, "service_definition", definition(category))


def _list(request: HttpRequest, ctx: AduanContext, fmt: str) -> HttpResponse:
    q = params.RequestQuery.parse(request.GET)
    rows = Report.objects.scoped(ctx.scope).filter(region=ctx.region)
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
    items = service_requests(request, ctx.region.slug, page)
    return respond(fmt, "service_requests", items)


def _create(request: HttpRequest, ctx: AduanContext, fmt: str) -> HttpResponse:
    # The platform refused a POST without a valid api_key of this region and app before the
    # view ran (the route's key_required); ctx.client is that key's grant.
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
    report, _token = submit_report(ctx, data)
    notice = f"Simpan nomor tiket {report.ticket}."
    return respond(
        fmt,
        "service_requests",
        [{"service_request_id": report.ticket, "service_notice": notice, "account_id": None}],
    )


def _fingerprint(request: HttpRequest, fmt: str) -> str:
    """What a POST asks, independent of the multipart boundary and the key's place: the
    format, every form field but ``api_key`` (sorted), every photo's name and content."""
    parts = [fmt.encode()]
    for name in sorted(request.POST):
        if name != "api_key":
            parts.append(name.encode())
            parts.extend(v.encode() for v in request.POST.getlist(name))
    for name in sorted(request.FILES):
        for upload in request.FILES.getlist(name):
            content = hashlib.sha256()
            for chunk in upload.chunks():
                content.update(chunk)
            upload.seek(0)
            parts += [name.encode(), (upload.name or "").encode(), content.digest()]
    return idempotency.fingerprint(*parts)


def _create_once(request: HttpRequest, ctx: AduanContext, fmt: str) -> HttpResponse:
    """``_create``, once per ``Idempotency-Key`` (core.idempotency): a retry of the same
    POST answers the first answer again and files no second report."""
    try:
        key = idempotency.key_from(request.headers.get(idempotency.HEADER))
    except idempotency.IdempotencyRefused as exc:
        raise Refused(exc.status, f"{exc.field}: {exc.message}") from None
    if key is None or ctx.client is None:
        return _create(request, ctx, fmt)

    def run() -> idempotency.Answer:
        try:
            response = _create(request, ctx, fmt)
        except Refused as refused:
            response = error(fmt, refused.code, refused.description)
        except ReportInvalid as bad:
            response = error(fmt, bad.code, f"{bad.field}: {bad.message}")
        return idempotency.Answer(response.status_code, response.content, response["Content-Type"])

    try:
        answer, replayed = idempotency.run_once(ctx.client, key, _fingerprint(request, fmt), run)
    except idempotency.IdempotencyRefused as exc:
        raise Refused(exc.status, f"{exc.field}: {exc.message}") from None
    response = HttpResponse(answer.body, status=answer.status, content_type=answer.content_type)
    if replayed:
        response["Idempotent-Replayed"] = "true"
    return response


@endpoint
def requests(request: HttpRequest, ctx: AduanContext, fmt: str) -> HttpResponse:
    if request.method == "POST":
        if ctx.client is None:  # never reached through the platform's key check
            raise Refused(403, "api_key is missing or not valid for this jurisdiction_id")
        return _create_once(request, ctx, fmt)
    if request.method != "GET":
        raise Refused(400, "use GET or POST")
    return _list(request, ctx, fmt)


@endpoint
def single(request: HttpRequest, ctx: AduanContext, fmt: str, request_id: str) -> HttpResponse:
    one = Report.objects.scoped(ctx.scope).filter(region=ctx.region, ticket=request_id)
    rows = list(with_first_photo(one).values(*FIELDS)[:1])
    if not rows:
        raise Refused(404, f"unknown service_request_id {request_id[:40]!r}")
    return respond(fmt, "service_requests", service_requests(request, ctx.region.slug, rows))


@endpoint
def token(request: HttpRequest, ctx: AduanContext, fmt: str, token: str) -> HttpResponse:
    # Ids are issued at once, so a token is the id itself; clients that poll still work.
    exists = Report.objects.scoped(ctx.scope).filter(region=ctx.region, ticket=token).exists()
    if not exists:
        raise Refused(404, f"unknown token {token[:40]!r}")
    return respond(fmt, "service_requests", [{"service_request_id": token, "token": token}])
