"""One document, two formats: the spec's XML (mandatory) and JSON, errors included."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from typing import Any

from django.http import HttpResponse

# Element names of list items in XML, by the list's own name.
ITEM_TAG = {
    "services": "service",
    "service_requests": "request",
    "attributes": "attribute",
    "values": "value",
    "errors": "error",
    "endpoints": "endpoint",
    "formats": "format",
    "keywords": "keyword",
}


# Characters XML 1.0 cannot carry (section 2.2): C0 controls but tab, LF and CR, lone
# surrogates, U+FFFE and U+FFFF. Input refuses them at the edge; rows stored before that
# still hold them, and a well-formed document must drop them (JSON keeps them, escaped).
NOT_XML = re.compile("[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(text: str) -> str:
    return NOT_XML.sub("", text)


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else xml_safe(str(value))


def _fill(parent: ET.Element, name: str, value: Any) -> None:
    node = ET.SubElement(parent, name)
    if isinstance(value, dict):
        for key, sub in value.items():
            _fill(node, key, sub)
    elif isinstance(value, list):
        for item in value:
            _fill(node, ITEM_TAG.get(name, "item"), item)
    else:
        node.text = _text(value)


def to_xml(root: str, body: Any) -> bytes:
    tree = ET.Element(root)
    if isinstance(body, list):
        for item in body:
            _fill(tree, ITEM_TAG.get(root, "item"), item)
    else:
        for key, value in body.items():
            _fill(tree, key, value)
    document: bytes = ET.tostring(tree, encoding="utf-8", xml_declaration=True)
    return document


def respond(fmt: str, root: str, body: Any, status: int = 200) -> HttpResponse:
    """``root`` names the XML document element; JSON is the body as it is."""
    if fmt == "xml":
        return HttpResponse(
            to_xml(root, body), status=status, content_type="text/xml; charset=utf-8"
        )
    return HttpResponse(
        json.dumps(body, ensure_ascii=False),
        status=status,
        content_type="application/json; charset=utf-8",
    )


def error(fmt: str, code: int, description: str) -> HttpResponse:
    """The spec's error list: ``[{"code": 400, "description": ...}]`` / ``<errors>``."""
    return respond(fmt, "errors", [{"code": code, "description": description}], status=code)
