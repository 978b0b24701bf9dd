"""Reads for pages, the API and the console's counts.

The example keeps its parks in the configuration; an app with models reads them here with
``Model.objects.scoped(ctx.scope)``.
"""

from __future__ import annotations

from kotacerdas.contract import AppContext
from kotacerdas_example.config import Park, TamanConfig


def parks(ctx: AppContext[TamanConfig]) -> tuple[Park, ...]:
    return ctx.config.parks


def park_count(ctx: AppContext[TamanConfig]) -> int:
    return len(ctx.config.parks)
