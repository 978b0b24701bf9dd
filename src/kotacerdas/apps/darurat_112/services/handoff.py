"""A non-emergency 112 call becomes a citizen report, through the platform.

The call-taker presses "Jadikan aduan warga" on an information call: this module builds a
:class:`~kotacerdas.contract.handoff.CitizenReportHandoff` (the caller's words, the place,
the incident type as a category hint, the caller's number as the reporter's contact) and
asks ``platform_services().hand_off`` to give it to the region's app that takes citizen
reports (Aduan Warga), as the same caller and inside the call's transaction. The receipt is
kept in :class:`~kotacerdas.apps.darurat_112.models_warnings.CallHandoff` and the call
shows its link; a refusal on the other side rolls both back. This app never imports the
other: a region without such an app simply has no button.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kotacerdas.apps.darurat_112.models import Call, Outcome
from kotacerdas.apps.darurat_112.models_warnings import CallHandoff
from kotacerdas.contract import AppContext
from kotacerdas.contract.handoff import CITIZEN_REPORT, CitizenReportHandoff, Receipt
from kotacerdas.contract.services import platform_services
from kotacerdas.core import audit
from kotacerdas.core.tenancy import Action

APP_KEY = "darurat-112"
# Calls that are not emergencies: the caller has a question or a complaint.
HANDOFF_OUTCOMES = frozenset({Outcome.INFORMATION})

Ctx = AppContext[Any]


class HandoffRefused(Exception):
    """The call cannot be handed over; ``message`` says why, for the call-taker."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def offered(ctx: Ctx) -> bool:
    """Whether the region runs an app that takes citizen reports (the button shows)."""
    return ctx.is_staff and platform_services().accepts(ctx.region, CITIZEN_REPORT)


def can_hand_off(ctx: Ctx, call: Call) -> bool:
    return (
        call.outcome in HANDOFF_OUTCOMES
        and not call.handoff_ref
        and not CallHandoff.objects.scoped(ctx.scope).filter(call_id=call.pk).exists()
        and offered(ctx)
    )


def handoff_view(ctx: Ctx, call: Call) -> dict[str, Any]:
    """What the call page's partial needs (``_handoff.html``): the link when handed over,
    the button when it may be."""
    done = CallHandoff.objects.scoped(ctx.scope).filter(call_id=call.pk).first()
    return {
        "call_pk": call.pk,
        "done": done,
        "can": done is None and can_hand_off(ctx, call),
    }


def _type_label(ctx: Ctx, key: str) -> str:
    type_of = getattr(ctx.config, "type_of", None)
    found = type_of(key) if callable(type_of) and key else None
    name = getattr(found, "name", None)
    label = getattr(name, "id", "") if name is not None else ""
    return str(label or key)


def payload_for(ctx: Ctx, call: Call) -> CitizenReportHandoff:
    label = _type_label(ctx, call.type_key)
    description = call.description.strip()
    return CitizenReportHandoff(
        title=_("112 call: %(type)s") % {"type": label} if label else _("112 call"),
        description=description or _("A caller to 112 asked for this (no details noted)."),
        latitude=call.lat,
        longitude=call.lng,
        address=call.address,
        source_app=APP_KEY,
        source_ref=str(call.pk),
        source_url=reverse("darurat_112-console:console", args=[ctx.region.slug])
        + f"#call-{call.pk}",
        category_hint=call.type_key,
        reporter_phone=call.caller_phone,
    )


def hand_off_call(ctx: Ctx, call: Call) -> Receipt:
    """Hand ``call`` over as a citizen report; returns the receipt (kept on the call).

    Raises :class:`HandoffRefused` when the call is not a non-emergency call, was already
    handed over, the region has no app that takes citizen reports, or the other app
    refused (the caller may not write reports there, or a field is invalid): then nothing
    is written on either side."""
    if not ctx.is_staff:
        raise HandoffRefused(_("Only the region's staff may hand a call over."))
    try:
        with transaction.atomic():
            row = (
                Call.objects.scoped(ctx.scope, Action.CHANGE)
                .select_for_update()
                .filter(region_id=ctx.region_id, pk=call.pk)
                .first()
            )
            if row is None:
                raise HandoffRefused(_("This call does not exist in this region."))
            if row.outcome not in HANDOFF_OUTCOMES:
                raise HandoffRefused(
                    _("Only a non-emergency (information) call can become a report.")
                )
            if row.handoff_ref or CallHandoff.objects.scoped(ctx.scope).filter(call=row).exists():
                raise HandoffRefused(_("This call was already handed over."))
            receipt = platform_services().hand_off(ctx, CITIZEN_REPORT, payload_for(ctx, row))
            if receipt is None:
                raise HandoffRefused(
                    _("This region does not run an app that takes citizen reports.")
                )
            CallHandoff.objects.scoped(ctx.scope, Action.CHANGE).create(
                region=ctx.region,
                call=row,
                app_key=receipt.app_key[:60],
                ref=receipt.ref[:80],
                staff_url=receipt.staff_url[:300],
                public_url=receipt.public_url[:300],
                created_at=timezone.now(),
                created_by_id=ctx.user_id,
            )
            row.handoff_ref = receipt.ref[:80]
            row.save(update_fields=["handoff_ref"])
            audit.record(
                "call.handed_over",
                region=ctx.region_id,
                actor_id=ctx.user_id,
                app_key=APP_KEY,
                target=str(row.pk),
                detail={"to": receipt.app_key, "ref": receipt.ref},
            )
    except HandoffRefused:
        raise
    except PermissionError as refused:
        raise HandoffRefused(str(refused) or _("You may not write citizen reports.")) from None
    except ValueError as bad:
        message = getattr(bad, "message", "") or str(bad)
        raise HandoffRefused(_("The report was refused: %(why)s") % {"why": message}) from None
    call.handoff_ref = receipt.ref[:80]
    return receipt
