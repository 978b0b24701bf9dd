"""The watch job: an active incident past its target with nobody on scene raises a core alert
(one per incident, cleared when a responder arrives or the incident closes); a dispatch not
acknowledged within ``unacknowledged_seconds`` raises a critical one (the room's ringing)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from kotacerdas.apps.darurat_112.config import APP_KEY, D112Context
from kotacerdas.apps.darurat_112.models import Dispatch, DispatchStatus, Incident, IncidentState
from kotacerdas.apps.darurat_112.services.dispatch import overdue_condition, unack_condition
from kotacerdas.core.alerts import OPEN, clear_alert, raise_alert
from kotacerdas.core.models import AlertRecord
from kotacerdas.core.vocab import Severity


def _open_conditions(ctx: D112Context, prefix: str, suffix: str) -> set[str]:
    return set(
        AlertRecord.objects.scoped(ctx.scope)
        .filter(
            region=ctx.region,
            app_key=APP_KEY,
            state__in=OPEN,
            condition__startswith=prefix,
            condition__endswith=suffix,
        )
        .values_list("condition", flat=True)
    )


def watch(ctx: D112Context, now: dt.datetime | None = None) -> tuple[int, int]:
    """Raise and clear this region's alerts; returns (late incidents, unacknowledged)."""
    now = now or timezone.now()
    late: set[str] = set()
    target = dt.timedelta(minutes=ctx.config.target_minutes)
    for inc in Incident.objects.scoped(ctx.scope).filter(
        region=ctx.region,
        state=IncidentState.ACTIVE,
        first_on_scene_at__isnull=True,
        opened_at__lt=now - target,
    ):
        condition = overdue_condition(inc.pk)
        late.add(condition)
        minutes = inc.target_minutes
        raise_alert(
            ctx.region,
            APP_KEY,
            condition,
            Severity.CRITICAL if inc.severity == "critical" else Severity.WARNING,
            f"Kejadian #{inc.pk} {inc.type_name}: belum ada responden di lokasi setelah "
            f"{minutes} menit",
            title_en=f"Incident #{inc.pk} {_english(ctx, inc)}: no responder on scene after "
            f"{minutes} minutes",
            data={"incident": inc.pk, "type": inc.type_key},
        )
    for condition in _open_conditions(ctx, "incident-", "-target") - late:
        clear_alert(ctx.region, APP_KEY, condition)
    ringing: set[str] = set()
    limit = now - dt.timedelta(seconds=ctx.config.unacknowledged_seconds)
    for d in (
        Dispatch.objects.scoped(ctx.scope)
        .filter(region=ctx.region, status=DispatchStatus.DISPATCHED, dispatched_at__lt=limit)
        .select_related("agency", "incident")
    ):
        condition = unack_condition(d.pk)
        ringing.add(condition)
        agency = d.agency.short_name or d.agency.name
        raise_alert(
            ctx.region,
            APP_KEY,
            condition,
            Severity.CRITICAL,
            f"{agency} belum menerima penugasan kejadian #{d.incident_id} {d.incident.type_name}",
            title_en=f"{agency} has not acknowledged the dispatch to incident "
            f"#{d.incident_id} {_english(ctx, d.incident)}",
            data={"incident": d.incident_id, "dispatch": d.pk, "ringing": True},
        )
    for condition in _open_conditions(ctx, "dispatch-", "-unacknowledged") - ringing:
        clear_alert(ctx.region, APP_KEY, condition)
    return len(late), len(ringing)


def _english(ctx: D112Context, inc: Incident) -> str:
    kind = ctx.config.type_of(inc.type_key)
    return kind.name.label("en") if kind else inc.type_name
