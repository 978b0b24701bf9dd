"""Template helpers: rupiah, JSON-LD written safely, a category's label."""

from __future__ import annotations

import json
from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# The same escapes as Django's json_script: no "</script>" or "<!--" can end the block.
_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def rupiah(value: Any) -> str:
    if value is None or value == "":
        return "—"
    return "Rp " + f"{int(value):,}".replace(",", ".")


@register.simple_tag
def jsonld(data: dict[str, Any]) -> SafeString:
    text = json.dumps(data, ensure_ascii=False).translate(_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308 - escaped above


@register.simple_tag
def category_label(config: Any, key: str, kind: str = "event") -> str:
    found = config.event_category(key) if kind == "event" else config.product_category(key)
    return found.label if found else key
