"""A responder's steps: dispatched → acknowledged → en route → on scene → finished, or
declined with a reason (before arriving). Each step is time-stamped; the incident closes when
every responder has finished or declined and at least one finished."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kotacerdas.apps.darurat_112.config import APP_KEY, D112Context
from kotacerdas.apps.darurat_112.models import (
    DONE_STATUSES,
    Dispatch,
    DispatchStatus,
    Incident,
    IncidentState,
)
from kotacerdas.apps.darurat_112.queries import is_call_taker, may_respond
from kotacerdas.apps.darurat_112.services import NotPermitted, Refused, events
from kotacerdas.core.alerts import clear_alert
from kotacerdas.core.models import Agency
from kotacerdas.core.tenancy import Action

S = DispatchStatus
NEXT: dict[str, str] = {
    S.DISPATCHED: S.ACKNOWLEDGED,
    S.ACKNOWLEDGED: S.EN_ROUTE,
    S.EN_ROUTE: S.ON_SCENE,
    S.ON_SCENE: S.FINISHED,
}
MAY_DECLINE = frozenset({S.DISPATCHED, S.ACKNOWLEDGED, S.EN_ROUTE})
STAMP: dict[str, str] = {
    S.ACKNOWLEDGED: "acknowledged_at",
    S.EN_ROUTE: "en_route_at",
    S.ON_SCENE: "on_scene_at",
    S.FINISHED: "finished_at",
    S.DECLINED: "declined_at",
}
REASON_MAX = 200


def overdue_condition(incident_id: int) -> str:
    return f"incident-{incident_id}-target"


def unack_condition(dispatch_id: int) -> str:
    return f"dispatch-{dispatch_id}-unacknowledged"


def allowed(status: str) -> list[str]:
    """The steps a responder may take from ``status``."""
    steps = [NEXT[status]] if status in NEXT else []
    if status in MAY_DECLINE:
        steps.append(S.DECLINED)
    return steps


def advance(ctx: D112Context, dispatch_id: int, to: str, reason: str = "") -> Dispatch:
    """Take one step; refuses a skipped or backward step, a missing decline reason, and
    callers who are not this responder's agency (or the region admin)."""
    if to not in STAMP:
        raise Refused(_("Unknown step."), "status")
    reason = str(reason or "").strip()
    if to == S.DECLINED:
        if not reason:
            raise Refused(_("Say briefly why the dispatch is declined."), "reason")
        if len(reason) > REASON_MAX or any(ord(c) < 32 or ord(c) == 127 for c in reason):
            raise Refused(
                _("The reason is one line of at most %(n)d characters.") % {"n": REASON_MAX},
                "reason",
            )
    now = timezone.now()
    with transaction.atomic():
        d = (
            Dispatch.objects.scoped(ctx.scope, Action.CHANGE)
            .select_for_update()
            .filter(region=ctx.region, pk=dispatch_id)
            .first()
        )
        if d is None:
            raise Refused(_("No such dispatch."), "dispatch")
        if not may_respond(ctx, d):
            raise NotPermitted(_("Only the dispatched agency updates its status."))
        if to not in allowed(d.status):
            raise Refused(
                _("From “%(now)s” the next step is not “%(to)s”.")
                % {"now": S(d.status).label, "to": S(to).label},
                "status",
            )
        d.status = to
        setattr(d, STAMP[to], now)
        if to == S.DECLINED:
            d.reason = reason
        d.save()
        inc = (
            Incident.objects.scoped(ctx.scope, Action.CHANGE)
            .select_for_update()
            .get(pk=d.incident_id)
        )
        if to == S.ON_SCENE and inc.first_on_scene_at is None:
            inc.first_on_scene_at = now
            clear_alert(ctx.region, APP_KEY, overdue_condition(inc.pk))
        if to in (S.ACKNOWLEDGED, S.DECLINED):
            clear_alert(ctx.region, APP_KEY, unack_condition(d.pk))
        statuses = list(
            Dispatch.objects.scoped(ctx.scope).filter(incident=inc).values_list("status", flat=True)
        )
        closing = all(s in DONE_STATUSES for s in statuses) and S.FINISHED in statuses
        if closing:
            inc.state = IncidentState.CLOSED
            inc.closed_at = now
            clear_alert(ctx.region, APP_KEY, overdue_condition(inc.pk))
        inc.save()
        events.dispatch_changed(d)
        events.incident_changed(inc, "incident.closed" if closing else "incident.changed")
    return d


def add_responders(ctx: D112Context, incident_id: int, agency_ids: Sequence[int]) -> list[Dispatch]:
    """Send more agencies to an active incident (the call-taker or the region admin)."""
    if not is_call_taker(ctx):
        raise NotPermitted(_("Only the 112 call centre dispatches."))
    ids = [int(i) for i in agency_ids][:10]
    if not ids:
        raise Refused(_("Choose at least one responder."), "responders")
    now = timezone.now()
    with transaction.atomic():
        inc = (
            Incident.objects.scoped(ctx.scope, Action.CHANGE)
            .select_for_update()
            .filter(region=ctx.region, pk=incident_id, state=IncidentState.ACTIVE)
            .first()
        )
        if inc is None:
            raise Refused(_("That incident is closed or does not exist."), "incident")
        agencies = list(
            Agency.objects.scoped(ctx.scope).filter(region=ctx.region, is_active=True, pk__in=ids)
        )
        if len(agencies) != len(set(ids)):
            raise Refused(_("Choose responders from the list."), "responders")
        have = set(
            Dispatch.objects.scoped(ctx.scope)
            .filter(incident=inc)
            .values_list("agency_id", flat=True)
        )
        rows = Dispatch.objects.scoped(ctx.scope, Action.CHANGE)
        created = []
        for agency in agencies:
            if agency.pk in have:
                continue
            d = rows.create(region=ctx.region, incident=inc, agency=agency, dispatched_at=now)
            events.dispatch_changed(d)
            created.append(d)
        if inc.first_dispatch_at is None and created:
            inc.first_dispatch_at = now
            inc.save()
        events.incident_changed(inc)
    return created
