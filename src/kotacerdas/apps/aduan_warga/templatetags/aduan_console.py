"""Template helpers of Aduan Warga's console pages."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def lookup(mapping: Any, key: Any) -> Any:
    """``mapping[key]``, or "" when it is not there (``{{ names|lookup:r.service_code }}``)."""
    try:
        return mapping.get(key, "")
    except AttributeError:
        return ""


@register.filter
def posted(values: Any, name: str) -> str:
    """A field's value as the caller posted it (the form shown again after an error)."""
    try:
        return str(values.get(name, ""))
    except AttributeError:
        return ""
