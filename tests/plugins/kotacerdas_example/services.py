"""Writes and jobs. The example's one job raises a core alert when a region lists no park."""

from __future__ import annotations

from kotacerdas.contract import AppContext, Severity
from kotacerdas.core.alerts import clear_alert, raise_alert
from kotacerdas_example.config import TamanConfig


def check_parks(ctx: AppContext[TamanConfig]) -> None:
    if ctx.config.parks:
        clear_alert(ctx.region, ctx.app_key, "no-parks")
    else:
        raise_alert(ctx.region, ctx.app_key, "no-parks", Severity.WARNING, "Belum ada taman")
