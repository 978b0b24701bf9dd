"""How the room words an alert: its text in the page language, its tag, its app's name."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import template
from django.utils.translation import get_language

from kotacerdas.contract import get_app
from kotacerdas.core.models import AlertRecord
from kotacerdas.core.vocab import flood_level

register = template.Library()


def _text(alert: AlertRecord, key: str, stored: str) -> str:
    """The alert's text in the page language: ``data[key][lang]`` when the app gave one
    (``{"id": …, "en": …}``), else the stored Indonesian text."""
    texts = alert.data.get(key) if isinstance(alert.data, dict) else None
    if isinstance(texts, dict):
        lang = (get_language() or "id").split("-")[0]
        text = texts.get(lang)
        if isinstance(text, str) and text:
            return text
    return stored


def _english() -> bool:
    return (get_language() or "id").startswith("en")


@register.filter
def alert_title(alert: AlertRecord) -> str:
    """Titles are stored in Indonesian; an app may give the English one in ``data``."""
    return _text(alert, "titles", alert.title)


@register.filter
def alert_detail(alert: AlertRecord) -> str:
    return _text(alert, "details", alert.detail)


@dataclass(frozen=True)
class Tag:
    label: str
    # CSS class: ``sev-<severity>`` or ``level-<waspada|siaga|awas>``.
    css: str
    colour: str = ""


@register.filter
def alert_tag(alert: AlertRecord) -> Tag:
    """A flood alert's BPBD level (Waspada/Siaga/Awas), else the generic severity word."""
    level = flood_level(alert.data)
    if level is not None:
        return Tag(str(level.label), f"level-{level.key}", level.colour)
    return Tag(str(alert.get_severity_display()), f"sev-{alert.severity}")


@register.filter
def app_name(app_key: str) -> str:
    """The app's manifest name in the page language; its key only for an app now gone."""
    app = get_app(app_key)
    if app is None:
        return app_key
    names = app.manifest.name
    return str(names.get("en" if _english() else "id") or names.get("id") or app_key)


@register.filter
def operator(user: Any) -> str:
    """Who handled an alert: the name, and the account (what the audit log names)."""
    if user is None:
        return ""
    name, login = user.get_full_name(), user.get_username()
    return f"{name} ({login})" if name and name != login else str(login)
