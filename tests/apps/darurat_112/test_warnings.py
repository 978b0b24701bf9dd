"""Public warnings: what a BPBD officer types, publishing, updates, cancels, the core alert,
the public page and who may issue. Helpers here are shared with test_cap/test_handoff."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kotacerdas.apps.darurat_112.models_warnings import MsgType, Warning, WarningStatus
from kotacerdas.apps.darurat_112.services import warnings as svc
from kotacerdas.contract import AppContext, get_app
from kotacerdas.core.alerts import raise_alert
from kotacerdas.core.models import Agency, AlertRecord, AuditEntry, Event, Membership, Region
from kotacerdas.core.tenancy import Role, Scope
from kotacerdas.core.vocab import Severity
from kotacerdas.platform.context import region_context
from tests.conftest import Demo

# Near Kali Garang, inside Kota Semarang.
STATION = (-7.0002, 110.3951)


def bpbd_user(region: Region, username: str = "bpbd-uji") -> User:
    agency = Agency.objects.unscoped("test").get(region=region, slug="bpbd")
    user = User.objects.create_user(username, password="x", first_name="Petugas BPBD")
    Membership.objects.unscoped("test").create(
        user=user, role=Role.AGENCY_STAFF, agency=agency, region=region
    )
    return user


def ctx_for(region: Region, user: User | None = None) -> AppContext[Any]:
    app = get_app("darurat-112")
    assert app is not None
    scope = Scope.for_user(user) if user is not None else None
    ctx = region_context(app, region, scope)
    assert ctx is not None
    return ctx


def flood_alert(region: Region, level: str = "siaga", *, where: bool = True) -> AlertRecord:
    """A Sensor Kota flood alert as that app raises it (a core row), no import of the app."""
    data: dict[str, Any] = {
        "station": "kali-garang",
        "titles": {
            "id": f"Status banjir {level.title()} di Kali Garang (180 cm)",
            "en": f"Flood status {level.title()} at Kali Garang (180 cm)",
        },
        "level": level,
        "cm": 180.0,
    }
    if where:
        data.update(lat=STATION[0], lng=STATION[1], station_name="Pos Kali Garang")
    alert, _ = raise_alert(
        region,
        "sensor-kota",
        f"flood:kali-garang-{level}",
        Severity.CRITICAL if level == "awas" else Severity.WARNING,
        data["titles"]["id"],
        public=True,
        data=data,
    )
    return alert


def form(**over: str) -> dict[str, str]:
    now = svc.wib(timezone.now()).replace(second=0, microsecond=0)
    values = {
        "event_type": "flood",
        "severity": "Severe",
        "urgency": "Expected",
        "certainty": "Likely",
        "headline_id": "Peringatan banjir di Semarang Utara",
        "headline_en": "Flood warning for North Semarang",
        "description_id": "Air laut pasang dan hujan lebat.",
        "description_en": "High tide and heavy rain.",
        "instruction_id": "Siapkan evakuasi.",
        "instruction_en": "Be ready to evacuate.",
        "area_desc": "Semarang Utara",
        "area_kind": "circle",
        "circle_lat": "-6.9700",
        "circle_lng": "110.4200",
        "circle_km": "3",
        "polygon": "",
        "onset": svc.local_input(now),
        "expires": svc.local_input(now + dt.timedelta(hours=6)),
    }
    values.update(over)
    return values


def publish(region: Region, user: User, **over: str) -> Warning:
    ctx = ctx_for(region, user)
    return svc.publish_warning(ctx, svc.check(region, form(**over)))


def console(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


# ---------------------------------------------------------------- checking input


def test_every_mistake_is_named_by_its_field(demo: Demo) -> None:
    bad = form(
        headline_id="",
        severity="Apocalyptic",
        circle_km="9999",
        onset="kemarin",
        description_id="x" * 2001,
        area_desc="Baris\nbaru",
    )
    with pytest.raises(svc.WarningInvalid) as caught:
        svc.check(demo.semarang, bad)
    errors = caught.value.errors
    assert set(errors) == {
        "headline_id",
        "severity",
        "circle_km",
        "onset",
        "description_id",
        "area_desc",
    }


def test_times_polygon_and_place_are_checked(demo: Demo) -> None:
    region = demo.semarang
    now = svc.wib(timezone.now())
    past = svc.local_input(now - dt.timedelta(hours=3))
    with pytest.raises(svc.WarningInvalid) as caught:
        svc.check(region, form(expires=past, onset=svc.local_input(now - dt.timedelta(hours=5))))
    assert "expires" in caught.value.errors
    with pytest.raises(svc.WarningInvalid) as caught:
        svc.check(region, form(circle_lat="-7.5", circle_lng="112.7"))  # Surabaya
    assert "circle_lat" in caught.value.errors
    with pytest.raises(svc.WarningInvalid) as caught:
        svc.check(region, form(area_kind="polygon", polygon="-6.97,110.42 nonsense"))
    assert "polygon" in caught.value.errors
    with pytest.raises(svc.WarningInvalid) as caught:
        svc.check(region, form(circle_lat="nan", circle_lng="inf"))
    assert {"circle_lat", "circle_lng"} <= set(caught.value.errors)
    ok = svc.check(
        region, form(area_kind="polygon", polygon="-6.97,110.40 -6.96,110.43 -6.99,110.44")
    )
    assert ok.polygon[0] == ok.polygon[-1] and len(ok.polygon) == 4


# ---------------------------------------------------------------- publishing


def test_publishing_raises_a_public_core_alert_and_an_event(demo: Demo) -> None:
    officer = bpbd_user(demo.semarang)
    row = publish(demo.semarang, officer)
    assert row.status == WarningStatus.ACTUAL and row.msg_type == MsgType.ALERT
    assert row.thread == row.identifier and row.sender_name == "Badan Penanggulangan Bencana Daerah"
    alert = AlertRecord.objects.unscoped("test").get(
        region=demo.semarang, app_key="darurat-112", condition=f"warning:{row.identifier}"
    )
    assert alert.public and alert.state == "active" and alert.severity == Severity.CRITICAL
    assert alert.title == row.headline_id
    assert alert.data["titles"]["en"] == "Flood warning for North Semarang"
    assert alert.data["level"] == "siaga"  # Severe flood = BPBD Siaga: the room's tag
    event = Event.objects.unscoped("test").filter(kind="warning.published").latest("pk")
    assert event.public and event.payload["identifier"] == row.identifier
    assert (
        AuditEntry.objects.unscoped("test")
        .filter(action="warning.published", target=row.identifier, actor_id=officer.pk)
        .exists()
    )


def test_update_replaces_and_cancel_clears(demo: Demo) -> None:
    officer = bpbd_user(demo.semarang)
    ctx = ctx_for(demo.semarang, officer)
    first = publish(demo.semarang, officer)
    update = svc.publish_warning(
        ctx,
        svc.check(demo.semarang, form(severity="Extreme", headline_id="Banjir Awas")),
        previous=first,
    )
    first.refresh_from_db()
    assert update.msg_type == MsgType.UPDATE and update.thread == first.identifier
    assert update.previous_id == first.pk and first.superseded_at is not None
    assert list(svc.current(demo.semarang).filter(thread=first.thread)) == [update]
    alerts = AlertRecord.objects.unscoped("test").filter(condition=f"warning:{first.identifier}")
    assert alerts.count() == 1 and alerts.get().title == "Banjir Awas"  # same alert, updated
    cancel = svc.cancel_warning(ctx, update, "Air sudah surut")
    assert cancel.msg_type == MsgType.CANCEL and cancel.previous_id == update.pk
    assert not svc.current(demo.semarang).filter(thread=first.thread).exists()
    assert alerts.get().state == "cleared"
    # The cancel itself stays in the feed for a day, so feed readers learn of it.
    assert list(svc.feed(demo.semarang).filter(thread=first.thread)) == [cancel]
    with pytest.raises(svc.WarningInvalid):
        svc.cancel_warning(ctx, update, "lagi")


def test_only_bpbd_and_admins_issue(demo: Demo) -> None:
    dpu = User.objects.get(username="dpu-semarang")
    with pytest.raises(svc.WarningRefused):
        publish(demo.semarang, dpu)
    admin = User.objects.get(username="admin-semarang")
    assert publish(demo.semarang, admin).status == WarningStatus.ACTUAL
    # Kendal's admin cannot issue in Semarang.
    kendal_admin = User.objects.get(username="admin-kendal")
    assert not svc.may_issue(ctx_for(demo.semarang, kendal_admin))
    client = console(dpu)
    url = reverse("darurat_112-console:warning-new", args=["semarang"])
    assert client.get(url).status_code == 403
    assert client.post(url, {**form(), "step": "publish"}).status_code == 403
    assert not Warning.objects.unscoped("test").filter(issued_by=dpu).exists()


def test_expired_warnings_clear_their_alert(demo: Demo) -> None:
    officer = bpbd_user(demo.semarang)
    row = publish(demo.semarang, officer)
    later = row.expires + dt.timedelta(minutes=1)
    assert svc.expire_warnings(ctx_for(demo.semarang), now=later) >= 1
    assert not svc.current(demo.semarang, now=later).filter(pk=row.pk).exists()
    alert = AlertRecord.objects.unscoped("test").get(condition=f"warning:{row.identifier}")
    assert alert.state == "cleared"


# ---------------------------------------------------------------- from a flood alert


def test_prefill_from_a_sensor_flood_alert(demo: Demo) -> None:
    officer = bpbd_user(demo.semarang)
    ctx = ctx_for(demo.semarang, officer)
    alert = flood_alert(demo.semarang, "awas")
    assert alert in list(svc.flood_alerts(ctx))
    values = svc.values_from_alert(ctx, alert)
    assert (values["severity"], values["urgency"], values["certainty"]) == (
        "Extreme",
        "Immediate",
        "Observed",
    )
    assert "Kali Garang" in values["headline_id"] and "Kali Garang" in values["headline_en"]
    assert values["area_kind"] == "circle" and values["circle_lat"] == "-7.00020"
    assert "Pos Kali Garang" in values["area_desc"]
    # Without a position, the area is the whole region.
    other = flood_alert(demo.semarang, "waspada", where=False)
    values = svc.values_from_alert(ctx, other)
    assert values["area_kind"] == "region" and values["severity"] == "Moderate"
    row = svc.publish_warning(ctx, svc.check(demo.semarang, values), source_alert_id=other.pk)
    assert row.source_alert_id == other.pk and row.area_kind == "region"


def test_console_issues_from_an_alert_with_preview(demo: Demo) -> None:
    officer = bpbd_user(demo.semarang)
    alert = flood_alert(demo.semarang, "siaga")
    client = console(officer)
    page = client.get(reverse("darurat_112-console:warnings-console", args=["semarang"]))
    assert page.status_code == 200
    url = reverse("darurat_112-console:warning-from-alert", args=["semarang", alert.pk])
    assert url in page.content.decode()
    prefilled = client.get(url)
    assert prefilled.status_code == 200 and "Kali Garang" in prefilled.content.decode()
    values = dict(prefilled.context["values"])
    preview = client.post(url, {**values, "step": "preview"})
    assert preview.status_code == 200 and 'id="preview"' in preview.content.decode()
    assert not Warning.objects.unscoped("test").filter(source_alert_id=alert.pk).exists()
    bad = client.post(url, {**values, "headline_id": "", "step": "publish"})
    assert bad.status_code == 400
    assert 'data-field="headline_id"' in bad.content.decode()
    done = client.post(url, {**values, "step": "publish"})
    assert done.status_code == 302
    row = Warning.objects.unscoped("test").get(source_alert_id=alert.pk)
    assert row.status == WarningStatus.ACTUAL and row.severity == "Severe"


def test_draft_then_publish_and_update_in_console(demo: Demo) -> None:
    officer = bpbd_user(demo.semarang)
    client = console(officer)
    new = reverse("darurat_112-console:warning-new", args=["semarang"])
    saved = client.post(new, {**form(), "step": "draft"})
    assert saved.status_code == 302
    draft = Warning.objects.unscoped("test").get(status=WarningStatus.DRAFT, issued_by=officer)
    assert not svc.current(demo.semarang).filter(pk=draft.pk).exists()
    public = Client().get(reverse("darurat_112:warnings", args=["semarang"])).content.decode()
    assert draft.headline_id not in public
    edit = reverse("darurat_112-console:warning-edit", args=["semarang", draft.pk])
    assert client.post(edit, {**form(), "step": "publish"}).status_code == 302
    draft.refresh_from_db()
    assert draft.status == WarningStatus.ACTUAL and not draft.identifier.startswith("draft-")
    update = client.post(
        new + f"?update={draft.pk}", {**form(headline_id="Banjir meluas"), "step": "publish"}
    )
    assert update.status_code == 302
    latest = svc.current(demo.semarang).get(thread=draft.thread)
    assert latest.msg_type == MsgType.UPDATE and latest.headline_id == "Banjir meluas"
    cancel = reverse("darurat_112-console:warning-cancel", args=["semarang", latest.pk])
    assert client.post(cancel, {"note": ""}).status_code == 400
    assert client.post(cancel, {"note": "Surut"}).status_code == 302
    assert not svc.current(demo.semarang).filter(thread=draft.thread).exists()


# ---------------------------------------------------------------- the public page


def test_public_page_lists_warnings_in_both_languages_without_personal_data(
    demo: Demo,
) -> None:
    officer = bpbd_user(demo.semarang)
    row = publish(demo.semarang, officer, headline_id="Awas <b>banjir</b>")
    url = reverse("darurat_112:warnings", args=["semarang"])
    page = Client().get(url).content.decode()
    assert "Awas &lt;b&gt;banjir&lt;/b&gt;" in page and "<b>banjir" not in page
    assert 'rel="alternate" type="application/atom+xml"' in page
    assert reverse("darurat_112:cap-feed", args=["semarang"]) in page
    assert "Petugas BPBD" not in page and officer.username not in page
    assert "Peringatan dini" in page  # the page speaks Indonesian by default
    english = Client()
    english.cookies["django_language"] = "en"
    text = english.get(url).content.decode()
    assert "Flood warning for North Semarang" in text and "Public warnings" in text
    assert "High tide and heavy rain." in text and "Be ready to evacuate." in text
    # Kendal's page does not show Semarang's warning.
    kendal = Client().get(reverse("darurat_112:warnings", args=["kendal"])).content.decode()
    assert row.identifier not in kendal
