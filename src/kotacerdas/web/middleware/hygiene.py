"""Control characters refused at the edge, with a message naming the field.

NUL and the other C0 control characters (U+0000–U+001F except tab, line feed and carriage
return, which multi-line text carries) have no place in any parameter: PostgreSQL refuses
NUL in text (the request then failed deep in a query), XML 1.0 cannot carry them (one report
with ``\\x01`` broke the region's Open311 ``requests.xml``), and nobody types them. Checked:

- the path, every query parameter's name and value;
- form bodies (URL-encoded and multipart: names and values; Django's multipart parser
  already drops unprintable characters from uploaded files' names);
- JSON bodies of ``/api/`` endpoints: every key and string, the field named by its path
  (``prices.beras:medium``, ``items[2].name``).

Endpoints that parse their bodies themselves (the sensor ingest's JSON and line protocol,
``raw`` in the body-limit table) are left to their parsers, which refuse bad input by line
or reading. Nothing is stripped here: a refused request is one the sender can fix. The one
place that strips is output: the Open311 XML writer drops characters XML 1.0 cannot carry,
as the XML specification requires of a well-formed document, so rows stored before this
check still give well-formed XML.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import orjson
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _

from kotacerdas.web.middleware.formats import refusal
from kotacerdas.web.middleware.limits import limit_for, too_large

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
MAX_FIELD_NAME = 80


def has_control(text: str) -> bool:
    return CONTROL.search(text) is not None


def _shown(name: str) -> str:
    """A field name fit to be shown: its control characters as ``\\xNN``, shortened."""
    shown = CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", name)
    return shown[:MAX_FIELD_NAME]


def _pairs(data: Any) -> Iterator[tuple[str, list[str]]]:
    for key in data:
        yield key, [str(v) for v in data.getlist(key)]


def _first_bad_pair(pairs: Iterator[tuple[str, list[str]]]) -> str | None:
    for key, values in pairs:
        if has_control(key) or any(has_control(v) for v in values):
            return _shown(key)
    return None


def first_bad_json(value: Any, where: str = "") -> str | None:
    """The path of the first key or string holding a control character, or None."""
    stack: list[tuple[str, Any]] = [(where, value)]
    while stack:
        at, item = stack.pop()
        if isinstance(item, str):
            if has_control(item):
                return at or "body"
        elif isinstance(item, dict):
            for key, sub in reversed(list(item.items())):
                path = f"{at}.{key}" if at else str(key)
                if has_control(str(key)):
                    return _shown(path)
                stack.append((path, sub))
        elif isinstance(item, list):
            stack.extend((f"{at}[{i}]", sub) for i, sub in reversed(list(enumerate(item))))
    return None


def bad_field(request: HttpRequest) -> str | None:
    """The first field of ``request`` holding a control character, or None. Reads a form
    or JSON body (the body limit has been checked before)."""
    if has_control(request.path):
        return "path"
    if found := _first_bad_pair(_pairs(request.GET)):
        return found
    if request.method not in ("POST", "PUT", "PATCH") or limit_for(request.path_info).raw:
        return None
    content_type = str(request.META.get("CONTENT_TYPE", "")).lower()
    if content_type.startswith(FORM_TYPES):
        # Uploaded files' names need no check: Django's multipart parser keeps only their
        # printable characters.
        if found := _first_bad_pair(_pairs(request.POST)):
            return found
    elif "json" in content_type and request.path.startswith("/api/") and request.body:
        try:
            data = orjson.loads(request.body)
        except orjson.JSONDecodeError as exc:
            raise BadJson(exc) from None
        return first_bad_json(data)
    return None


class BadJson(ValueError):
    """A JSON body that cannot be read (malformed, or a number beyond a 64-bit float such
    as a 5,000-digit price): refused here with where, not by the endpoint's parser with a
    bare "cannot parse"."""

    def __init__(self, exc: orjson.JSONDecodeError) -> None:
        super().__init__(f"line {exc.lineno}, column {exc.colno} (character {exc.pos}): {exc.msg}")


class InputHygieneMiddleware:
    """400 in the caller's format for a control character in any parameter (see above)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        title = _("Bad request")
        try:
            field = bad_field(request)
        except RequestDataTooBig:
            return too_large(request, limit_for(request.path_info))
        except (TooManyFieldsSent, TooManyFilesSent):
            return refusal(request, 400, title, _("too many fields in the form"), "body")
        except MultiPartParserError:
            return refusal(request, 400, title, _("the form body cannot be read"), "body")
        except BadJson as exc:
            detail = _("the JSON body cannot be read: %(where)s") % {"where": exc}
            return refusal(request, 400, title, detail, "body")
        if field is not None:
            detail = _(
                "contains a control character (such as NUL); only text, tabs and line "
                "breaks are allowed"
            )
            return refusal(request, 400, title, detail, field)
        return self.get_response(request)
