"""The form as a tree of controls, built from the schema and a value, ready for the templates.

Names are ``<prefix>-<property>-<row number>-…``; ids are the same. The row a browser adds is
a ``<template>`` whose row number is the placeholder ``__N<depth>__`` (one per level of list,
so a row of a row replaces only its own). Without JavaScript every growable list shows one
blank extra row, which the parser ignores while it stays blank.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext

from kotacerdas.web.schemaform import kinds, text
from kotacerdas.web.schemaform.kinds import Path
from kotacerdas.web.schemaform.parse import MARK, MISSING, Problem, _as_option

_COLOUR = "^#[0-9a-fA-F]{6}$"


@dataclass
class Choice:
    value: str
    label: str
    selected: bool


@dataclass
class Node:
    kind: str
    name: str
    path: Path
    label: str
    help: str = ""
    required: bool = False
    value: str = ""
    checked: bool = False
    input_type: str = "text"
    attrs: dict[str, str] = field(default_factory=dict)
    prefix: str = ""
    suffix: str = ""
    choices: list[Choice] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)
    template: Node | None = None
    present: bool = False
    placeholder: str = ""
    next_index: int = 0
    min_items: int = 0
    max_items: int | None = None
    growable: bool = False
    # rows
    removable: bool = False
    boxed: bool = False
    is_extra: bool = False
    lang: str = ""
    errors: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.name

    @property
    def template_name(self) -> str:
        return f"kotacerdas/schemaform/{self.kind}.html"


@dataclass
class FieldError:
    """One message for the summary above the form: where (label trail, anchor) and what."""

    anchor: str
    where: str
    message: str


class Builder:
    def __init__(
        self,
        problems: list[Problem],
        raw: dict[Path, str],
        map_rows: dict[Path, list[tuple[str, Any]]],
        agencies: list[tuple[str, str]],
    ) -> None:
        self.problems: dict[Path, list[Problem]] = {}
        for problem in problems:
            self.problems.setdefault(problem.path, []).append(problem)
        self.raw = raw
        self.map_rows = map_rows
        self.agencies = agencies
        self.summary: list[FieldError] = []
        self.used: set[Path] = set()

    # -- helpers ---------------------------------------------------------------------------

    def attach(
        self, node: Node, schema: dict[str, Any], trail: tuple[str, ...], live: bool
    ) -> None:
        if not live:
            return
        for problem in self.problems.get(node.path, []):
            msg = text.message(_code(problem, schema), node.label, **_params(problem, schema))
            node.errors.append(msg)
            self.summary.append(FieldError(node.id, " › ".join(t for t in trail[:-1] if t), msg))
        if node.path in self.problems:
            self.used.add(node.path)

    def build(
        self,
        schema: dict[str, Any],
        value: Any,
        name: str,
        path: Path,
        label: str,
        required: bool,
        trail: tuple[str, ...],
        *,
        depth: int = 0,
        live: bool = True,
        blank: bool = False,
    ) -> Node:
        """``live``: real rows (errors shown, an extra row added); ``blank``: no defaults."""
        kind = kinds.kind_of(schema)
        if value is MISSING:
            value = None
        if value is None and not blank and path not in self.raw and "default" in schema:
            value = schema["default"]
        node = Node(kind, name, path, label, text.help_of(schema), required)
        trail = (*trail, label)
        builder = getattr(self, f"_{kind}")
        builder(node, schema, value, trail, depth, live, blank)
        self.attach(node, schema, trail, live)
        return node

    # -- kinds -----------------------------------------------------------------------------

    def _object(
        self,
        node: Node,
        schema: dict[str, Any],
        value: Any,
        trail: tuple[str, ...],
        depth: int,
        live: bool,
        blank: bool,
    ) -> None:
        value = value if isinstance(value, dict) else None
        node.present = value is not None and not blank
        needed = set(schema.get("required", []))
        for prop, sub in schema.get("properties", {}).items():
            if not isinstance(sub, dict):
                continue
            label = text.label_of(sub, prop)
            if node.kind == kinds.BILINGUAL:
                language = gettext("Bahasa Indonesia") if prop == "id" else gettext("English")
                label = f"{node.label} ({language})"
            child = self.build(
                sub,
                None if value is None else value.get(prop),
                f"{node.name}-{prop}",
                (*node.path, prop),
                label,
                prop in needed,
                trail,
                depth=depth,
                live=live,
                blank=blank,
            )
            if node.kind == kinds.BILINGUAL:
                child.lang = prop
            node.children.append(child)

    _bilingual = _object

    def _rows_common(
        self, node: Node, schema: dict[str, Any], count: int, depth: int, live: bool, blank: bool
    ) -> None:
        node.min_items = int(schema.get("minItems", 0) or 0)
        node.max_items = int(schema["maxItems"]) if schema.get("maxItems") is not None else None
        node.growable = not kinds.is_fixed(schema)
        node.placeholder = f"{MARK}N{depth}{MARK}"
        node.next_index = count + 1

    def _list(
        self,
        node: Node,
        schema: dict[str, Any],
        value: Any,
        trail: tuple[str, ...],
        depth: int,
        live: bool,
        blank: bool,
    ) -> None:
        items: dict[str, Any] = schema["items"]
        values = value if isinstance(value, list) else []
        if value is None and not blank:
            values = kinds.default_of(schema) or []
        node.present = isinstance(value, list) and not blank
        self._rows_common(node, schema, len(values), depth, live, blank)
        item_label = text.label_of(items, None) or node.label
        for i, item in enumerate(values):
            node.children.append(
                self._row(node, items, item, i, item_label, trail, depth, live, blank)
            )
        if not node.growable:
            return
        if live and not blank and (node.max_items is None or len(values) < node.max_items):
            extra = self._row(node, items, None, len(values), item_label, trail, depth, False, True)
            extra.is_extra = True
            node.children.append(extra)
        node.template = self._row(
            node,
            items,
            kinds.default_of(items),
            node.placeholder,
            item_label,
            trail,
            depth,
            False,
            False,
        )

    def _row(
        self,
        node: Node,
        items: dict[str, Any],
        item: Any,
        index: int | str,
        item_label: str,
        trail: tuple[str, ...],
        depth: int,
        live: bool,
        blank: bool,
    ) -> Node:
        row_name = f"{node.name}-{index}"
        position: Path = (*node.path, index) if isinstance(index, int) else (*node.path, -1)
        if isinstance(index, int) and not blank:
            legend = f"{item_label} {index + 1}"
            summary = _summary_of(item)
            if summary:
                legend = f"{legend} · {summary}"
        else:
            legend = f"{item_label} · {text.texts()['new_item']}"
        boxed = kinds.kind_of(items) in (kinds.OBJECT, kinds.MAP, kinds.LIST)
        row = Node("row", row_name, position, legend, removable=node.growable, boxed=boxed)
        child = self.build(
            items,
            item,
            row_name,
            position,
            legend,
            True,
            trail,
            depth=depth + 1,
            live=live,
            blank=blank,
        )
        if boxed:
            child.label = ""  # the row's legend says it
        row.children.append(child)
        return row

    def _map(
        self,
        node: Node,
        schema: dict[str, Any],
        value: Any,
        trail: tuple[str, ...],
        depth: int,
        live: bool,
        blank: bool,
    ) -> None:
        values_schema: dict[str, Any] = schema["additionalProperties"]
        if node.path in self.map_rows and live:
            rows = self.map_rows[node.path]
        else:
            rows = list(value.items()) if isinstance(value, dict) else []
        node.present = isinstance(value, dict) and not blank
        self._rows_common(node, schema, len(rows), depth, live, blank)
        words = text.texts()
        for i, (key, item) in enumerate(rows):
            node.children.append(
                self._map_row(node, values_schema, key, item, i, trail, depth, live, blank, words)
            )
        if live and not blank:
            extra = self._map_row(
                node, values_schema, "", None, len(rows), trail, depth, False, True, words
            )
            extra.is_extra = True
            node.children.append(extra)
        node.template = self._map_row(
            node,
            values_schema,
            "",
            kinds.default_of(values_schema),
            node.placeholder,
            trail,
            depth,
            False,
            False,
            words,
        )

    def _map_row(
        self,
        node: Node,
        values_schema: dict[str, Any],
        key: str,
        item: Any,
        index: int | str,
        trail: tuple[str, ...],
        depth: int,
        live: bool,
        blank: bool,
        words: dict[str, str],
    ) -> Node:
        row_name = f"{node.name}-{index}"
        legend = key or f"{node.label} · {words['new_item']}"
        row = Node(
            "row", row_name, (*node.path, MARK + "row", index), legend, removable=True, boxed=True
        )
        position = index if isinstance(index, int) else -1
        key_node = Node(
            kinds.TEXT,
            f"{row_name}-key",
            (*node.path, MARK + "key", position),
            words["key"],
            required=True,
            value=key,
        )
        self.attach(key_node, {}, (*trail, legend, words["key"]), live)
        value_path: Path = (*node.path, key or f"{MARK}{position}")
        value_node = self.build(
            values_schema,
            None if blank else item,
            f"{row_name}-value",
            value_path,
            words["value"],
            True,
            (*trail, legend),
            depth=depth + 1,
            live=live,
            blank=blank,
        )
        if value_node.kind in (kinds.OBJECT, kinds.MAP):
            value_node.label = ""
        row.children.extend([key_node, value_node])
        return row

    def _text(
        self,
        node: Node,
        schema: dict[str, Any],
        value: Any,
        trail: tuple[str, ...],
        depth: int,
        live: bool,
        blank: bool,
    ) -> None:
        node.value = self.raw.get(node.path, "" if value is None or blank else str(value))
        # An optional text without a default that is set (even empty) is kept when left empty.
        node.present = (
            not node.required and "default" not in schema and isinstance(value, str) and not blank
        )
        if schema.get("format") == "email":
            node.input_type = "email"
        elif schema.get("format") == "uri" or schema.get("format") == "url":
            node.input_type = "url"
        if schema.get("maxLength") is not None:
            node.attrs["maxlength"] = str(schema["maxLength"])
        if schema.get("pattern") == _COLOUR:
            node.attrs["placeholder"] = "#0f766e"
            node.attrs["size"] = "8"
        node.attrs["spellcheck"] = "false" if schema.get("pattern") else "true"

    def _number(
        self,
        node: Node,
        schema: dict[str, Any],
        value: Any,
        trail: tuple[str, ...],
        depth: int,
        live: bool,
        blank: bool,
    ) -> None:
        if node.path in self.raw:
            node.value = self.raw[node.path]
        elif value is None or blank or isinstance(value, bool):
            node.value = ""
        elif isinstance(value, float):
            node.value = repr(value)
        else:
            node.value = str(value)
        node.input_type = "number"
        if schema.get("type") == "integer":
            node.attrs["step"] = "1"
            node.attrs["inputmode"] = "numeric"
        else:
            node.attrs["step"] = "any"
            node.attrs["inputmode"] = "decimal"
        for key in ("minimum", "maximum"):
            if isinstance(schema.get(key), (int, float)):
                node.attrs[key[:3]] = str(schema[key])
        node.prefix, node.suffix = text.unit_of(schema)

    def _checkbox(
        self,
        node: Node,
        schema: dict[str, Any],
        value: Any,
        trail: tuple[str, ...],
        depth: int,
        live: bool,
        blank: bool,
    ) -> None:
        node.checked = bool(value) and not blank

    def _select(
        self,
        node: Node,
        schema: dict[str, Any],
        value: Any,
        trail: tuple[str, ...],
        depth: int,
        live: bool,
        blank: bool,
    ) -> None:
        labels = schema.get("x-kotacerdas-enum-labels") or {}
        current = self.raw.get(node.path)
        if current is None:
            current = None if value is None or blank else _as_option(value)
        options = [
            (_as_option(v), text.pick(labels.get(_as_option(v))) or str(v)) for v in schema["enum"]
        ]
        self._choices(node, options, current)

    def _agency(
        self,
        node: Node,
        schema: dict[str, Any],
        value: Any,
        trail: tuple[str, ...],
        depth: int,
        live: bool,
        blank: bool,
    ) -> None:
        current = self.raw.get(node.path)
        if current is None:
            current = None if value is None or blank else str(value)
        options = list(self.agencies)
        if current and current not in {slug for slug, _ in options}:
            options.append((current, text.unknown_agency_label(current)))
        self._choices(node, options, current)

    def _choices(self, node: Node, options: list[tuple[str, str]], current: str | None) -> None:
        words = text.texts()
        if not node.required or not current:
            empty = words["none"] if not node.required else words["choose"]
            node.choices.append(Choice("", empty, not current))
        known = {value for value, _ in options}
        if current and current not in known:
            options = [*options, (current, current)]
        node.choices.extend(Choice(value, label, value == current) for value, label in options)

    def _json(
        self,
        node: Node,
        schema: dict[str, Any],
        value: Any,
        trail: tuple[str, ...],
        depth: int,
        live: bool,
        blank: bool,
    ) -> None:
        if node.path in self.raw:
            node.value = self.raw[node.path]
        elif value is None or blank:
            node.value = ""
        else:
            node.value = json.dumps(value, ensure_ascii=False, indent=1)


def _summary_of(item: Any) -> str:
    """A name for a row's legend: its name, label or key, whichever it has."""
    if not isinstance(item, dict):
        return ""
    for key in ("name", "label", "title", "key", "code", "service_code", "quantity"):
        value = item.get(key)
        if isinstance(value, (str, dict)) and text.pick(value):
            return text.pick(value)
    return ""


_CODE_PATTERNS = {
    "^[a-z0-9]+(?:-[a-z0-9]+)*$",
    "^[a-z0-9][a-z0-9_-]{0,49}$",
    "^[a-z0-9_-]{1,40}$",
    "^[a-z][a-z0-9_]*$",
}


def _code(problem: Problem, schema: dict[str, Any]) -> str:
    if problem.code == "pattern":
        pattern = problem.params.get("pattern")
        if pattern == _COLOUR:
            return "pattern:colour"
        if pattern in _CODE_PATTERNS:
            return "pattern:code"
    return problem.code


def _params(problem: Problem, schema: dict[str, Any]) -> dict[str, Any]:
    params = dict(problem.params)
    params.pop("pattern", None)
    if "limit" in params:
        limit = params["limit"]
        prefix, suffix = (
            text.unit_of(schema)
            if problem.code not in ("minItems", "maxItems", "minLength", "maxLength", "minLength:1")
            else ("", "")
        )
        params["limit"] = " ".join(p for p in (prefix, _number(limit), suffix) if p)
    if "choices" in params:
        labels = schema.get("x-kotacerdas-enum-labels") or {}
        params["choices"] = ", ".join(
            text.pick(labels.get(_as_option(c))) or str(c) for c in params["choices"]
        )
    return params


def _number(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
