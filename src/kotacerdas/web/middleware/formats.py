"""A refusal at the edge in the caller's format, told from the path alone.

- ``/open311/…``: the GeoReport v2 error list, XML or JSON by the URL's extension (XML, the
  spec's mandatory format, when there is none);
- the CKAN Action API (``/api/3/action/…``, ``/api/action/…``, ``/r/<region>/data/api/…``,
  ``/r/<region>/data-terbuka/api/…``): CKAN's envelope with a ``Validation Error``, so
  ``ckanapi`` raises its own ``ValidationError``;
- ``/api/…``, ``/influx/…`` and requests that send or accept JSON: ``{"detail", "field"}``
  (the InfluxDB write also gets InfluxDB's own ``code`` and ``message``);
- everything else: the site's HTML error page.

The middleware runs before URL resolution, so the apps' own ``refuse`` functions are not at
hand; these shapes are the ones they answer with (tests check both agree).
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.html import escape

INFLUX_CODES = {400: "invalid", 413: "request too large", 422: "invalid"}
CKAN_ACTION = re.compile(r"^/(api/(3/)?action/|r/[^/]+/(data|data-terbuka)/api/(3/)?action/)")


def kind_of(path: str, content_type: str = "", accept: str = "") -> str:
    """``open311``, ``ckan``, ``json`` or ``html``."""
    if path.startswith("/open311/"):
        return "open311"
    if CKAN_ACTION.match(path):
        return "ckan"
    if path.startswith(("/api/", "/influx/")):
        return "json"
    if "json" in content_type.lower() or "application/json" in accept.lower():
        return "json"
    return "html"


def open311_body(path: str, status: int, description: str) -> tuple[bytes, str]:
    errors = [{"code": status, "description": description}]
    if path.lower().endswith(".json"):
        return json.dumps(errors, ensure_ascii=False).encode(), "application/json; charset=utf-8"
    root = ET.Element("errors")
    node = ET.SubElement(root, "error")
    ET.SubElement(node, "code").text = str(status)
    ET.SubElement(node, "description").text = description
    return ET.tostring(root, encoding="utf-8", xml_declaration=True), "text/xml; charset=utf-8"


def json_body(path: str, status: int, detail: str, field: str) -> tuple[bytes, str]:
    body: dict[str, object] = {"detail": detail, "field": field}
    if path.startswith("/influx/"):
        body |= {"code": INFLUX_CODES.get(status, "invalid"), "message": detail}
    return json.dumps(body, ensure_ascii=False).encode(), "application/json"


def ckan_body(status: int, detail: str, field: str) -> tuple[bytes, str]:
    """CKAN's error envelope (``ckan.logic.ValidationError`` keeps field messages as lists)."""
    error: dict[str, object] = {"__type": "Validation Error", "message": detail}
    if field:
        error[field] = [detail]
    body = {"help": "", "success": False, "error": error}
    return json.dumps(body, ensure_ascii=False).encode(), "application/json; charset=utf-8"


def plain_html(status: int, title: str, message: str) -> tuple[bytes, str]:
    """A standalone page, for the ASGI layer that answers before Django builds a request."""
    page = (
        f"<!doctype html><html lang='id'><head><meta charset='utf-8'>"
        f"<title>{escape(title)}</title></head><body><main><h1>{escape(title)}</h1>"
        f"<p>{escape(message)}</p></main></body></html>"
    )
    return page.encode(), "text/html; charset=utf-8"


def body_for(
    kind: str, path: str, status: int, title: str, detail: str, field: str
) -> tuple[bytes, str]:
    """The refusal's bytes and content type for a caller of ``kind`` (see ``kind_of``)."""
    if kind == "open311":
        return open311_body(path, status, f"{field}: {detail}" if field else detail)
    if kind == "ckan":
        return ckan_body(status, detail, field)
    if kind == "json":
        return json_body(path, status, detail, field)
    return plain_html(status, title, f"{field}: {detail}" if field else detail)


def refusal(request: HttpRequest, status: int, title: str, detail: str, field: str) -> HttpResponse:
    """The refusal as a response to ``request``; HTML as the site's error page."""
    path = request.path
    kind = kind_of(path, request.META.get("CONTENT_TYPE", ""), request.headers.get("Accept", ""))
    if kind != "html":
        content, content_type = body_for(kind, path, status, title, detail, field)
        return HttpResponse(content, status=status, content_type=content_type)
    html = render_to_string(
        "kotacerdas/errors/400.html",
        {"title": title, "message": detail, "field": field, "status": status},
        request=request,
    )
    return HttpResponse(html, status=status)
