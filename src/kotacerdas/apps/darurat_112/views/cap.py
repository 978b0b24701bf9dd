"""The region's warnings as OASIS CAP 1.2: an Atom feed and one XML document per message.

``/r/<region>/darurat-112/cap.atom`` lists the warnings in force (and the cancels of the
last day), each entry linking to ``/r/<region>/darurat-112/cap/<identifier>.xml``. Every
message carries an ``info`` block in Indonesian (``id-ID``) and, when the officer wrote
it, one in English (``en-US``); areas are CAP polygons and circles of ``lat,lon`` pairs,
or the region's outline; times are WIB with their ``+07:00`` offset, as CAP's pattern
wants (no ``Z``). Only public texts go out: no one's name or number.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone

from kotacerdas.apps.darurat_112.models_warnings import MsgType, Warning, WarningArea
from kotacerdas.apps.darurat_112.services import warnings as svc
from kotacerdas.contract import AppContext
from kotacerdas.core.models import Region

CAP_NS = "urn:oasis:names:tc:emergency:cap:1.2"
ATOM_NS = "http://www.w3.org/2005/Atom"
CAP_TYPE = "application/cap+xml"
ATOM_TYPE = "application/atom+xml"
# The largest ring of a region's outline put in a message (CAP readers choke on more).
MAX_OUTLINE_POINTS = 1000

Ctx = AppContext[Any]


def cap_time(value: dt.datetime) -> str:
    """``2026-12-02T18:00:00+07:00``: CAP's pattern (seconds, a numeric offset)."""
    local = svc.wib(value).replace(microsecond=0)
    text = local.isoformat()
    return text if not text.endswith("Z") else text[:-1] + "+00:00"


def serialize(root: ET.Element, namespace: str) -> bytes:
    """A tree whose elements are all in ``namespace`` as UTF-8 XML with that namespace as
    the default (``<alert xmlns="…">``, as CAP readers expect; ElementTree would either
    prefix every element or refuse the unqualified attributes Atom uses)."""
    prefix = f"{{{namespace}}}"
    out: list[str] = ['<?xml version="1.0" encoding="UTF-8"?>\n']

    def name(qualified: str) -> str:
        if qualified.startswith(prefix):
            return qualified[len(prefix) :]
        if qualified.startswith("{http://www.w3.org/XML/1998/namespace}"):
            return "xml:" + qualified.split("}", 1)[1]
        raise ValueError(f"unexpected name {qualified}")

    def write(element: ET.Element, top: bool) -> None:
        tag = name(element.tag)
        attrs = "".join(
            f" {name(k) if k.startswith('{') else k}={quoteattr(v)}"
            for k, v in element.attrib.items()
        )
        if top:
            attrs = f" xmlns={quoteattr(namespace)}" + attrs
        children = list(element)
        if element.text is None and not children:
            out.append(f"<{tag}{attrs}/>")
            return
        out.append(f"<{tag}{attrs}>")
        if element.text is not None:
            out.append(escape(element.text))
        for child in children:
            write(child, False)
        out.append(f"</{tag}>")

    write(root, True)
    return "".join(out).encode("utf-8")


def _pair(lat: float, lon: float) -> str:
    return f"{lat:.5f},{lon:.5f}"


def outline_polygons(region: Region) -> list[str]:
    """The region's outline (GeoJSON ``[lon, lat]`` rings) as CAP polygons."""
    geometry = region.outline()
    kind, coords = geometry.get("type"), geometry.get("coordinates") or []
    polygons = [coords] if kind == "Polygon" else coords if kind == "MultiPolygon" else []
    found: list[str] = []
    for polygon in polygons:
        if not polygon:
            continue
        ring = polygon[0]
        step = max(1, len(ring) // MAX_OUTLINE_POINTS)
        points = [(float(p[1]), float(p[0])) for p in ring[::step]]
        if points and points[0] != points[-1]:
            points.append(points[0])
        if len(points) >= 4:
            found.append(" ".join(_pair(lat, lon) for lat, lon in points))
    return found


def _sub(parent: ET.Element, tag: str, text: str | None = None) -> ET.Element:
    element = ET.SubElement(parent, f"{{{CAP_NS}}}{tag}")
    if text is not None:
        element.text = text
    return element


def _info(alert: ET.Element, row: Warning, language: str, web: str) -> None:
    info = _sub(alert, "info")
    _sub(info, "language", "en-US" if language == "en" else "id-ID")
    _sub(info, "category", svc.EVENT_CATEGORY[row.event_type])  # type: ignore[index]
    _sub(info, "event", svc.event_name(row.event_type, language))
    _sub(info, "responseType", "AllClear" if row.msg_type == MsgType.CANCEL else "Prepare")
    _sub(info, "urgency", "Past" if row.msg_type == MsgType.CANCEL else row.urgency)
    _sub(info, "severity", row.severity)
    _sub(info, "certainty", row.certainty)
    _sub(info, "effective", cap_time(row.sent_at or row.created_at))
    _sub(info, "onset", cap_time(row.onset))
    _sub(info, "expires", cap_time(row.expires))
    _sub(info, "senderName", row.sender_name)
    _sub(info, "headline", row.headline(language))
    _sub(info, "description", row.description(language))
    instruction = row.instruction(language)
    if instruction:
        _sub(info, "instruction", instruction)
    _sub(info, "web", web)
    area = _sub(info, "area")
    _sub(area, "areaDesc", row.area_desc)
    if row.area_kind == WarningArea.POLYGON and row.polygon:
        _sub(area, "polygon", " ".join(_pair(lat, lon) for lat, lon in row.polygon))
    elif row.area_kind == WarningArea.CIRCLE and row.circle_lat is not None:
        _sub(area, "circle", f"{_pair(row.circle_lat, row.circle_lng or 0)} {row.circle_km:g}")
    else:
        for polygon in outline_polygons(row.region):
            _sub(area, "polygon", polygon)


def cap_document(row: Warning, web: str) -> bytes:
    """One CAP 1.2 ``alert`` element for ``row``, as UTF-8 XML."""
    alert = ET.Element(f"{{{CAP_NS}}}alert")
    _sub(alert, "identifier", row.identifier)
    _sub(alert, "sender", row.sender)
    _sub(alert, "sent", cap_time(row.sent_at or row.created_at))
    _sub(alert, "status", row.status)
    _sub(alert, "msgType", row.msg_type)
    _sub(alert, "scope", "Public")
    if row.note and row.msg_type == MsgType.CANCEL:
        _sub(alert, "note", row.note)
    earlier = svc.references(row)
    if earlier:
        _sub(
            alert,
            "references",
            " ".join(
                f"{w.sender},{w.identifier},{cap_time(w.sent_at or w.created_at)}" for w in earlier
            ),
        )
    _sub(alert, "incidents", row.thread)
    _info(alert, row, "id", web)
    if row.headline_en and row.description_en:
        _info(alert, row, "en", web)
    return serialize(alert, CAP_NS)


def _atom(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM_NS}}}{tag}", attrs)
    if text is not None:
        element.text = text
    return element


def atom_document(region: Region, rows: list[Warning], absolute: Any) -> bytes:
    slug = region.slug
    feed_url = absolute(reverse("darurat_112:cap-feed", args=[slug]))
    page_url = absolute(reverse("darurat_112:warnings", args=[slug]))
    root = ET.Element(f"{{{ATOM_NS}}}feed")
    root.set("{http://www.w3.org/XML/1998/namespace}lang", "id")
    _atom(root, "id", feed_url)
    _atom(root, "title", f"Peringatan dini · {region.name}")
    _atom(root, "subtitle", "CAP 1.2")
    latest = max((w.sent_at for w in rows if w.sent_at), default=None)
    _atom(root, "updated", cap_time(latest or timezone.now()))
    _atom(root, "link", rel="self", type=ATOM_TYPE, href=feed_url)
    _atom(root, "link", rel="alternate", type="text/html", href=page_url)
    author = _atom(root, "author")
    _atom(author, "name", rows[0].sender_name if rows else f"BPBD {region.name}")
    for row in rows:
        xml_url = absolute(reverse("darurat_112:cap-alert", args=[slug, row.identifier]))
        entry = _atom(root, "entry")
        _atom(entry, "id", f"urn:kotacerdas:cap:{row.identifier}")
        _atom(entry, "title", row.headline_id)
        _atom(entry, "updated", cap_time(row.sent_at or row.created_at))
        _atom(entry, "published", cap_time(row.sent_at or row.created_at))
        _atom(entry, "summary", row.description_id[:500])
        _atom(entry, "category", term=row.event_type)
        _atom(entry, "link", rel="alternate", type=CAP_TYPE, href=xml_url)
        entry_author = _atom(entry, "author")
        _atom(entry_author, "name", row.sender_name)
    return serialize(root, ATOM_NS)


def feed(request: HttpRequest, ctx: Ctx) -> HttpResponse:
    rows = list(svc.feed(ctx.region).select_related("region")[:200])
    body = atom_document(ctx.region, rows, request.build_absolute_uri)
    response = HttpResponse(body, content_type=f"{ATOM_TYPE}; charset=utf-8")
    response["Cache-Control"] = "public, max-age=60"
    return response


def alert(request: HttpRequest, ctx: Ctx, identifier: str) -> HttpResponse:
    if len(identifier) > 120:
        raise Http404
    row = svc.published(ctx.region).filter(identifier=identifier).select_related("region").first()
    if row is None:
        raise Http404
    web = request.build_absolute_uri(reverse("darurat_112:warnings", args=[ctx.region.slug]))
    response = HttpResponse(cap_document(row, web), content_type=f"{CAP_TYPE}; charset=utf-8")
    response["Cache-Control"] = "public, max-age=60"
    return response
