"""Nearby reports and "Ini masalah saya juga": open reports of the same category near the
pin, followed with an e-mail, counted, told of public changes, one-click unfollow."""

from __future__ import annotations

import re

from django.core import mail
from django.test import Client

from kotacerdas.apps.aduan_warga.models import Follower
from kotacerdas.apps.aduan_warga.queries import haversine_metres, nearby
from kotacerdas.apps.aduan_warga.services import workflow
from tests.apps.aduan_warga.conftest import SIMPANG_LIMA, ctx_of, new_report, staff_actor
from tests.conftest import Demo

BASE = "/r/semarang/aduan-warga/"
ALL = "tests look at every row"


def test_nearby_follow_notify_unfollow(
    demo: Demo, django_capture_on_commit_callbacks: object
) -> None:
    lat, lng = SIMPANG_LIMA
    here, _t = new_report(demo, email="pelapor@contoh.id")  # jalan-rusak at the point
    far, _t = new_report(demo, lat=lat + 0.0036, lng=lng)  # ~400 m north
    other, _t = new_report(demo, service_code="lampu-pju-mati")
    ctx = ctx_of(demo.semarang, "public")
    # ~110 m east of the first: inside 200 m; the far one and another category are not.
    point = (lat, lng + 0.001)
    assert 100 < haversine_metres(lat, lng, *point) < 120
    found = nearby(ctx, "jalan-rusak", *point)
    assert [n.report.ticket for n in found][:1] == [here.ticket]
    assert far.ticket not in [n.report.ticket for n in found]
    assert other.ticket not in [n.report.ticket for n in found]
    assert found[0].metres in range(100, 121)

    client = Client()
    fragment = client.get(
        BASE + "lapor/sekitar/",
        {"lat": str(point[0]), "lng": str(point[1]), "service_code": "jalan-rusak"},
    ).content.decode()
    assert here.ticket in fragment and far.ticket not in fragment
    assert "pelapor@contoh.id" not in fragment and "Siti Rahmawati" not in fragment
    # Bad coordinates or no category: an empty list, never a 500.
    for query in [{"lat": "abc", "lng": "1"}, {"lat": "1e999", "lng": "nan"}, {}]:
        assert client.get(BASE + "lapor/sekitar/", query).status_code == 200

    # Follow through htmx (the piece that replaces the button) and without JavaScript.
    url = f"{BASE}laporan/{here.ticket}/ikuti/"
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        bad = client.post(url, {"follow_email": "bukan"}, headers={"hx-request": "true"})
        assert bad.status_code == 200 and "field-error" in bad.content.decode()
        ok = client.post(
            url, {"follow_email": "Tetangga@Contoh.id"}, headers={"hx-request": "true"}
        )
        assert ok.status_code == 200 and "msg-success" in ok.content.decode()
        plain = client.post(url, {"follow_email": "tetangga@contoh.id"})
        assert plain.status_code == 302  # the same address again: no second row
        client.post(url, {"follow_email": "warung@contoh.id"})
    assert Follower.objects.unscoped(ALL).filter(report=here).count() == 2
    welcome = [m for m in mail.outbox if m.to == ["tetangga@contoh.id"]]
    assert len(welcome) == 1 and "/berhenti-mengikuti/" in welcome[0].body
    page = client.get(f"{BASE}laporan/{here.ticket}/").content.decode()
    assert 'id="followers"' in page and "2 " in page.split('id="followers"')[1][:40]
    assert "tetangga@" not in page and "warung@" not in page

    # A public status change reaches each follower on their own (no shared To:), with the
    # public message, never the internal note, and an unfollow link.
    mail.outbox.clear()
    admin = staff_actor(demo, "admin-semarang")
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        workflow.verify(admin, here.pk, note="INTERNAL-xyz", public_message="Sedang dicek.")
    to_followers = [m for m in mail.outbox if m.to != ["pelapor@contoh.id"]]
    assert sorted(m.to[0] for m in to_followers) == ["tetangga@contoh.id", "warung@contoh.id"]
    for message in to_followers:
        assert len(message.to) == 1 and "INTERNAL-xyz" not in message.body
        assert "Sedang dicek." in message.body and "/berhenti-mengikuti/" in message.body
        assert "/lacak/" not in message.body, "the private link is the reporter's only"

    # Unfollow: the link asks first (mail scanners open links), the POST removes.
    link = re.search(r"https?://[^/\s]+(/\S*berhenti-mengikuti/\S+)", to_followers[0].body)
    assert link
    assert client.get(link.group(1)).status_code == 200
    assert Follower.objects.unscoped(ALL).filter(report=here).count() == 2
    assert client.post(link.group(1)).status_code == 200
    assert Follower.objects.unscoped(ALL).filter(report=here).count() == 1
    assert client.get(link.group(1)).status_code == 404  # used up
    forged = re.sub(r"/[^/]+/$", "/" + "0" * 24 + "/", link.group(1))
    assert client.post(forged).status_code == 404
    # A finished report cannot be followed; the message says so.
    workflow.archive(admin, far.pk, note="duplikat")
    done = client.post(f"{BASE}laporan/{far.ticket}/ikuti/", {"follow_email": "a@contoh.id"})
    assert done.status_code == 302
    assert not Follower.objects.unscoped(ALL).filter(report=far).exists()
