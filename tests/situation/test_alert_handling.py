"""Operators acknowledge and close alerts: who and when are recorded and shown, closing asks
for a reason; the tag of an alert says its BPBD level; the citizens' room shows only what
the app marked public, on the page, in the fragments, the counts and the stream."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.utils import translation

from kotacerdas.core.alerts import acknowledge, raise_alert
from kotacerdas.core.models import AlertRecord, AuditEntry, Region
from kotacerdas.core.tenancy import Scope
from kotacerdas.core.vocab import FLOOD_LEVELS, Severity
from kotacerdas.situation.services import set_public_room
from tests.conftest import Demo

READ = Scope.system("test reads back")
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _row(alert: AlertRecord) -> AlertRecord:
    return (
        AlertRecord.objects.scoped(READ)
        .select_related("acknowledged_by", "cleared_by")
        .get(pk=alert.pk)
    )


def _flood(region: Region, level: str = "siaga", *, public: bool = True) -> AlertRecord:
    alert, _ = raise_alert(
        region,
        "sensor-kota",
        "flood:bkt",
        Severity.WARNING,
        "Banjir Kanal Timur: Siaga",
        detail="Tinggi muka air 150 cm",
        public=public,
        data={"station": "awlr-bkt", "level": level},
        title_en="Banjir Kanal Timur: Siaga (level II)",
    )
    return alert


def _post(client: Client, url: str, data: dict[str, str] | None = None, **extra: Any) -> Any:
    return client.post(url, data or {}, HTTP_HX_REQUEST="true", **extra)


def test_acknowledge_and_close_record_who_when_and_why(demo: Demo) -> None:
    alert = _flood(demo.semarang)
    base = f"/r/semarang/situation/alerts/{alert.pk}"
    operator = demo.client_for("dpu-semarang")

    html = _post(operator, f"{base}/acknowledge/").content.decode()
    acked = _row(alert)
    assert acked.state == "acknowledged" and acked.acknowledged_at is not None
    assert acked.acknowledged_by == demo.user("dpu-semarang")
    assert 'data-state="acknowledged"' in html
    who = demo.user("dpu-semarang")
    assert f"Dilihat oleh {who.get_full_name()} (dpu-semarang)" in html

    # Closing without a reason, with only spaces, with a control character or with a novel
    # is refused next to the field, the typed text kept, and the alert stays open.
    refusals = {
        "": "alasan",
        "   ": "alasan",
        "pompa\nmenyala": "satu baris",
        "x" * 201: "200",
    }
    for reason, says in refusals.items():
        response = _post(operator, f"{base}/clear/", {"reason": reason})
        body = response.content.decode()
        assert response.status_code == 200, reason
        assert 'class="field-error"' in body and says in body.lower(), reason
        assert _row(alert).state == "acknowledged"
    # Other control characters are refused at the edge already, naming the field.
    edge = _post(operator, f"{base}/clear/", {"reason": "pompa\x07menyala"})
    assert edge.status_code == 400 and "reason" in edge.content.decode()
    # Without htmx (no script) the refusal is a page with the form, status 400.
    plain = operator.post(f"{base}/clear/", {"reason": ""})
    assert plain.status_code == 400 and 'name="reason"' in plain.content.decode()
    assert _row(alert).state == "acknowledged"

    html = _post(operator, f"{base}/clear/", {"reason": "  Pompa Kali Banger menyala  "})
    closed = _row(alert)
    assert closed.state == "cleared" and closed.cleared_at is not None
    assert closed.cleared_by == demo.user("dpu-semarang")
    assert closed.close_reason == "Pompa Kali Banger menyala"
    text = html.content.decode()
    assert "Ditutup oleh" in text and "Pompa Kali Banger menyala" in text

    # Both acts are in the audit log, the close with its reason.
    audit = AuditEntry.objects.scoped(READ).filter(detail__alert_id=alert.pk)
    actions = dict(audit.values_list("action", "detail"))
    assert set(actions) == {"alert.acknowledged", "alert.closed"}
    assert actions["alert.closed"]["reason"] == "Pompa Kali Banger menyala"

    # The room's feed (cleared in the last day) and the console's history show the same.
    room = operator.get("/r/semarang/situation/").content.decode()
    assert "Pompa Kali Banger menyala" in room and "Dilihat oleh" in room
    history = operator.get("/console/semarang/situation/").content.decode()
    assert f'id="history-{alert.pk}"' in history
    assert "Pompa Kali Banger menyala" in history
    assert f"{who.get_full_name()} (dpu-semarang)" in history
    assert operator.get("/console/semarang/situation/?before=x").status_code == 400
    # In English too, who and why.
    english = operator.get("/console/semarang/situation/", **EN).content.decode()
    assert "Alert history" in english and "Reason:" in english


def test_a_flood_alert_is_tagged_with_its_bpbd_level(demo: Demo) -> None:
    """A "Siaga" flood alert once showed "waspada": the Indonesian of the generic
    "warning" was a BPBD level's name."""
    flood = _flood(demo.semarang, "siaga")
    generic, _ = raise_alert(
        demo.semarang, "harga-pangan", "spike:x", Severity.WARNING, "Cabai naik", public=True
    )
    client = demo.client_for("admin-semarang")
    html = client.get(f"/r/semarang/situation/alerts/{flood.pk}/").content.decode()
    assert 'class="alert-tag level-siaga"' in html and ">Siaga<" in html
    assert "aspada" not in html
    html = client.get(f"/r/semarang/situation/alerts/{generic.pk}/").content.decode()
    assert 'class="alert-tag sev-warning">peringatan<' in html
    english = client.get(f"/r/semarang/situation/alerts/{generic.pk}/", **EN).content.decode()
    assert 'class="alert-tag sev-warning">warning<' in english
    english = client.get(f"/r/semarang/situation/alerts/{flood.pk}/", **EN).content.decode()
    assert "Siaga (level II)" in english and "Banjir Kanal Timur: Siaga (level II)" in english
    # No generic severity word is a BPBD level name, in either language.
    levels = {key for key in FLOOD_LEVELS} | {"normal"}
    for language in ("id", "en"):
        with translation.override(language):
            words = {str(label).lower() for label in Severity.labels}
        assert not words & levels, (language, words)
        assert len(words) == 3


def test_the_citizens_room_shows_no_technical_alert_anywhere(demo: Demo) -> None:
    set_public_room(Scope.for_user(demo.user("admin-semarang")), demo.semarang, True)
    stale, _ = raise_alert(
        demo.semarang,
        "sensor-kota",
        "stale:awlr-bkt",
        Severity.WARNING,
        "Sensor awlr-bkt tidak mengirim data",
        public=False,
    )
    flood = _flood(demo.semarang)
    citizen = Client()
    page = citizen.get("/r/semarang/situation/").content.decode()
    assert "Banjir Kanal Timur" in page
    assert "tidak mengirim data" not in page
    assert "Dilihat oleh" not in page and 'name="reason"' not in page
    assert citizen.get(f"/r/semarang/situation/alerts/{stale.pk}/").status_code == 404
    # The room's own count tiles count public alerts only.
    public_open = (
        AlertRecord.objects.scoped(READ)
        .filter(region=demo.semarang, public=True, state__in=["active", "acknowledged"])
        .count()
    )
    tiles = citizen.get("/r/semarang/situation/tiles/").content.decode()
    active_tile = tiles.split('id="tile-alerts-active"', 1)[1].split("</article>", 1)[0]
    assert f'<p class="tile-value">{public_open}</p>' in active_tile
    # The stream: the technical alert's events never reach the public stream.
    staff = demo.client_for("admin-semarang")
    operator = demo.user("admin-semarang")
    after = _newest_event()
    acknowledge(Scope.for_user(operator), stale.pk, operator)
    acknowledge(Scope.for_user(operator), flood.pk, operator)
    stream = (
        c.decode()
        for c in citizen.get("/r/semarang/situation/events/", {"after": after}).streaming_content
    )
    next(stream)  # retry:
    first = next(stream)
    assert '"kind":"alert.acknowledged"' in first and f'"id":{flood.pk},' in first
    assert "tidak mengirim data" not in first and "acknowledged_by" not in first
    stream.close()
    # Staff still see everything, and who acknowledged.
    inside = staff.get("/r/semarang/situation/").content.decode()
    assert "tidak mengirim data" in inside and "Dilihat oleh" in inside


def _newest_event() -> int:
    from kotacerdas.situation.stream import newest_id

    return newest_id()
