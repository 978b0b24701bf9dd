"""Template helpers of the catalog: JSON values (for the Advanced toggles), plain-language
sync summaries (``describe``), WIB times."""

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
def is_missing(value: Any) -> bool:
    return value is MISSING


@register.simple_tag
def sync_summary(state: Any, app: Any) -> Any:
    """The plain lines of a region's sync status (``describe.sync_lines``)."""
    from kotacerdas.catalog.describe import sync_lines

    if state is None:
        return None
    return sync_lines(
        app.manifest.config_schema, state.lineage.base_config, state.current, state.merge
    )
