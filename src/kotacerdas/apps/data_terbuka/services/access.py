"""Who may do what with a dataset: the produsen data (its agency's staff, or the region
admin) prepares and submits; the walidata (the region admin, Diskominfo) reviews."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from kotacerdas.apps.data_terbuka.models import OpenDataset
from kotacerdas.apps.data_terbuka.services import Refused
from kotacerdas.contract import AppContext

Ctx = AppContext[Any]


def may_produce(ctx: Ctx, dataset: OpenDataset) -> bool:
    """True for the region admin, and for staff of the dataset's agency."""
    if dataset.region_id != ctx.region_id:
        return False
    if ctx.is_admin:
        return True
    return ctx.is_staff and dataset.agency_id is not None and dataset.agency_id in ctx.agencies


def may_review(ctx: Ctx, dataset: OpenDataset) -> bool:
    """True for the walidata: the region admin (Diskominfo)."""
    return dataset.region_id == ctx.region_id and ctx.is_admin


def require_producer(ctx: Ctx, dataset: OpenDataset) -> None:
    if not may_produce(ctx, dataset):
        raise Refused(
            _("Only staff of the dataset's agency or the region admin may change it."),
            "",
            "forbidden",
        )


def require_walidata(ctx: Ctx, dataset: OpenDataset) -> None:
    if not may_review(ctx, dataset):
        raise Refused(
            _("Only the walidata (the region admin) may review releases."), "", "forbidden"
        )
