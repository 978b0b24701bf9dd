"""Solr-style filter queries (``fq``) as CKAN clients and harvesters send them.

Understood: ``field:value``, ``field:"quoted value"``, ``field:(a OR b)``, a leading ``+``,
the words ``AND`` between terms, and date ranges on ``metadata_modified`` and
``metadata_created``: ``[2026-01-01T00:00:00Z TO *]`` (``*`` open; ``{…}`` exclusive bounds
are read as inclusive). Fields: those of :data:`search.FILTER_FIELDS` plus ``name``, ``id``,
``dataset_type``/``type`` (``dataset`` only) and ``capacity`` (``public`` only), which
harvesters add. Anything else is a :class:`FqError` (CKAN's "Search Query Error").
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from kotacerdas.apps.data_terbuka.search import FILTER_FIELDS

MAX_FQ = 2000
_TERM = re.compile(
    r"""\s*(?P<sign>[+]?)(?P<field>[A-Za-z_][A-Za-z0-9_.]*):
        (?P<value>\[[^\]]*\]|\{[^}]*\}|"[^"]*"|\([^)]*\)|[^\s()"\[\]{}]+)\s*""",
    re.VERBOSE,
)
_AND = re.compile(r"\s*(AND|&&)\s+")
_RANGE = re.compile(r"^[\[{]\s*(?P<lo>\S+)\s+TO\s+(?P<hi>\S+)\s*[\]}]$")


class FqError(ValueError):
    pass


@dataclass
class Parsed:
    filters: dict[str, list[str]] = field(default_factory=dict)
    modified: tuple[dt.datetime | None, dt.datetime | None] = (None, None)
    created: tuple[dt.datetime | None, dt.datetime | None] = (None, None)
    names: list[str] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)
    nothing: bool = False  # a term no dataset can match (dataset_type:harvest …)


def parse_datetime(text: str) -> dt.datetime | None:
    if text == "*":
        return None
    if text.upper().startswith("NOW"):
        now = dt.datetime.now(dt.UTC)
        rest = text[3:].upper()
        if not rest:
            return now
        match = re.fullmatch(r"([+-])(\d{1,5})(DAYS?|HOURS?|MINUTES?)(/DAY)?", rest)
        if not match:
            raise FqError(f"cannot read the date {text[:40]!r}")
        n = int(match.group(2)) * (1 if match.group(1) == "+" else -1)
        unit = match.group(3).rstrip("S").lower() + "s"
        return now + dt.timedelta(**{unit: n})
    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError as exc:
        raise FqError(f"cannot read the date {text[:40]!r} (ISO 8601 expected)") from exc
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value


def _range(value: str) -> tuple[dt.datetime | None, dt.datetime | None]:
    match = _RANGE.match(value)
    if not match:
        raise FqError(f"cannot read the range {value[:60]!r} ([from TO to] expected)")
    return parse_datetime(match.group("lo")), parse_datetime(match.group("hi"))


def _values(value: str) -> list[str]:
    if value.startswith('"'):
        return [value[1:-1]]
    if value.startswith("("):
        inner = value[1:-1].strip()
        parts = re.split(r"\s+OR\s+|\s*\|\|\s*", inner)
        return [p.strip().strip('"') for p in parts if p.strip()]
    return [value]


def _narrow(
    old: tuple[dt.datetime | None, dt.datetime | None],
    new: tuple[dt.datetime | None, dt.datetime | None],
) -> tuple[dt.datetime | None, dt.datetime | None]:
    lo = max((v for v in (old[0], new[0]) if v is not None), default=None)
    hi = min((v for v in (old[1], new[1]) if v is not None), default=None)
    return lo, hi


def parse_fq(text: str, parsed: Parsed | None = None) -> Parsed:
    out = parsed or Parsed()
    text = (text or "").strip()
    if len(text) > MAX_FQ:
        raise FqError(f"fq is longer than {MAX_FQ} characters")
    pos = 0
    while pos < len(text):
        if match := _AND.match(text, pos):
            pos = match.end()
            continue
        match = _TERM.match(text, pos)
        if match is None:
            raise FqError(f"cannot parse fq near {text[pos : pos + 40]!r}")
        pos = match.end()
        name, value = match.group("field"), match.group("value")
        if name == "metadata_modified":
            out.modified = _narrow(out.modified, _range(value))
        elif name == "metadata_created":
            out.created = _narrow(out.created, _range(value))
        elif name in ("dataset_type", "type"):
            if "dataset" not in _values(value):
                out.nothing = True
        elif name == "capacity":
            if "public" not in _values(value):
                out.nothing = True
        elif name == "name":
            out.names.extend(_values(value))
        elif name == "id":
            out.ids.extend(_values(value))
        elif name in FILTER_FIELDS or name == "owner_org":
            key = "organization" if name == "owner_org" else name
            values = _values(value)
            if value.startswith("(") or key not in out.filters:
                out.filters.setdefault(key, []).extend(values)
            else:
                out.filters[key].extend(values)
        else:
            raise FqError(f"cannot filter on {name[:40]!r}")
    return out
