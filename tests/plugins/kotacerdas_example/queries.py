"""Reads for pages, the API and the console's counts."""

from __future__ import annotations

from kotacerdas.contract import AppContext
from kotacerdas_example.config import TamanConfig


def park_count(ctx: AppContext[TamanConfig]) -> int:
    return len(ctx.config.parks)
