"""Template helpers: bilingual data fields and dimension lookups."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import get_language

from kotacerdas.dimensions import get_dimension

register = template.Library()


def _lang() -> str:
    return "en" if (get_language() or "id").startswith("en") else "id"


@register.filter
def localised(value: Any) -> str:
    """``{"id": ..., "en": ...}`` or an object with ``name(lang)`` → the current language's text."""
    lang = _lang()
    if isinstance(value, dict):
        return str(value.get(lang) or value.get("id") or "")
    if hasattr(value, "name") and callable(value.name):
        return str(value.name(lang))
    return str(value)


@register.filter
def dimension(key: str) -> Any:
    return get_dimension(key)


@register.inclusion_tag("kotacerdas/icon.html")
def icon(name: str, size: int = 20) -> dict[str, Any]:
    return {"name": name, "size": size}


@register.inclusion_tag("kotacerdas/console/app_nav.html", takes_context=True)
def app_nav(context: template.Context, region: Any) -> dict[str, Any]:
    """The console's navigation into every enabled app, for the caller's role."""
    from kotacerdas.platform.console_nav import app_navigation

    request = context.get("request")
    groups = app_navigation(request, region) if request is not None and region else []
    return {"groups": groups, "current": getattr(request, "path", "")}
