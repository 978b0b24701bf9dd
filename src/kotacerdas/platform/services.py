"""The platform's side of ``kotacerdas.contract.services``: datasets and handoffs.

Installed when Django starts (``PlatformConfig.ready``). Each call asks apps only through
the contract, with contexts this module builds, so no app imports another.
"""

from __future__ import annotations

import logging
from typing import Any

from kotacerdas.contract import AppContext, SmartCityApp
from kotacerdas.contract.datasets import Dataset
from kotacerdas.contract.handoff import Receipt
from kotacerdas.core.models import Region
from kotacerdas.platform.context import ConfigBroken, build, context_for_installation
from kotacerdas.platform.installations import enabled_apps

log = logging.getLogger(__name__)


def _intake_app(region: Region, kind: str) -> tuple[SmartCityApp, Any] | None:
    for app, installation in enabled_apps(region):
        for intake in app.intakes():
            if intake.kind == kind:
                return app, (installation, intake)
    return None


class Services:
    def region_datasets(self, region: Region) -> list[tuple[str, Dataset]]:
        found: list[tuple[str, Dataset]] = []
        for app, installation in enabled_apps(region):
            installation.region = region
            try:
                ctx = context_for_installation(app, installation)
            except ConfigBroken:
                log.warning("datasets of %s in %s skipped: configuration broken", app.key, region)
                continue
            try:
                found.extend((app.key, dataset) for dataset in app.datasets(ctx))
            except Exception:  # one app's broken hook must not empty the region's portal
                log.exception("datasets of %s in %s failed", app.key, region)
        return found

    def accepts(self, region: Region, kind: str) -> bool:
        return _intake_app(region, kind) is not None

    def hand_off(self, ctx: AppContext[Any], kind: str, payload: object) -> Receipt | None:
        found = _intake_app(ctx.region, kind)
        if found is None:
            return None
        app, (installation, intake) = found
        target = build(app, ctx.region, installation, ctx.scope)
        receipt: Receipt = intake.receive(target, payload)
        return receipt


services = Services()
