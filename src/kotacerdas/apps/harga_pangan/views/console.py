"""Console screens: today's reporting status, one market's day of prices, and the region
admin's API keys for machine clients. The platform has checked sign-in and the region's
private read; entering prices needs more, checked here from the context."""

from __future__ import annotations

import datetime as dt
from collections.abc import Set
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kotacerdas.apps.harga_pangan import queries
from kotacerdas.apps.harga_pangan.config import APP_KEY, HargaPanganConfig
from kotacerdas.apps.harga_pangan.services.access import (
    MARKET_SUBJECT,
    enterable_markets,
    may_enter,
)
from kotacerdas.apps.harga_pangan.services.entry import (
    EntryRefused,
    NeedsConfirmation,
    Submission,
    previous_prices,
    submit_market_day,
)
from kotacerdas.apps.harga_pangan.services.values import BadValue, parse_day, parse_price, today
from kotacerdas.apps.harga_pangan.views import carry
from kotacerdas.contract import AppContext
from kotacerdas.core.keys import KeyRefused, issue_key, keys_of, revoke_key

Ctx = AppContext[HargaPanganConfig]


def signed_in(request: HttpRequest) -> AbstractBaseUser | None:
    """The user to record on revisions (console pages are always signed in)."""
    user = request.user
    return user if isinstance(user, AbstractBaseUser) else None


def page(ctx: Ctx, **extra: Any) -> dict[str, Any]:
    """What every console page's template needs (the shell reads region and access)."""
    return {"region": ctx.region, "access": ctx, "section": APP_KEY, **extra}


def home(request: HttpRequest, ctx: Ctx) -> HttpResponse:
    mine = {m.key for m in enterable_markets(ctx)}
    return render(
        request,
        "harga_pangan/console/home.html",
        page(
            ctx,
            statuses=queries.market_statuses(ctx.region, ctx.config),
            trends=[t for t in queries.trends(ctx.region, ctx.config) if t.above_reference],
            mine=mine,
            day=today(),
        ),
    )


def _day(request: HttpRequest) -> tuple[dt.date, str]:
    """The market day asked for, or today with the reason the asked day was refused."""
    try:
        return parse_day(request.POST.get("day") or request.GET.get("day") or today()), ""
    except BadValue as exc:
        return today(), _("Market day %(problem)s.") % {"problem": exc}


def _entry_url(ctx: Ctx, market: str, day: str) -> str:
    url = reverse(
        "harga_pangan-console:entry", kwargs={"region_slug": ctx.region.slug, "market": market}
    )
    return f"{url}?{urlencode({'day': day})}" if day else url


def entry(request: HttpRequest, ctx: Ctx, market: str) -> HttpResponse:
    config = ctx.config
    target = config.market(market)
    if target is None or not ctx.is_staff or not may_enter(ctx, target):
        raise PermissionDenied
    if request.method == "POST" and carry.changes_day(request):
        # Another market day: nothing is saved, and what the officer typed goes with them.
        carry.keep(request, ctx.region_id, target.key, carry.typed_values(request, config))
        return redirect(_entry_url(ctx, target.key, request.POST.get("day", "")[:40]))
    day, day_problem = _day(request)
    errors: dict[str, str] = {"day": day_problem} if day_problem else {}
    confirm: dict[str, int] = {}
    values: dict[str, Any] = {}
    carried: dict[str, str] = {}
    if request.method == "POST":
        values = {i.key: request.POST.get(f"price-{i.key}", "") for i in config.items}
    else:
        carried = carry.take(request, ctx.region_id, target.key) or {}
        values = {k: v for k, v in carried.items() if config.item(k) is not None}
    if request.method == "POST" and not day_problem:
        try:
            result = submit_market_day(
                ctx,
                signed_in(request),
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
            _report(request, ctx, target.label, day, result)
            return redirect("harga_pangan-console:home", region_slug=ctx.region.slug)
    return render(
        request,
        "harga_pangan/console/entry.html",
        {
            **_entry_context(ctx, target.key, day, values, errors, confirm, set(carried)),
            "carried": len(values) if carried else 0,
        },
    )


def _report(request: HttpRequest, ctx: Ctx, market: str, day: dt.date, result: Submission) -> None:
    messages.success(
        request,
        _("%(market)s, %(day)s: %(saved)d prices saved, %(corrected)d corrected.")
        % {
            "market": market,
            "day": date_format(day, "j F Y"),
            "saved": result.saved,
            "corrected": result.corrected,
        },
    )
    above = [ctx.config.item(k) for k in result.above_reference]
    if above:
        messages.warning(
            request,
            _("Above the government reference price (HET/HAP): %(items)s.")
            % {"items": ", ".join(f"{i.label} ({i.reference_kind})" for i in above if i)},
        )


def _entry_context(
    ctx: Ctx,
    market: str,
    day: dt.date,
    values: dict[str, Any],
    errors: dict[str, str],
    confirm: dict[str, int],
    carried: Set[str] = frozenset(),
) -> dict[str, Any]:
    region, config = ctx.region, ctx.config
    before = previous_prices(region, market, day)
    saved = {p.item: p.price for p in queries.prices_on(region, day, market=market)}
    rows = []
    for item in config.items:
        # What the day's form starts from: the price saved for the day, else the last one.
        initial = saved.get(item.key, before.get(item.key, ""))
        value = values.get(item.key, initial)
        try:
            price = parse_price(value)
        except BadValue:
            price = None
        rows.append(
            {
                "item": item,
                "value": value,
                "initial": initial,
                "typed": item.key in carried or (item.key in values and str(value) != str(initial)),
                "above": item.above_reference(price),
                "previous": before.get(item.key),
                "saved": item.key in saved,
                "error": errors.get(item.key),
                "confirm": item.key in confirm,
            }
        )
    return page(
        ctx,
        rows=rows,
        market=config.market(market),
        day=day,
        today=today(),
        errors=errors,
        confirm=confirm,
        general_errors=[v for k, v in errors.items() if config.item(k) is None],
    )


class KeyForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=120,
        help_text=gettext_lazy("Who uses the key, e.g. “Pasar Johar till system”."),
    )
    market = forms.ChoiceField(
        label=gettext_lazy("Market"),
        required=False,
        help_text=gettext_lazy("Narrow the key to one market, or leave empty for every market."),
    )

    def __init__(self, config: HargaPanganConfig, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["market"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("Every market"))] + [(m.key, m.label) for m in config.markets]


def keys(request: HttpRequest, ctx: Ctx) -> HttpResponse:
    """Issue and revoke the API keys machine clients write prices with (region admin)."""
    if not ctx.is_admin:
        raise PermissionDenied
    config = ctx.config
    form = KeyForm(config)
    issued: tuple[str, str] | None = None  # (name, clear key): shown on this response only
    if request.method == "POST" and request.POST.get("action") == "revoke":
        try:
            row = revoke_key(ctx.scope, ctx.region, APP_KEY, request.POST.get("key", ""))
        except KeyRefused:
            messages.error(
                request,
                _("There is no such Harga Pangan API key in %(region)s; nothing was revoked.")
                % {"region": ctx.region.name},
            )
        else:
            messages.success(request, _("Key “%(name)s” revoked.") % {"name": row.name})
        return redirect("harga_pangan-console:keys", region_slug=ctx.region.slug)
    if request.method == "POST":
        form = KeyForm(config, request.POST)
        if form.is_valid():
            market = config.market(form.cleaned_data["market"] or "")
            subject = None if market is None else (MARKET_SUBJECT, market.subject_id)
            try:
                row, clear = issue_key(
                    ctx.scope,
                    ctx.region,
                    APP_KEY,
                    form.cleaned_data["name"],
                    subject=subject,
                    prefix="hp_",
                )
            except KeyRefused as exc:
                form.add_error("name" if exc.field == "name" else None, exc.message)
            else:
                issued = (row.name, clear)
                form = KeyForm(config)
    rows = [
        {
            "key": k,
            "market": config.market_by_subject(k.subject_id)
            if k.subject_kind == MARKET_SUBJECT
            else None,
            "narrowed": bool(k.subject_kind),
        }
        for k in keys_of(ctx.scope, ctx.region, APP_KEY)
    ]
    return render(
        request,
        "harga_pangan/console/keys.html",
        page(ctx, form=form, issued=issued, keys=rows),
    )
