"""The call, incident and dispatch services: the state machine, timers, the closing rule,
same-incident, one-key closing, the watch job's alerts, bad input."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from kotacerdas.apps.darurat_112 import contract, queries
from kotacerdas.apps.darurat_112.models import (
    Call,
    Dispatch,
    DispatchStatus,
    Incident,
    IncidentState,
    Outcome,
)
from kotacerdas.apps.darurat_112.services import NotPermitted, Refused
from kotacerdas.apps.darurat_112.services import calls as call_service
from kotacerdas.apps.darurat_112.services import dispatch as dispatch_service
from kotacerdas.apps.darurat_112.services.jobs import watch
from kotacerdas.core.models import AlertRecord, Event
from tests.apps.darurat_112.helpers import KEY, ctx_for
from tests.conftest import Demo

pytestmark = pytest.mark.django_db

FIRE = {"phone": "0812 3456 7890", "type": "kebakaran", "address": "Jl. Pemuda 1"}


def _fire(demo: Demo, **extra: object) -> Call:
    ctx = ctx_for(demo.semarang, "operator112-semarang")
    data, errors = call_service.clean_call(ctx, {**FIRE, **extra}, [])
    assert errors == {}
    return call_service.take_call(ctx, data, None)


def _inc(call: Call) -> int:
    assert call.incident_id is not None
    return call.incident_id


def test_a_fire_dispatches_the_types_default_responders(demo: Demo) -> None:
    call = _fire(demo)
    assert call.outcome == Outcome.INCIDENT and call.caller_phone == "081234567890"
    slugs = set(
        Dispatch.objects.unscoped("test")
        .filter(incident_id=_inc(call))
        .values_list("agency__slug", flat=True)
    )
    assert slugs == {"damkar", "psc119"}
    kinds = set(
        Event.objects.unscoped("test")
        .filter(app_key=KEY, payload__incident=call.incident_id)
        .values_list("kind", flat=True)
    )
    assert {"incident.opened", "dispatch.changed", "call.taken"} <= kinds
    mine = [
        "incident.opened",
        "incident.changed",
        "incident.closed",
        "dispatch.changed",
        "call.taken",
    ]
    assert (
        not Event.objects.unscoped("test").filter(app_key=KEY, kind__in=mine, public=True).exists()
    )


def test_state_machine_times_every_step_and_closes_when_all_finished(demo: Demo) -> None:
    call = _fire(demo)
    inc_id = _inc(call)
    damkar = Dispatch.objects.unscoped("t").get(incident_id=inc_id, agency__slug="damkar")
    psc = Dispatch.objects.unscoped("t").get(incident_id=inc_id, agency__slug="psc119")
    dk = ctx_for(demo.semarang, "damkar-semarang")
    ps = ctx_for(demo.semarang, "psc119-semarang")
    with pytest.raises(Refused):  # no skipping
        dispatch_service.advance(dk, damkar.pk, DispatchStatus.ON_SCENE)
    with pytest.raises(NotPermitted):  # not PSC 119's dispatch
        dispatch_service.advance(ps, damkar.pk, DispatchStatus.ACKNOWLEDGED)
    for step in ("acknowledged", "en_route", "on_scene"):
        dispatch_service.advance(dk, damkar.pk, step)
    inc = Incident.objects.unscoped("t").get(pk=inc_id)
    damkar.refresh_from_db()
    assert damkar.acknowledged_at and damkar.en_route_at and damkar.on_scene_at
    assert inc.first_on_scene_at == damkar.on_scene_at
    t = queries.timers(inc)
    assert t.dispatch_to_scene is not None and t.dispatch_to_scene >= 0
    assert t.within_target is True
    dispatch_service.advance(dk, damkar.pk, "finished")
    inc.refresh_from_db()
    assert inc.state == IncidentState.ACTIVE  # PSC 119 still out
    with pytest.raises(Refused):  # a decline needs a reason
        dispatch_service.advance(ps, psc.pk, "declined", "")
    with pytest.raises(Refused):  # finished is not a step back to anything
        dispatch_service.advance(dk, damkar.pk, "acknowledged")
    dispatch_service.advance(ps, psc.pk, "declined", "Unit sedang di kejadian lain")
    inc.refresh_from_db()
    assert inc.state == IncidentState.CLOSED and inc.closed_at is not None


def test_all_declined_does_not_close(demo: Demo) -> None:
    call = _fire(demo)
    admin = ctx_for(demo.semarang, "admin-semarang")
    for d in Dispatch.objects.unscoped("t").filter(incident_id=_inc(call)):
        dispatch_service.advance(admin, d.pk, "declined", "tidak ada unit")
    assert Incident.objects.unscoped("t").get(pk=_inc(call)).state == IncidentState.ACTIVE


def test_timers_from_the_stored_times() -> None:
    opened = timezone.now() - dt.timedelta(minutes=30)
    inc = Incident(
        opened_at=opened,
        first_dispatch_at=opened + dt.timedelta(seconds=90),
        first_on_scene_at=opened + dt.timedelta(minutes=25),
        target_minutes=20,
        state=IncidentState.ACTIVE,
    )
    t = queries.timers(inc, opened + dt.timedelta(minutes=30))
    assert t.answer_to_dispatch == 90
    assert t.dispatch_to_scene == 25 * 60 - 90
    assert t.total == 30 * 60
    assert t.within_target is False and t.late is False
    inc.first_on_scene_at = None
    assert queries.timers(inc, opened + dt.timedelta(minutes=21)).late is True


def test_same_incident_by_distance_or_address(demo: Demo) -> None:
    call = _fire(demo, lat="-6.9800", lng="110.4100")
    ctx = ctx_for(demo.semarang, "operator112-semarang")
    near = queries.same_incident(ctx, "kebakaran", -6.9810, 110.4105, "")  # ~125 m
    assert call.incident_id in [i.pk for i in near]
    far = queries.same_incident(ctx, "kebakaran", -6.9900, 110.4100, "")  # ~1.1 km
    assert call.incident_id not in [i.pk for i in far]
    by_address = queries.same_incident(ctx, "kebakaran", None, None, "jl pemuda 1")
    assert call.incident_id in [i.pk for i in by_address]
    assert not queries.same_incident(ctx, "medis", -6.9800, 110.4100, "")
    later = timezone.now() + dt.timedelta(minutes=61)
    assert not queries.same_incident(ctx, "kebakaran", -6.98, 110.41, "", now=later)
    # Attaching adds the call and opens nothing new.
    data, errors = call_service.clean_call(
        ctx, {"phone": "0899", "attach": str(call.incident_id)}, []
    )
    assert errors == {}
    second = call_service.take_call(ctx, data, None)
    assert second.outcome == Outcome.ATTACHED and second.incident_id == call.incident_id
    assert Call.objects.unscoped("t").filter(incident_id=_inc(call)).count() == 2


def test_prank_closed_with_its_first_reason(demo: Demo) -> None:
    ctx = ctx_for(demo.semarang, "operator112-semarang")
    call = call_service.close_nuisance(ctx, "prank", "", "0811", None, None)
    assert call.outcome == Outcome.PRANK and call.closing_key == "iseng" and call.closed_at
    silent = call_service.close_nuisance(ctx, "silent", "terputus", "", None, None)
    assert silent.closing_key == "terputus"
    mismatch = call_service.close_nuisance(ctx, "test", "iseng", "", None, None)
    assert mismatch.closing_key == "uji"  # a reason of another kind falls back to the kind's first
    with pytest.raises(Refused):
        call_service.close_nuisance(ctx, "incident", "", "", None, None)


def test_only_the_call_centre_takes_calls(demo: Demo) -> None:
    ctx = ctx_for(demo.semarang, "damkar-semarang")
    with pytest.raises(NotPermitted):
        call_service.close_nuisance(ctx, "prank", "", "", None, None)


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("phone", "0812<script>", "phone"),
        ("phone", "1" * 40, "phone"),
        ("type", "gempa-bumi", "type"),
        ("lat", "abc", "place"),
        ("lat", "nan", "place"),
        ("lat", "1e308", "place"),
        ("lat", "-6.2", "place"),  # Jakarta: not in Semarang
        ("address", "x" * 301, "address"),
        ("address", "Jl.\x07Pemuda", "address"),
        ("people", "-1", "people"),
        ("people", "99999999999", "people"),
        ("attach", "'; drop", "attach"),
    ],
)
def test_bad_input_is_refused_by_field(demo: Demo, field: str, value: str, error: str) -> None:
    ctx = ctx_for(demo.semarang, "operator112-semarang")
    data = {**FIRE, field: value}
    if field == "lat":
        data["lng"] = "110.42"
    _, errors = call_service.clean_call(ctx, data, [])
    assert error in errors


def test_watch_raises_one_alert_per_late_incident_and_clears_it(demo: Demo) -> None:
    call = _fire(demo)
    ctx = ctx_for(demo.semarang)
    Incident.objects.unscoped("t").filter(pk=_inc(call)).update(
        opened_at=timezone.now() - dt.timedelta(minutes=25)
    )
    Dispatch.objects.unscoped("t").filter(incident_id=_inc(call)).update(
        dispatched_at=timezone.now() - dt.timedelta(minutes=24)
    )
    watch(ctx)
    watch(ctx)
    alerts = AlertRecord.objects.unscoped("t").filter(
        app_key=KEY, state__in=["active", "acknowledged"]
    )
    late = alerts.filter(condition=f"incident-{call.incident_id}-target")
    assert late.count() == 1
    assert late.get().data["titles"]["en"].startswith(f"Incident #{call.incident_id} Fire")
    assert "0812" not in late.get().title
    ringing = alerts.filter(condition__startswith="dispatch-", data__incident=call.incident_id)
    assert ringing.count() == 2
    assert set(ringing.values_list("severity", flat=True)) == {"critical"}
    damkar = Dispatch.objects.unscoped("t").get(incident_id=_inc(call), agency__slug="damkar")
    dk = ctx_for(demo.semarang, "damkar-semarang")
    dispatch_service.advance(dk, damkar.pk, "acknowledged")
    assert ringing.count() == 1
    dispatch_service.advance(dk, damkar.pk, "en_route")
    dispatch_service.advance(dk, damkar.pk, "on_scene")
    assert not late.exists()  # cleared when a responder arrived


def test_kpis_count_today_and_yesterday(demo: Demo) -> None:
    ctx = ctx_for(demo.semarang)
    before = {k.key: k for k in contract.kpis(ctx)}
    call_service.close_nuisance(ctx, "prank", "", "", None, None)
    after = {k.key: k for k in contract.kpis(ctx)}
    assert after["calls-today"].value == (before["calls-today"].value or 0) + 1
    assert after["calls-today"].previous is not None
    assert (after["active-incidents"].value or 0) >= 3
    assert (after["unacknowledged"].value or 0) >= 1  # the demo's medical call waits for PSC 119


def test_layer_is_staff_only_and_carries_no_personal_data(demo: Demo) -> None:
    ctx = ctx_for(demo.semarang)
    (layer,) = contract.map_layers(ctx)
    assert layer.public is False
    text = str(layer.geojson)
    assert "0812" not in text and "Rumah makan" not in text and "Jl." not in text
    states = {f["properties"]["state"] for f in layer.geojson["features"]}
    assert {"en_route", "on_scene"} <= states


def test_datasets_have_counts_only(demo: Demo) -> None:
    ctx = ctx_for(demo.semarang)
    sets = contract.datasets(ctx)
    assert {d.name for d in sets} == {"panggilan-112", "waktu-tanggap-112"}
    phones = set(Call.objects.unscoped("t").values_list("caller_phone", flat=True)) - {""}
    for d in sets:
        assert d.opd == "diskominfo"
        for table in d.tables:
            rows = list(table.rows())
            assert rows and all(len(r) == len(table.columns) for r in rows)
            assert not any(str(v) in phones for r in rows for v in r)
    calls = list(sets[0].tables[0].rows())
    categories = {r[1] for r in calls}
    assert {"prank", "silent"} <= categories


def test_indicator_feed_names_an_existing_kpi(demo: Demo) -> None:
    from kotacerdas.contract import get_app

    keys = {k.key for k in contract.kpis(ctx_for(demo.semarang))}
    app = get_app(KEY)
    assert app is not None
    assert {f.kpi for f in app.indicator_feeds()} <= keys
