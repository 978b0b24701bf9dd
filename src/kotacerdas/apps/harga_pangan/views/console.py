"""Console screens: today's reporting status, one market's day of prices, and the region
admin's API keys for machine clients. The platform has checked sign-in and the region's
private read; entering prices needs more, checked here from the context."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
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
    previous_prices,
    submit_market_day,
)
from kotacerdas.apps.harga_pangan.services.values import BadValue, parse_day, today
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


def entry(request: HttpRequest, ctx: Ctx, market: str) -> HttpResponse:
    config = ctx.config
    target = config.market(market)
    if target is None or not ctx.is_staff or not may_enter(ctx, target):
        raise PermissionDenied
    day, day_problem = _day(request)
    errors: dict[str, str] = {"day": day_problem} if day_problem else {}
    confirm: dict[str, int] = {}
    values: dict[str, Any] = {}
    if request.method == "POST":
        values = {i.key: request.POST.get(f"price-{i.key}", "") for i in config.items}
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
            return redirect("harga_pangan-console:home", region_slug=ctx.region.slug)
    return render(
        request,
        "harga_pangan/console/entry.html",
        _entry_context(ctx, target.key, day, values, errors, confirm),
    )


def _entry_context(
    ctx: Ctx,
    market: str,
    day: dt.date,
    values: dict[str, Any],
    errors: dict[str, str],
    confirm: dict[str, int],
) -> dict[str, Any]:
    region, config = ctx.region, ctx.config
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
        for item in config.items
    ]
    return page(
        ctx,
        rows=rows,
        market=config.market(market),
        day=day,
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
        field.choices = [("", _("Every market"))] + [(m.key, m.name) for m in config.markets]


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
