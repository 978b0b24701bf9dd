"""Prices an officer typed, carried across a change of the market day in the entry form.

Changing the date posts the form (nothing is saved): the prices the officer changed from
what the form was pre-filled with travel in the session to the form of the new day, where
they replace that day's pre-fill; untouched fields take the new day's own values. The
form posts each field's pre-fill beside it (``initial-<item>``), so "typed" is decided on
the server and works without JavaScript.
"""

from __future__ import annotations

from django.http import HttpRequest

from kotacerdas.apps.harga_pangan.config import HargaPanganConfig
from kotacerdas.apps.harga_pangan.services.values import MAX_PRICE_TEXT, BadValue, parse_price

SESSION_KEY = "harga_pangan.typed"


def changes_day(request: HttpRequest) -> bool:
    """The post asks for another market day rather than saving: the "show" button, or the
    date field changed (its form is sent as soon as it changes, with no button pressed)."""
    post = request.POST
    if post.get("action") == "day":
        return True
    return "shown" in post and post.get("shown") != post.get("day")


def _same(value: str, initial: str) -> bool:
    try:
        return parse_price(value) == parse_price(initial)
    except BadValue:
        return value.strip() == initial.strip()


def typed_values(request: HttpRequest, config: HargaPanganConfig) -> dict[str, str]:
    """The fields the officer typed in (marked by the page's script) or whose value differs
    from what the form was pre-filled with."""
    typed = {}
    marked = set(request.POST.getlist("typed"))
    for item in config.items:
        value = request.POST.get(f"price-{item.key}")
        if value is None:
            continue
        initial = request.POST.get(f"initial-{item.key}")
        if initial is None and not value.strip():
            continue
        if item.key not in marked and initial is not None and _same(value, initial):
            continue
        # Kept as typed (a refused value comes back with its message at save), but never
        # longer than any price can be: the session is no place for a pasted essay.
        typed[item.key] = value[: MAX_PRICE_TEXT + 3]
    return typed


def _slot(region_id: int, market: str) -> str:
    return f"{region_id}:{market}"


def keep(request: HttpRequest, region_id: int, market: str, typed: dict[str, str]) -> None:
    carried = dict(request.session.get(SESSION_KEY) or {})
    carried[_slot(region_id, market)] = typed
    request.session[SESSION_KEY] = carried


def take(request: HttpRequest, region_id: int, market: str) -> dict[str, str] | None:
    """The carried prices for this market's form, once (a reload after that shows the day)."""
    carried = dict(request.session.get(SESSION_KEY) or {})
    typed = carried.pop(_slot(region_id, market), None)
    if typed is None:
        return None
    request.session[SESSION_KEY] = carried
    if not isinstance(typed, dict):
        return None
    return {str(k): str(v) for k, v in typed.items()}
