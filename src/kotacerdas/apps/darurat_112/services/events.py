"""Live events of Darurat 112: staff-only (``public=False``), no number, name or address."""

from __future__ import annotations

from typing import Any

from kotacerdas.apps.darurat_112.config import APP_KEY
from kotacerdas.apps.darurat_112.models import Call, Dispatch, Incident
from kotacerdas.core.events import publish


def incident_changed(inc: Incident, kind: str = "incident.changed", **extra: Any) -> None:
    payload = {"incident": inc.pk, "type": inc.type_key, "state": inc.state, **extra}
    publish(inc.region_id, APP_KEY, kind, payload, public=False)


def dispatch_changed(d: Dispatch) -> None:
    payload = {
        "incident": d.incident_id,
        "dispatch": d.pk,
        "agency": d.agency_id,
        "status": d.status,
    }
    publish(d.region_id, APP_KEY, "dispatch.changed", payload, public=False)


def call_taken(call: Call) -> None:
    payload = {"call": call.pk, "outcome": call.outcome, "incident": call.incident_id}
    publish(call.region_id, APP_KEY, "call.taken", payload, public=False)
