"""Words of the generated forms: labels from the schema, units, and the messages of errors.

Every message is a gettext msgid (``gettext_noop`` so ``makemessages`` finds it), translated
at use from the project's catalogue (src/kotacerdas/locale).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language, gettext, gettext_noop


def lang() -> str:
    """``"en"`` or ``"id"``: the language of the request being answered."""
    return "en" if (get_language() or "id").lower().startswith("en") else "id"


def tr(msgid: str, **params: Any) -> str:
    """``msgid`` translated into the current language, ``%``-formatted with ``params``."""
    text = gettext(msgid)
    return text % params if params else text


def pick(value: Any) -> str:
    """A ``{"id": …, "en": …}`` object (or a plain string) in the current language."""
    if isinstance(value, dict):
        return str(value.get(lang()) or value.get("id") or value.get("en") or "")
    return "" if value is None else str(value)


def humanise(name: str) -> str:
    """``service_standard_days`` → ``Service standard days``: the last resort for a label."""
    words = name.replace("_", " ").replace("-", " ").strip()
    return words[:1].upper() + words[1:] if words else name


def label_of(schema: dict[str, Any], name: str | None) -> str:
    for key in ("x-kotacerdas-label", "title"):
        value = schema.get(key)
        if value:
            return pick(value)
    return humanise(name) if name else ""


def help_of(schema: dict[str, Any]) -> str:
    for key in ("x-kotacerdas-help", "description"):
        value = schema.get(key)
        if value:
            return pick(value)
    return ""


def unit_of(schema: dict[str, Any]) -> tuple[str, str]:
    """(prefix, suffix) shown around a number input for ``x-kotacerdas-unit``."""
    unit = schema.get("x-kotacerdas-unit")
    if not unit:
        return "", ""
    if unit == "rupiah":
        return "Rp", ""
    if unit == "percent":
        return "", "%"
    known = {
        "working_days": gettext_noop("working days"),
        "days": gettext_noop("days"),
        "hours": gettext_noop("hours"),
        "minutes": gettext_noop("minutes"),
    }
    if unit in known:
        return "", tr(known[unit])
    return "", pick(unit)


def texts() -> dict[str, str]:
    """The words of the form's own controls, for the templates."""
    return {
        "add": tr(gettext_noop("Add")),
        "remove": tr(gettext_noop("Remove")),
        "new_item": tr(gettext_noop("New item")),
        "none": tr(gettext_noop("(none)")),
        "choose": tr(gettext_noop("Choose…")),
        "key": tr(gettext_noop("Key")),
        "value": tr(gettext_noop("Value")),
        "required": tr(gettext_noop("required")),
        "errors_title": tr(gettext_noop("The configuration was not saved. Please correct:")),
        "advanced": tr(gettext_noop("Advanced")),
        "advanced_help": tr(
            gettext_noop(
                "The whole configuration as JSON, for experts. It is checked the same way."
            )
        ),
        "save": gettext("Save configuration"),
        "read_only": tr(gettext_noop("Only the region admin can change the configuration.")),
    }


def unknown_agency_label(slug: str) -> str:
    return tr(gettext_noop("%(slug)s (not an agency of this region)"), slug=slug)


# validator → English msgid; ``%(field)s`` is the field's label in quotes.
MESSAGES: dict[str, str] = {
    "required": gettext_noop("%(field)s is required."),
    "type:integer": gettext_noop("%(field)s must be a whole number."),
    "type:number": gettext_noop("%(field)s must be a number."),
    "type:string": gettext_noop("%(field)s must be text."),
    "type:boolean": gettext_noop("%(field)s must be yes or no."),
    "type:array": gettext_noop("%(field)s must be a list."),
    "type:object": gettext_noop("%(field)s must be a group of settings."),
    "type": gettext_noop("%(field)s has the wrong kind of value."),
    "minimum": gettext_noop("%(field)s must be at least %(limit)s."),
    "maximum": gettext_noop("%(field)s must be at most %(limit)s."),
    "exclusiveMinimum": gettext_noop("%(field)s must be more than %(limit)s."),
    "exclusiveMaximum": gettext_noop("%(field)s must be less than %(limit)s."),
    "minLength:1": gettext_noop("%(field)s must not be empty."),
    "minLength": gettext_noop("%(field)s must be at least %(limit)s characters long."),
    "maxLength": gettext_noop("%(field)s must be at most %(limit)s characters long."),
    "pattern": gettext_noop("%(field)s is not in the expected form."),
    "pattern:colour": gettext_noop("%(field)s must be a colour such as #0f766e."),
    "pattern:code": gettext_noop(
        "%(field)s may hold only lower-case letters, digits and hyphens, such as jalan-rusak."
    ),
    "enum": gettext_noop("%(field)s must be one of: %(choices)s."),
    "minItems": gettext_noop("%(field)s needs at least %(limit)s items."),
    "maxItems": gettext_noop("%(field)s may have at most %(limit)s items."),
    "additionalProperties": gettext_noop(
        "%(field)s has settings this app does not know: %(names)s."
    ),
    "format:email": gettext_noop("%(field)s must be an e-mail address."),
    "invalid": gettext_noop("%(field)s is not valid."),
    # Refusals of the form itself, before the schema is asked.
    "control": gettext_noop("%(field)s contains invisible control characters; please remove them."),
    "not_integer": gettext_noop("%(field)s must be a whole number."),
    "not_number": gettext_noop("%(field)s must be a number."),
    "not_json": gettext_noop("%(field)s is not valid JSON."),
    "agency": gettext_noop("%(field)s: choose an agency of this region."),
    "key_missing": gettext_noop("%(field)s: every row needs a key."),
    "key_twice": gettext_noop("%(field)s: the key %(key)s appears twice."),
}


def message(code: str, label: str, **params: Any) -> str:
    msgid = MESSAGES.get(code) or MESSAGES[code.split(":")[0]]
    return tr(msgid, field=f"“{label}”", **params)
