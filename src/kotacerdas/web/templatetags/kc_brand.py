"""``{% absolute_url path %}``: an absolute address for Open Graph cards (``web.brand``)."""

from __future__ import annotations

from typing import Any

from django import template

from kotacerdas.web.brand import absolute

register = template.Library()


@register.simple_tag(takes_context=True)
def absolute_url(context: dict[str, Any], path: str) -> str:
    """``/r/semarang/…`` → ``https://kota.example/r/semarang/…`` (KOTACERDAS_SITE_URL, else
    the request's own address); an address that is already absolute is kept."""
    return absolute(context.get("request"), str(path or ""))
