"""Importing prices from a file: a report by row number, and all-or-nothing unless the
officer explicitly imports only the valid rows."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils.translation import gettext as _

from kotacerdas.apps.harga_pangan.config import APP_KEY, HargaPanganConfig, Item, Market
from kotacerdas.apps.harga_pangan.models import Source
from kotacerdas.apps.harga_pangan.services.access import Ctx, enterable_markets
from kotacerdas.apps.harga_pangan.services.entry import after_write, previous_prices, write_prices
from kotacerdas.apps.harga_pangan.services.values import BadValue, is_jump, parse_day, parse_price
from kotacerdas.core.audit import record
from kotacerdas.core.events import publish

YES = {"1", "ya", "y", "yes", "true", "x"}


@dataclass(frozen=True)
class Row:
    number: int
    market: str
    item: str
    day: dt.date
    price: int
    flagged: bool  # the file confirmed a tenfold jump


@dataclass
class ImportReport:
    valid: list[Row] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)  # (row number, message)
    imported: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


def _find(options: list[Any], text: str) -> Any:
    """A market or item by key or by name, case-insensitively."""
    wanted = text.strip().lower()
    return next((o for o in options if wanted in (o.key.lower(), o.name.lower())), None)


def _item(config: HargaPanganConfig, commodity: str, variant: str) -> Item | None:
    wanted = commodity.strip().lower()
    names = [(i, (i.commodity, i.name.lower(), i.name_en.lower())) for i in config.items]
    found = [i for i, known in names if wanted and wanted in known]
    if not variant.strip():
        return found[0] if len(found) == 1 else None
    v = variant.strip().lower()
    return next(
        (i for i in found if v in (i.key.split(":")[1], i.variant.lower(), i.variant_en.lower())),
        None,
    )


def check_rows(ctx: Ctx, rows: list[tuple[int, dict[str, Any]]]) -> ImportReport:
    """Validate every row; nothing is written."""
    config = ctx.config
    report = ImportReport()
    allowed = {m.key for m in enterable_markets(ctx)}
    seen: dict[tuple[str, str, dt.date], int] = {}
    for number, cells in rows:
        problems = []
        market: Market | None = _find(list(config.markets), str(cells.get("market") or ""))
        if market is None:
            problems.append(_("unknown market %(v)r") % {"v": cells.get("market")})
        elif market.key not in allowed:
            problems.append(_("you may not enter prices for %(m)s") % {"m": market.label})
        item = _item(config, str(cells.get("commodity") or ""), str(cells.get("variant") or ""))
        if item is None:
            problems.append(
                _("unknown commodity %(c)r / variant %(v)r")
                % {"c": cells.get("commodity"), "v": cells.get("variant") or ""}
            )
        day = price = None
        try:
            day = parse_day(cells.get("date"))
        except BadValue as exc:
            problems.append(_("date %(e)s") % {"e": exc})
        try:
            price = parse_price(cells.get("price"))
            if price is None:
                problems.append(_("price is missing"))
        except BadValue as exc:
            problems.append(_("price %(e)s") % {"e": exc})
        if not problems and market and item and day and price:
            key = (market.key, item.key, day)
            if key in seen:
                problems.append(
                    _("same market, commodity and date as row %(n)d") % {"n": seen[key]}
                )
            seen[key] = number
        if problems:
            report.errors.append((number, "; ".join(problems)))
        elif market and item and day and price:
            confirmed = str(cells.get("confirmed") or "").strip().lower() in YES
            report.valid.append(Row(number, market.key, item.key, day, price, confirmed))
    _check_jumps(ctx, report)
    return report


def _check_jumps(ctx: Ctx, report: ImportReport) -> None:
    """A tenfold jump in a file must be confirmed in its own column: files cannot ask."""
    earlier: dict[tuple[str, dt.date], dict[str, int]] = {}
    keep = []
    for row in report.valid:
        key = (row.market, row.day)
        if key not in earlier:
            earlier[key] = previous_prices(ctx.region, row.market, row.day)
        before = earlier[key].get(row.item)
        jump = is_jump(row.price, before, ctx.config.jump_factor)
        if jump and not row.flagged:
            message = _(
                "price %(p)d is far from the previous %(b)d: check it, or write 'ya' in the "
                "konfirmasi column"
            )
            report.errors.append((row.number, message % {"p": row.price, "b": before}))
        else:
            keep.append(replace(row, flagged=jump))
    report.valid = keep
    report.errors.sort()


def import_rows(
    ctx: Ctx,
    user: AbstractBaseUser | None,
    report: ImportReport,
    *,
    valid_only: bool = False,
) -> ImportReport:
    """Write the checked rows: all of them, or (when asked) only the valid ones."""
    if report.errors and not valid_only:
        return report
    groups: dict[tuple[str, dt.date], list[Row]] = defaultdict(list)
    for row in report.valid:
        groups[(row.market, row.day)].append(row)
    with transaction.atomic():
        for (market_key, day), rows in groups.items():
            market = ctx.config.market(market_key)
            assert market is not None
            prices = {r.item: r.price for r in rows}
            flagged = {r.item for r in rows if r.flagged}
            write_prices(ctx, user, market, day, prices, flagged, Source.IMPORT)
        after_write(ctx, {r.item for r in report.valid}, {r.day for r in report.valid})
        report.imported = len(report.valid)
        if report.imported:
            publish(
                ctx.region,
                APP_KEY,
                "prices.imported",
                {
                    "rows": report.imported,
                    "markets": sorted({m for m, _d in groups}),
                    "days": sorted({d.isoformat() for _m, d in groups}),
                },
                public=True,
            )
            actor = user.pk if user is not None else ctx.scope.user_id
            client = ctx.client
            record(
                "prices.imported",
                region=ctx.region,
                actor_id=actor,
                actor_label=f"key:{client.key_id}" if client and actor is None else "",
                app_key=APP_KEY,
                target=", ".join(sorted({m for m, _d in groups}))[:200],
                detail={"rows": report.imported, "markets": sorted({m for m, _d in groups})},
            )
    return report
