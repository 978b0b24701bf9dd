"""Plain-language lines for a configuration change, in the reader's language.

``describe(schema, old, new)`` says what changes from ``old`` to ``new`` the way a region
admin talks about it — "Kategori baru: Pohon tumbang", "Batas waktu Jalan rusak: 5 → 3 hari
kerja", "Pasar Anda tetap (5)" — never as a JSON path. Words come from the schema:

- ``x-kotacerdas-label`` (``{"id": …, "en": …}``) on a property names the setting; on an
  array's ``items`` it names one item ("Kategori"); ``title`` or the key, made readable,
  when there is none;
- an item of a list is named by its bilingual ``name`` (``{"id", "en"}``), else its
  ``name``/``label`` text, else its ``key``/``service_code``/``code``;
- ``x-kotacerdas-unit`` (``working_days``, ``days``, ``hours``, ``percent``, ``rupiah``,
  ``cm``, ``times``) follows the numbers.

Items of a list are matched by their ``key``/``service_code``/``code`` (or name) when those
are unique, so a reordered list is not a change and an edited item is one line per field.

The phrases are gettext messages, translated from the catalog's catalogue
(src/kotacerdas/catalog/locale).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeGuard

from django.utils import translation
from django.utils.translation import gettext, gettext_noop

from kotacerdas.catalog.jsonmerge import MISSING, MergeResult, Path, parse_pointer
from kotacerdas.catalog.policy import local_keys, properties

LABEL = "x-kotacerdas-label"
UNIT = "x-kotacerdas-unit"
IDENTITY = ("key", "service_code", "code", "id")
NAMES = ("name", "label", "title")
LONG_TEXT = 60
MAX_LIST = 6

M = {
    "changed": gettext_noop("%(field)s: %(old)s → %(new)s"),
    "changed_of": gettext_noop("%(field)s of %(owner)s: %(old)s → %(new)s"),
    "text_changed": gettext_noop("%(field)s changed"),
    "text_changed_of": gettext_noop("%(field)s of %(owner)s changed"),
    "new_item": gettext_noop("New %(label)s: %(name)s"),
    "new_item_of": gettext_noop("New %(label)s of %(owner)s: %(name)s"),
    "removed_item": gettext_noop("%(label)s removed: %(name)s"),
    "removed_item_of": gettext_noop("%(label)s removed from %(owner)s: %(name)s"),
    "added_to": gettext_noop("Added to %(field)s: %(value)s"),
    "removed_from": gettext_noop("Removed from %(field)s: %(value)s"),
    "yours_count": gettext_noop("Yours stays: %(label)s (%(count)s)"),
    "yours": gettext_noop("Yours stays: %(label)s"),
    "item": gettext_noop("%(label)s %(name)s"),
    "item_n": gettext_noop("%(label)s no. %(n)s"),
    "field_of": gettext_noop("%(field)s of %(owner)s"),
    "yes": gettext_noop("yes"),
    "no": gettext_noop("no"),
    "none": gettext_noop("(not set)"),
    "settings": gettext_noop("%(count)s settings"),
    "bad_number": gettext_noop("Enter a number."),
    "bad_whole": gettext_noop("Enter a whole number."),
    "bad_choice": gettext_noop("Choose one of: %(choices)s."),
    "bad_json": gettext_noop("Enter the value as JSON (see Advanced)."),
    "bad_value": gettext_noop("This value is not allowed here: %(message)s"),
    "unit:working_days": gettext_noop("working days"),
    "unit:days": gettext_noop("days"),
    "unit:hours": gettext_noop("hours"),
    "unit:cm": gettext_noop("cm"),
    "unit:times": gettext_noop("times"),
}


def _lang() -> str:
    return "en" if (translation.get_language() or "id").startswith("en") else "id"


def text(key: str, **values: Any) -> str:
    """Message ``key`` in the active language, filled with ``values``."""
    phrase = gettext(M[key])
    return phrase % values if values else phrase


@contextmanager
def _language(language: str | None) -> Iterator[None]:
    if language is None:
        yield
    else:
        with translation.override(language):
            yield


def _capital(line: str) -> str:
    return line[:1].upper() + line[1:]


def _mid(label: str) -> str:
    """A label inside a sentence: "Category" → "category", "ISPU…" stays."""
    if label[:1].isupper() and not label[1:2].isupper():
        return label[:1].lower() + label[1:]
    return label


def _bilingual(value: Any) -> TypeGuard[dict[str, Any]]:
    return (
        isinstance(value, dict)
        and bool(value)
        and set(value) <= {"id", "en"}
        and all(isinstance(v, str) for v in value.values())
    )


def _pick(value: dict[str, Any]) -> str:
    return str(value.get(_lang()) or value.get("id") or value.get("en") or "")


def label_of(schema: dict[str, Any], key: str | None = None) -> str:
    """The name of a setting: its ``x-kotacerdas-label``, ``title``, or readable key."""
    label = schema.get(LABEL)
    if isinstance(label, dict) and (label.get("id") or label.get("en")):
        return _pick(label)
    if isinstance(schema.get("title"), str) and schema["title"]:
        return str(schema["title"])
    if key is None:
        return ""
    return _capital(str(key).replace("_", " ").replace("-", " "))


def _item_label(array_schema: dict[str, Any], key: str | None) -> str:
    items = array_schema.get("items")
    if isinstance(items, dict) and isinstance(items.get(LABEL), dict):
        return label_of(items)
    return label_of(array_schema, key)


def item_name(item: Any, label: str = "", index: int | None = None) -> str:
    """How a list item is called: its name in the reader's language, else its key."""
    if isinstance(item, dict):
        for field in NAMES:
            value = item.get(field)
            if _bilingual(value):
                return _pick(value)
            if isinstance(value, str) and value:
                return value
        for field in IDENTITY:
            value = item.get(field)
            if isinstance(value, str) and value:
                return value
    elif isinstance(item, str | int | float) and not isinstance(item, bool):
        return str(item)
    if index is not None:
        return text("item_n", label=label, n=index + 1)
    return label


def _number(value: float, lang: str, group: bool) -> str:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        value = int(value)
    raw = f"{value:,}" if group else f"{value}"
    if lang == "id":
        raw = raw.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return raw


def plain_value(schema: dict[str, Any], value: Any) -> str:
    """A value as a person reads it (no JSON): numbers in the reader's format, rupiah with
    "Rp", yes/no, bilingual names in the reader's language, lists by their items' names."""
    if value is MISSING or value is None:
        return text("none")
    if isinstance(value, bool):
        return text("yes" if value else "no")
    if isinstance(value, int | float):
        rupiah = schema.get(UNIT) == "rupiah"
        number = _number(value, _lang(), group=rupiah or abs(value) >= 10000)
        return f"Rp {number}" if rupiah else number
    if isinstance(value, str):
        return value if len(value) <= LONG_TEXT else value[: LONG_TEXT - 1] + "…"
    if _bilingual(value):
        return _pick(value)
    if isinstance(value, list):
        items: dict[str, Any] = schema["items"] if isinstance(schema.get("items"), dict) else {}
        label = _item_label(schema, None)
        names = [
            item_name(v, label, i) if isinstance(v, dict) else plain_value(items, v)
            for i, v in enumerate(value[:MAX_LIST])
        ]
        return ", ".join(names) + (", …" if len(value) > MAX_LIST else "") or text("none")
    if isinstance(value, dict):
        props = properties(schema)
        parts = []
        for key, sub in value.items():
            sub_schema = props.get(key) or _additional(schema)
            if isinstance(sub, dict | list) and not _bilingual(sub):
                continue
            parts.append(f"{label_of(sub_schema, key)} {plain_value(sub_schema, sub)}")
        if not parts:
            return text("settings", count=len(value))
        return "; ".join(parts[:MAX_LIST]) + ("; …" if len(parts) > MAX_LIST else "")
    return str(value)


def _unit(schema: dict[str, Any]) -> str:
    unit = schema.get(UNIT)
    if unit == "percent":
        return "%"
    if not unit or f"unit:{unit}" not in M:
        return ""
    return text(f"unit:{unit}")


def _additional(schema: dict[str, Any]) -> dict[str, Any]:
    extra = schema.get("additionalProperties")
    return extra if isinstance(extra, dict) else {}


def _is_object(value: Any) -> bool:
    return isinstance(value, dict) and not _bilingual(value)


class _Describer:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def add(self, key: str, **values: Any) -> None:
        self.lines.append(_capital(text(key, **values)))

    def walk(
        self, schema: dict[str, Any], old: Any, new: Any, label: str, owner: str | None
    ) -> None:
        if old is not MISSING and new is not MISSING and old == new and type(old) is type(new):
            return
        if (_is_object(old) or _is_object(new)) and all(
            v is MISSING or _is_object(v) for v in (old, new)
        ):
            self.object(schema, old, new, label, owner)
        elif (isinstance(old, list) or isinstance(new, list)) and all(
            v is MISSING or isinstance(v, list) for v in (old, new)
        ):
            self.array(
                schema,
                old if isinstance(old, list) else [],
                new if isinstance(new, list) else [],
                label,
                owner,
            )
        else:
            self.scalar(schema, old, new, label, owner)

    def object(
        self, schema: dict[str, Any], old: Any, new: Any, label: str, owner: str | None
    ) -> None:
        old = old if isinstance(old, dict) else {}
        new = new if isinstance(new, dict) else {}
        props = properties(schema)
        order = [k for k in props if k in old or k in new]
        order += sorted(k for k in old.keys() | new.keys() if k not in props)
        for key in order:
            if key in props:
                sub, sub_label = props[key], label_of(props[key], key)
            else:  # an entry of a map ("service standard" per report kind)
                sub = dict(_additional(schema))
                sub.setdefault(UNIT, schema.get(UNIT))
                sub_label = f"{label} {key}" if label else label_of(sub, key)
            self.walk(sub, old.get(key, MISSING), new.get(key, MISSING), sub_label, owner)

    def array(
        self, schema: dict[str, Any], old: list[Any], new: list[Any], label: str, owner: str | None
    ) -> None:
        items = schema.get("items") if isinstance(schema.get("items"), dict) else {}
        assert isinstance(items, dict)
        if not all(isinstance(v, dict) for v in old + new):
            self.scalars(schema, items, old, new, label, owner)
            return
        item_label = _item_label(schema, None) or label
        ident = _identity(old, new)
        if ident is None:
            pairs = [
                (i, old[i] if i < len(old) else MISSING, new[i] if i < len(new) else MISSING)
                for i in range(max(len(old), len(new)))
            ]
        else:
            before = {ident(v): (i, v) for i, v in enumerate(old)}
            after = {ident(v): (i, v) for i, v in enumerate(new)}
            keys = [ident(v) for v in old] + [ident(v) for v in new if ident(v) not in before]
            pairs = [
                (
                    (after.get(k) or before[k])[0],
                    before.get(k, (0, MISSING))[1],
                    after.get(k, (0, MISSING))[1],
                )
                for k in keys
            ]
        suffix = "_of" if owner else ""
        for index, was, now in pairs:
            if was is MISSING:
                name = item_name(now, item_label, index if ident is None else None)
                self.add("new_item" + suffix, label=_mid(item_label), name=name, owner=owner)
            elif now is MISSING:
                name = item_name(was, item_label, index if ident is None else None)
                self.add("removed_item" + suffix, label=item_label, name=name, owner=owner)
            elif was != now:
                name = item_name(was, item_label, index if ident is None else None)
                self.object(items, was, now, "", f"{owner} — {name}" if owner else name)

    def scalars(
        self,
        schema: dict[str, Any],
        items: dict[str, Any],
        old: list[Any],
        new: list[Any],
        label: str,
        owner: str | None,
    ) -> None:
        strings = all(isinstance(v, str) for v in old + new)
        if strings and len(set(old)) == len(old) and len(set(new)) == len(new):
            field = _mid(label) if not owner else text("field_of", field=_mid(label), owner=owner)
            added = [v for v in new if v not in old]
            gone = [v for v in old if v not in new]
            if added:
                self.add("added_to", field=field, value=", ".join(added))
            if gone:
                self.add("removed_from", field=field, value=", ".join(gone))
            return
        self.scalar({**schema, UNIT: items.get(UNIT) or schema.get(UNIT)}, old, new, label, owner)

    def scalar(
        self, schema: dict[str, Any], old: Any, new: Any, label: str, owner: str | None
    ) -> None:
        suffix = "_of" if owner else ""
        long_text = any(isinstance(v, str) and len(v) > LONG_TEXT for v in (old, new))
        if long_text:
            self.add("text_changed" + suffix, field=label, owner=owner)
            return
        unit = _unit(schema)
        self.add(
            "changed" + suffix,
            field=label,
            owner=owner,
            old=plain_value(schema, old),
            new=plain_value(schema, new) + (f" {unit}" if unit else ""),
        )


def _unique(values: list[Any]) -> bool:
    return len(set(values)) == len(values)


def _identity(old: list[Any], new: list[Any]) -> Any:
    """A function naming each item uniquely within each list, or None (match by position)."""
    for field in IDENTITY:
        if (
            all(isinstance(v.get(field), str) for v in old + new)
            and _unique([v[field] for v in old])
            and _unique([v[field] for v in new])
        ):
            return lambda v, f=field: v[f]
    names = [item_name(v) for v in old + new]
    if all(names) and _unique(names[: len(old)]) and _unique(names[len(old) :]):
        return item_name
    return None


def describe(
    schema: dict[str, Any],
    old: dict[str, Any],
    new: dict[str, Any],
    *,
    language: str | None = None,
    yours: bool = True,
) -> list[str]:
    """What changes from ``old`` to ``new``, one plain line per change, in ``language``
    (default: the active one). A local part that stays the same gets a "Yours stays" line
    when ``yours`` (the adopt preview and update summaries say what is kept)."""
    with _language(language):
        out = _Describer()
        local = local_keys(schema)
        props = properties(schema)
        order = [k for k in props if k in old or k in new]
        order += sorted(k for k in old.keys() | new.keys() if k not in props)
        for key in order:
            sub = props.get(key, {})
            was, now = old.get(key, MISSING), new.get(key, MISSING)
            if key in local and was == now:
                if yours and now is not MISSING:
                    out.lines.append(yours_line(sub, key, now))
                continue
            out.walk(sub, was, now, label_of(sub, key), None)
        return out.lines


def yours_line(schema: dict[str, Any], key: str, value: Any) -> str:
    label = label_of(schema, key)
    if isinstance(value, list) or (isinstance(value, dict) and not properties(schema)):
        return _capital(text("yours_count", label=label, count=len(value)))
    return _capital(text("yours", label=label))


def local_lines(
    schema: dict[str, Any], config: dict[str, Any], *, language: str | None = None
) -> list[str]:
    """ "Yours stays" for each local part of ``config``."""
    with _language(language):
        props = properties(schema)
        return [
            yours_line(props[k], k, config[k])
            for k in props
            if k in local_keys(schema) and k in config
        ]


def schema_at(schema: dict[str, Any], path: Path) -> dict[str, Any]:
    """The sub-schema that describes the value at ``path`` (``{}`` when none does)."""
    node: Any = schema
    for part in path:
        if not isinstance(node, dict):
            return {}
        if isinstance(part, int):
            node = node.get("items", {})
        else:
            props = properties(node)
            node = props[part] if part in props else _additional(node)
    return node if isinstance(node, dict) else {}


def setting_name(
    schema: dict[str, Any], config: Any, path: Path, *, language: str | None = None
) -> str:
    """A person's name for the setting at ``path``: "Batas waktu Jalan rusak", "Kategori
    Jalan rusak", "Standar layanan pengaduan" — never the pointer."""
    with _language(language):
        node: Any = schema
        value: Any = config
        owner: str | None = None
        label = ""
        for depth, part in enumerate(path):
            if isinstance(part, int):
                item_label = _item_label(node, None) or label
                item = value[part] if isinstance(value, list) and part < len(value) else MISSING
                name = item_name(item, item_label, part)
                owner = f"{owner} — {name}" if owner else name
                label = text("item", label=item_label, name=name)
                node = node.get("items", {}) if isinstance(node, dict) else {}
                value = item
                if depth == len(path) - 1:
                    return _capital(label)
                continue
            props = properties(node) if isinstance(node, dict) else {}
            if part in props:
                node = props[part]
                label = label_of(node, part)
            else:
                parent = label if depth else ""
                node = _additional(node) if isinstance(node, dict) else {}
                label = f"{parent} {part}".strip() if parent else label_of(node, part)
            value = value.get(part, MISSING) if isinstance(value, dict) else MISSING
        if owner and path and not isinstance(path[-1], int):
            return _capital(text("field_of", field=label, owner=owner))
        return _capital(label) or _capital(label_of(schema))


def parse_value(schema: dict[str, Any], typed: str) -> Any:
    """What an admin typed for a setting, as the schema's type; ``ValueError`` with a
    message in the reader's language when it does not fit."""
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import best_match

    raw = typed.strip()
    kind = schema.get("type")
    value: Any
    if "enum" in schema:
        choices = [str(c) for c in schema["enum"]]
        if raw not in choices:
            raise ValueError(text("bad_choice", choices=", ".join(choices)))
        value = schema["enum"][choices.index(raw)]
    elif kind == "integer":
        try:
            value = int(raw.replace(".", "").replace(" ", ""))
        except ValueError:
            raise ValueError(text("bad_whole")) from None
    elif kind == "number":
        try:
            value = float(raw.replace(" ", "").replace(",", "."))
        except ValueError:
            raise ValueError(text("bad_number")) from None
        if value.is_integer():
            value = int(value)
    elif kind == "boolean":
        lowered = raw.lower()
        if lowered not in ("ya", "yes", "true", "1", "tidak", "no", "false", "0"):
            raise ValueError(text("bad_choice", choices=f"{text('yes')}, {text('no')}"))
        value = lowered in ("ya", "yes", "true", "1")
    elif kind == "string":
        value = raw
    else:
        try:
            value = json.loads(raw)
        except ValueError:
            raise ValueError(text("bad_json")) from None
    error = best_match(Draft202012Validator(schema).iter_errors(value))
    if error is not None:
        raise ValueError(text("bad_value", message=error.message))
    return value


def path_of(field: str) -> Path:
    """The path of a field named by a JSON pointer (``/categories/0/name``) or a
    validation path (``categories[0].name``), to name it with :func:`setting_name`."""
    if field.startswith("/"):
        return tuple(int(p) if p.isdigit() else p for p in parse_pointer(field))
    parts: list[str | int] = []
    for chunk in field.replace("]", "").split("."):
        name, *indices = chunk.split("[")
        if name:
            parts.append(name)
        parts.extend(int(i) for i in indices if i.isdigit())
    return tuple(parts)


@dataclass(frozen=True)
class SyncLines:
    """The plain lines of an update: what merging changes here, the region's own changes
    since adoption, and the local parts that stay."""

    changes: list[str]
    overrides: list[str]
    yours: list[str]


def sync_lines(
    schema: dict[str, Any],
    base: dict[str, Any],
    current: dict[str, Any],
    merge: MergeResult | None,
    *,
    language: str | None = None,
) -> SyncLines:
    with _language(language):
        changes = []
        if merge is not None:
            kept = merge.resolve({c.pointer: "ours" for c in merge.conflicts})
            changes = describe(schema, current, kept, yours=False)
        return SyncLines(
            changes=changes,
            overrides=describe(schema, base, current, yours=False),
            yours=local_lines(schema, current),
        )
