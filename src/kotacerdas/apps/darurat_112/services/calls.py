"""Taking a call: validate the form, then in one transaction record the call and open an
incident with its dispatches, attach the call to an incident already open at the same place,
or close it (prank, silent, test; information, which the call-taker may then hand to
Aduan Warga with one button: ``services.handoff``)."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from kotacerdas.apps.darurat_112.config import D112Context
from kotacerdas.apps.darurat_112.models import (
    Call,
    Dispatch,
    Incident,
    IncidentState,
    Outcome,
)
from kotacerdas.apps.darurat_112.queries import is_call_taker
from kotacerdas.apps.darurat_112.services import NotPermitted, Refused, events
from kotacerdas.core.models import Agency
from kotacerdas.core.tenancy import Action

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
PHONE = re.compile(r"^\+?[0-9][0-9 ()./-]{1,30}$")
MAX_PEOPLE = 100_000
MAX_RESPONDERS = 10
# An answered-at time from the form may be at most this old (a forgotten tab): else "now".
ANSWER_MAX_AGE = dt.timedelta(hours=6)


@dataclass
class CallInput:
    phone: str = ""
    type_key: str = ""
    lat: float | None = None
    lng: float | None = None
    address: str = ""
    description: str = ""
    people: int | None = None
    answered_at: dt.datetime | None = None
    responders: list[int] = field(default_factory=list)
    attach: int | None = None


def _text(raw: object, name: str, limit: int, errors: dict[str, str], one_line: bool) -> str:
    value = str(raw or "").strip()
    if len(value) > limit:
        errors[name] = _("At most %(n)d characters.") % {"n": limit}
        return ""
    bad = CONTROL if not one_line else re.compile(r"[\x00-\x1f\x7f]")
    if bad.search(value):
        errors[name] = _("Control characters are not allowed.")
        return ""
    return value


def clean_phone(raw: object, errors: dict[str, str]) -> str:
    value = str(raw or "").strip()
    if not value:
        return ""
    if len(value) > 32 or not PHONE.match(value):
        errors["phone"] = _("A phone number has digits only (and an optional + in front).")
        return ""
    digits = ("+" if value.startswith("+") else "") + re.sub(r"\D", "", value)
    if len(digits.lstrip("+")) > 20:
        errors["phone"] = _("A phone number has digits only (and an optional + in front).")
        return ""
    return digits


def _float(raw: object) -> float | None:
    text = str(raw or "").strip()
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        return math.nan
    return value


def clean_answered(raw: object) -> dt.datetime:
    now = timezone.now()
    text = str(raw or "").strip()[:40]
    try:
        moment = parse_datetime(text) if text else None
    except ValueError:
        moment = None
    if moment is None or timezone.is_naive(moment):
        return now
    if moment > now or now - moment > ANSWER_MAX_AGE:
        return now
    return moment


def clean_call(
    ctx: D112Context, data: Mapping[str, object], responders: Sequence[object]
) -> tuple[CallInput, dict[str, str]]:
    """The form's values checked; errors by field name, in the caller's language."""
    errors: dict[str, str] = {}
    out = CallInput()
    out.phone = clean_phone(data.get("phone"), errors)
    out.type_key = str(data.get("type") or "").strip()[:41]
    if out.type_key and ctx.config.type_of(out.type_key) is None:
        errors["type"] = _("Choose an incident type from the list.")
    lat, lng = _float(data.get("lat")), _float(data.get("lng"))
    if (lat is None) != (lng is None):
        errors["place"] = _("A map pin needs both latitude and longitude.")
    elif lat is not None and lng is not None:
        if not (math.isfinite(lat) and math.isfinite(lng)):
            errors["place"] = _("The map pin's coordinates are not numbers.")
        elif not (-90 <= lat <= 90 and -180 <= lng <= 180):
            errors["place"] = _("The map pin's coordinates are out of range.")
        else:
            w, s, e, n = ctx.region.bbox
            if not (s - 0.2 <= lat <= n + 0.2 and w - 0.2 <= lng <= e + 0.2):
                errors["place"] = _("The map pin is outside %(region)s.") % {
                    "region": ctx.region.name
                }
            else:
                out.lat, out.lng = round(lat, 6), round(lng, 6)
    out.address = _text(data.get("address"), "address", 300, errors, one_line=True)
    out.description = _text(data.get("description"), "description", 2000, errors, one_line=False)
    people = str(data.get("people") or "").strip()
    if people:
        if not people.isdigit() or int(people[:7]) > MAX_PEOPLE or len(people) > 7:
            errors["people"] = _("People involved is a whole number from 0 to %(n)d.") % {
                "n": MAX_PEOPLE
            }
        else:
            out.people = int(people)
    out.answered_at = clean_answered(data.get("answered_at"))
    ids: list[int] = []
    for raw in list(responders)[: MAX_RESPONDERS + 1]:
        text = str(raw).strip()
        if not text.isdigit() or len(text) > 12:
            errors["responders"] = _("Choose responders from the list.")
            break
        if int(text) not in ids:
            ids.append(int(text))
    if len(ids) > MAX_RESPONDERS:
        errors["responders"] = _("At most %(n)d responders.") % {"n": MAX_RESPONDERS}
    out.responders = ids
    attach = str(data.get("attach") or "").strip()
    if attach:
        if not attach.isdigit() or len(attach) > 12:
            errors["attach"] = _("Choose an incident from the list.")
        else:
            out.attach = int(attach)
    return out, errors


def _require_call_taker(ctx: D112Context) -> None:
    if not is_call_taker(ctx):
        raise NotPermitted(_("Only the 112 call centre takes calls."))


def default_responders(ctx: D112Context, type_key: str) -> list[Agency]:
    kind = ctx.config.type_of(type_key)
    if kind is None:
        return []
    by_slug = {
        a.slug: a
        for a in Agency.objects.scoped(ctx.scope).filter(
            region=ctx.region, is_active=True, slug__in=kind.responders
        )
    }
    return [by_slug[s] for s in kind.responders if s in by_slug]


def _responder_agencies(ctx: D112Context, ids: list[int]) -> list[Agency]:
    rows = {
        a.pk: a
        for a in Agency.objects.scoped(ctx.scope).filter(
            region=ctx.region, is_active=True, pk__in=ids
        )
    }
    if len(rows) != len(ids):
        raise Refused(_("Choose responders from the list."), "responders")
    return [rows[i] for i in ids]


def take_call(ctx: D112Context, data: CallInput, user_id: int | None) -> Call:
    """Record an answered call: a new incident with its dispatches, the same incident as an
    open one, or an information call closed at once."""
    _require_call_taker(ctx)
    if data.attach is None and not data.type_key:
        raise Refused(_("Choose the incident type."), "type")
    kind = ctx.config.type_of(data.type_key) if data.type_key else None
    now = timezone.now()
    answered = min(data.answered_at or now, now)
    calls = Call.objects.scoped(ctx.scope, Action.CHANGE)
    with transaction.atomic():
        if data.attach is not None:
            inc = (
                Incident.objects.scoped(ctx.scope, Action.CHANGE)
                .select_for_update()
                .filter(region=ctx.region, pk=data.attach, state=IncidentState.ACTIVE)
                .first()
            )
            if inc is None:
                raise Refused(_("That incident is closed or does not exist."), "attach")
            call = calls.create(
                region=ctx.region,
                incident=inc,
                caller_phone=data.phone,
                outcome=Outcome.ATTACHED,
                type_key=inc.type_key,
                lat=data.lat,
                lng=data.lng,
                address=data.address,
                description=data.description,
                people=data.people,
                answered_at=answered,
                closed_at=now,
                taken_by_id=user_id,
            )
            events.call_taken(call)
            events.incident_changed(
                inc, calls=Call.objects.scoped(ctx.scope).filter(incident=inc).count()
            )
            return call
        assert kind is not None
        if not kind.emergency:
            call = calls.create(
                region=ctx.region,
                caller_phone=data.phone,
                outcome=Outcome.INFORMATION,
                type_key=kind.key,
                lat=data.lat,
                lng=data.lng,
                address=data.address,
                description=data.description,
                people=data.people,
                answered_at=answered,
                closed_at=now,
                taken_by_id=user_id,
            )
            events.call_taken(call)
            return call
        agencies = (
            _responder_agencies(ctx, data.responders)
            if data.responders
            else default_responders(ctx, kind.key)
        )
        if not agencies:
            raise Refused(_("Choose at least one responder."), "responders")
        if data.lat is None and not data.address:
            raise Refused(_("Say where: an address or a pin on the map."), "place")
        inc = Incident.objects.scoped(ctx.scope, Action.CHANGE).create(
            region=ctx.region,
            type_key=kind.key,
            type_name=kind.name.id,
            severity=kind.severity,
            lat=data.lat,
            lng=data.lng,
            address=data.address,
            description=data.description,
            people=data.people,
            target_minutes=ctx.config.target_minutes,
            opened_at=answered,
            first_dispatch_at=now,
        )
        call = calls.create(
            region=ctx.region,
            incident=inc,
            caller_phone=data.phone,
            outcome=Outcome.INCIDENT,
            type_key=kind.key,
            lat=data.lat,
            lng=data.lng,
            address=data.address,
            description=data.description,
            people=data.people,
            answered_at=answered,
            closed_at=now,
            taken_by_id=user_id,
        )
        rows = Dispatch.objects.scoped(ctx.scope, Action.CHANGE)
        for agency in agencies:
            d = rows.create(region=ctx.region, incident=inc, agency=agency, dispatched_at=now)
            events.dispatch_changed(d)
        events.call_taken(call)
        events.incident_changed(inc, "incident.opened")
        return call


def close_nuisance(
    ctx: D112Context,
    kind: str,
    closing_key: str,
    phone: str,
    answered_at: dt.datetime | None,
    user_id: int | None,
) -> Call:
    """Close a prank, silent or test call with its reason (the first of its kind by default)."""
    _require_call_taker(ctx)
    if kind not in (Outcome.PRANK, Outcome.SILENT, Outcome.TEST):
        raise Refused(_("A call is closed as prank, silent or test."), "kind")
    closing = ctx.config.closing(closing_key) if closing_key else ctx.config.first_closing(kind)
    if closing is None or closing.kind != kind:
        closing = ctx.config.first_closing(kind)
    now = timezone.now()
    with transaction.atomic():
        call = Call.objects.scoped(ctx.scope, Action.CHANGE).create(
            region=ctx.region,
            caller_phone=phone,
            outcome=kind,
            closing_key=closing.key if closing else "",
            answered_at=min(answered_at or now, now),
            closed_at=now,
            taken_by_id=user_id,
        )
        events.call_taken(call)
    return call
