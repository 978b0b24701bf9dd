"""Market officers' screens: today's reporting status and one market's day of prices."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kotacerdas.apps.harga_pangan import queries
from kotacerdas.apps.harga_pangan.lists import PriceLists
from kotacerdas.apps.harga_pangan.services.access import enterable_markets, may_enter
from kotacerdas.apps.harga_pangan.services.entry import (
    EntryRefused,
    NeedsConfirmation,
    previous_prices,
    submit_market_day,
)
from kotacerdas.apps.harga_pangan.services.values import BadValue, parse_day, today
from kotacerdas.apps.harga_pangan.views.common import region_lists, signed_in
from kotacerdas.core.models import Region
from kotacerdas.web.views.access import ConsoleAccess, console_region


def officer_access(
    request: HttpRequest, region_slug: str
) -> tuple[ConsoleAccess, PriceLists] | HttpResponse:
    region, lists = region_lists(region_slug)
    access = console_region(request, region.slug)
    return access if isinstance(access, HttpResponse) else (access, lists)


def home(request: HttpRequest, region_slug: str) -> HttpResponse:
    found = officer_access(request, region_slug)
    if isinstance(found, HttpResponse):
        return found
    access, lists = found
    mine = {m.key for m in enterable_markets(access.scope, access.region, lists)}
    return render(
        request,
        "harga_pangan/console/home.html",
        {
            "access": access,
            "region": access.region,
            "section": "harga-pangan",
            "statuses": queries.market_statuses(access.region, lists),
            "mine": mine,
            "day": today(),
        },
    )


def _day(request: HttpRequest) -> tuple[dt.date, str]:
    """The market day asked for, or today with the reason the asked day was refused."""
    try:
        return parse_day(request.POST.get("day") or request.GET.get("day") or today()), ""
    except BadValue as exc:
        return today(), _("Market day %(problem)s.") % {"problem": exc}


def entry(request: HttpRequest, region_slug: str, market: str) -> HttpResponse:
    found = officer_access(request, region_slug)
    if isinstance(found, HttpResponse):
        return found
    access, lists = found
    target = lists.market(market)
    if target is None or not may_enter(access.scope, access.region, lists, target):
        raise PermissionDenied
    day, day_problem = _day(request)
    errors: dict[str, str] = {"day": day_problem} if day_problem else {}
    confirm: dict[str, int] = {}
    values: dict[str, Any] = {}
    if request.method == "POST":
        values = {i.key: request.POST.get(f"price-{i.key}", "") for i in lists.items}
    if request.method == "POST" and not day_problem:
        try:
            result = submit_market_day(
                access.scope,
                signed_in(request),
                access.region,
                lists,
                target.key,
                day,
                values,
                confirmed=request.POST.getlist("confirm"),
            )
        except EntryRefused as exc:
            errors = exc.errors
        except NeedsConfirmation as exc:
            confirm = exc.items
        else:
            messages.success(
                request,
                _("%(market)s, %(day)s: %(saved)d prices saved, %(corrected)d corrected.")
                % {
                    "market": target.name,
                    "day": day.isoformat(),
                    "saved": result.saved,
                    "corrected": result.corrected,
                },
            )
            return redirect("harga_pangan-console:home", region_slug=region_slug)
    return render(
        request,
        "harga_pangan/console/entry.html",
        _entry_context(
            access,
            lists,
            target.key,
            day,
            values,
            errors,
            confirm,
        ),
    )


def _entry_context(
    access: ConsoleAccess,
    lists: PriceLists,
    market: str,
    day: dt.date,
    values: dict[str, Any],
    errors: dict[str, str],
    confirm: dict[str, int],
) -> dict[str, Any]:
    region: Region = access.region
    before = previous_prices(region, market, day)
    saved = {p.item: p.price for p in queries.prices_on(region, day, market=market)}
    rows = [
        {
            "item": item,
            # What the officer typed, else what is saved for the day, else yesterday's price.
            "value": values.get(item.key, saved.get(item.key, before.get(item.key, ""))),
            "previous": before.get(item.key),
            "saved": item.key in saved,
            "error": errors.get(item.key),
            "confirm": item.key in confirm,
        }
        for item in lists.items
    ]
    return {
        "access": access,
        "region": region,
        "section": "harga-pangan",
        "rows": rows,
        "market": lists.market(market),
        "day": day,
        "errors": errors,
        "confirm": confirm,
        "general_errors": [v for k, v in errors.items() if lists.item(k) is None],
    }
