"""POSTed form fields (``cfg-categories-0-name-id``) back to a configuration, types coerced.

The parser walks the schema, not the field names, so a property name never has to be split
out of a field name. List rows are found by their numbers, which may have gaps (rows removed in
the browser, the blank extra row); they come back in the order of their numbers. A row whose
inputs are all empty is no row. What cannot be coerced is kept as typed (``raw``) for the form
to show again, with a problem at its place in the configuration.
"""

from __future__ import annotations

import bisect
import json
import math
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from kotacerdas.web.schemaform import kinds
from kotacerdas.web.schemaform.kinds import Path


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()
MARK = "__"  # a last segment starting with this is the form's own bookkeeping, not a value
_INT = re.compile(r"^[+-]?\d+$")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
# Bidirectional overrides and isolates are invisible and reorder text: refused like C0/C1.
_BIDI = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")


def has_control(text: str, multiline: bool = False) -> bool:
    for ch in text:
        if multiline and ch in "\n\r\t":
            continue
        if ch in _BIDI or unicodedata.category(ch) == "Cc":
            return True
    return False


@dataclass(frozen=True)
class Problem:
    """Something wrong at ``path`` of the configuration: a validator (or form) code and its
    parameters; the words are made when the form is drawn, with the field's label."""

    path: Path
    code: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass
class Parsed:
    config: dict[str, Any]
    problems: list[Problem]
    raw: dict[Path, str]  # what the user typed where it could not be used
    map_rows: dict[Path, list[tuple[str, Any]]]  # the rows of every map, as typed


class Parser:
    def __init__(self, data: Mapping[str, Any], agencies: set[str] | None) -> None:
        self.data: dict[str, str] = {}
        for key in data:
            value = data.get(key) if hasattr(data, "getlist") else data[key]
            self.data[key] = (
                value if isinstance(value, str) else ("" if value is None else str(value))
            )
        self.keys = sorted(self.data)
        self.agencies = agencies
        self.problems: list[Problem] = []
        self.raw: dict[Path, str] = {}
        self.map_rows: dict[Path, list[tuple[str, Any]]] = {}
        # Every prefix (at a "-") of a field holding a value: a row is blank when its name
        # is not one of them.
        self.filled: set[str] = set()
        for key, value in self.data.items():
            if key.rsplit("-", 1)[-1].startswith(MARK) or not value.strip():
                continue
            parts = key.split("-")
            for n in range(1, len(parts) + 1):
                self.filled.add("-".join(parts[:n]))

    def problem(self, path: Path, code: str, **params: Any) -> None:
        self.problems.append(Problem(path, code, params))

    def rows(self, name: str) -> list[int]:
        """The numbers of the rows of list ``name`` present in the data, in order."""
        start = name + "-"
        lo = bisect.bisect_left(self.keys, start)
        found: set[int] = set()
        pattern = re.compile(re.escape(start) + r"(\d+)(?:-|$)")
        for key in self.keys[lo:]:
            if not key.startswith(start):
                break
            m = pattern.match(key)
            if m:
                found.add(int(m.group(1)))
        return sorted(found)

    def parse(self, schema: dict[str, Any], name: str, path: Path, required: bool = False) -> Any:
        kind = kinds.kind_of(schema)
        return getattr(self, f"_{kind}")(schema, name, path, required)

    def _object(self, schema: dict[str, Any], name: str, path: Path, required: bool) -> Any:
        out: dict[str, Any] = {}
        needed = set(schema.get("required", []))
        for prop, sub in schema.get("properties", {}).items():
            if not isinstance(sub, dict):
                continue
            value = self.parse(sub, f"{name}-{prop}", (*path, prop), prop in needed)
            if value is not MISSING:
                out[prop] = value
        if out or self.data.get(f"{name}-{MARK}present") == "1":
            return out
        return MISSING

    _bilingual = _object

    def _list(self, schema: dict[str, Any], name: str, path: Path, required: bool) -> Any:
        items = schema["items"]
        out: list[Any] = []
        for number in self.rows(name):
            row = f"{name}-{number}"
            if self.data.get(f"{row}-{MARK}delete") or row not in self.filled:
                continue
            value = self.parse(items, row, (*path, len(out)), True)
            if value is not MISSING:
                out.append(value)
            elif (*path, len(out)) in self.raw:
                out.append(None)  # keeps the positions of the rows after it
        if out or self.data.get(f"{name}-{MARK}present") == "1":
            return out
        return MISSING

    def _map(self, schema: dict[str, Any], name: str, path: Path, required: bool) -> Any:
        values = schema["additionalProperties"]
        out: dict[str, Any] = {}
        typed: list[tuple[str, Any]] = []
        for number in self.rows(name):
            row = f"{name}-{number}"
            if self.data.get(f"{row}-{MARK}delete") or row not in self.filled:
                continue
            key = self.data.get(f"{row}-key", "").strip()
            position = len(typed)
            key_path = (*path, MARK + "key", position)
            value = self.parse(values, f"{row}-value", (*path, key or f"{MARK}{position}"), True)
            typed.append((key, value))
            if has_control(key):
                self.problem(key_path, "control")
            elif not key:
                self.problem(key_path, "key_missing")
            elif key in out:
                self.problem(key_path, "key_twice", key=key)
            elif value is not MISSING:
                out[key] = value
        self.map_rows[path] = typed
        if out or typed or self.data.get(f"{name}-{MARK}present") == "1":
            return out
        return MISSING

    def _text(self, schema: dict[str, Any], name: str, path: Path, required: bool) -> Any:
        value = self.data.get(name)
        if value is None:
            return MISSING
        if value == "":
            # An optional text that was there stays, empty; otherwise empty is "not set".
            return "" if self.data.get(f"{name}-{MARK}present") == "1" else MISSING
        if has_control(value):
            self.raw[path] = value
            self.problem(path, "control")
            return MISSING
        return value

    def _number(self, schema: dict[str, Any], name: str, path: Path, required: bool) -> Any:
        text = (self.data.get(name) or "").strip().replace(" ", "")
        if not text:
            return MISSING
        if schema.get("x-kotacerdas-unit") == "rupiah" and re.fullmatch(r"\d{1,3}(\.\d{3})+", text):
            text = text.replace(".", "")  # 12.500 is twelve thousand five hundred rupiah
        if "," in text and "." not in text:
            text = text.replace(",", ".")
        if schema.get("type") == "integer":
            if _INT.match(text):
                return int(text)
            self.raw[path] = self.data.get(name, "")
            self.problem(path, "control" if has_control(text) else "not_integer")
            return MISSING
        if _INT.match(text):
            return int(text)
        if _NUMBER.match(text) and math.isfinite(float(text)):
            return float(text)
        self.raw[path] = self.data.get(name, "")
        self.problem(path, "control" if has_control(text) else "not_number")
        return MISSING

    def _checkbox(self, schema: dict[str, Any], name: str, path: Path, required: bool) -> Any:
        return bool(self.data.get(name))

    def _select(self, schema: dict[str, Any], name: str, path: Path, required: bool) -> Any:
        value = self.data.get(name)
        if value is None or value == "":
            return MISSING
        for choice in schema["enum"]:
            if _as_option(choice) == value:
                return choice
        if has_control(value):
            self.raw[path] = value
            self.problem(path, "control")
            return MISSING
        return value  # not a choice: the schema's enum check names it

    def _agency(self, schema: dict[str, Any], name: str, path: Path, required: bool) -> Any:
        value = self.data.get(name)
        if value is None or value == "":
            return MISSING
        if self.agencies is not None and value not in self.agencies:
            self.raw[path] = value
            self.problem(path, "control" if has_control(value) else "agency")
            return MISSING
        return value

    def _json(self, schema: dict[str, Any], name: str, path: Path, required: bool) -> Any:
        text = self.data.get(name)
        if text is None or not text.strip():
            return MISSING
        try:
            return json.loads(text)
        except json.JSONDecodeError:
            self.raw[path] = text
            self.problem(path, "not_json")
            return MISSING


def _as_option(value: Any) -> str:
    """How an enum value is written in an ``<option value>``."""
    if isinstance(value, str):
        return value
    return json.dumps(value)


def parse(
    schema: dict[str, Any], data: Mapping[str, Any], prefix: str, agencies: set[str] | None
) -> Parsed:
    parser = Parser(data, agencies)
    config = parser.parse(schema, prefix, (), True)
    if config is MISSING or not isinstance(config, dict):
        config = {}
    return Parsed(config, parser.problems, parser.raw, parser.map_rows)
