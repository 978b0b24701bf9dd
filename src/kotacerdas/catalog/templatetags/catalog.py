"""Template helpers of the catalog: JSON values, readable pointers, WIB times."""

from __future__ import annotations

import json
from typing import Any

from django import template
from django.utils.translation import gettext as _

from kotacerdas.catalog.jsonmerge import MISSING

register = template.Library()


@register.filter
def as_json(value: Any) -> str:
    """A configuration value as short JSON; an absent value says so."""
    if value is MISSING:
        return _("(absent)")
    text = json.dumps(
        value, ensure_ascii=False, indent=1 if isinstance(value, dict | list) else None
    )
    return text


@register.filter
def pointer_label(pointer: str) -> str:
    """``/categories/0/name`` → ``categories › 1 › name`` (items counted from 1)."""
    parts = [p.replace("~1", "/").replace("~0", "~") for p in pointer.split("/")[1:]]
    return " › ".join(str(int(p) + 1) if p.isdigit() else p for p in parts) or _("(everything)")


@register.filter
def is_missing(value: Any) -> bool:
    return value is MISSING
