"""Tracking: "Lacak laporan" finds a report by its ticket number (public status, no personal
data); the private link works from any mail; bad input gets a message, never a 500."""

from __future__ import annotations

from django.test import Client

from kotacerdas.apps.aduan_warga.models import Report
from kotacerdas.apps.aduan_warga.services.reporting import hash_token
from kotacerdas.apps.aduan_warga.services.tracking import token_for, tracking_url
from tests.apps.aduan_warga.conftest import new_report
from tests.conftest import Demo

LOOKUP = "/r/semarang/aduan-warga/lacak/"


def test_lookup_by_ticket_and_private_link(demo: Demo, settings: object) -> None:
    report, token = new_report(demo, email="siti@contoh.id")
    client = Client()
    page = client.get(LOOKUP)
    assert page.status_code == 200 and 'name="tiket"' in page.content.decode()
    # The number as people type it: lower case, spaces around; it leads to the public page.
    typed = f"  {report.ticket.lower()} "
    found = client.get(LOOKUP, {"tiket": typed})
    assert found.status_code == 302
    assert found["Location"] == f"/r/semarang/aduan-warga/laporan/{report.ticket}/"
    public = client.get(found["Location"]).content.decode()
    assert "Siti Rahmawati" not in public and "siti@contoh.id" not in public
    assert "081234567890" not in public

    # Unknown, malformed, hostile or huge input: a message next to the field, never a 500.
    unknown = client.get(LOOKUP, {"tiket": "3374-ZZZZZZZ"})
    assert unknown.status_code == 404 and 'id="lookup-error"' in unknown.content.decode()
    assert "3374-ZZZZZZZ" in unknown.content.decode()
    for bad in ["<script>alert(1)</script>", "x" * 5000, "3374-ABC\x00DEF", "' OR 1=1 --"]:
        answer = client.get(LOOKUP, {"tiket": bad})
        assert answer.status_code in (400, 404), bad[:20]
        text = answer.content.decode()
        assert "<script>alert" not in text
    # Another region's ticket is not found here.
    kendal = client.get("/r/kendal/aduan-warga/lacak/", {"tiket": report.ticket})
    assert kendal.status_code == 404

    # English page: the messages are English.
    english = Client(headers={"accept-language": "en"})
    assert "Track a report" in english.get(LOOKUP).content.decode()
    assert "No report of" in english.get(LOOKUP, {"tiket": "3374-ZZZZZZZ"}).content.decode()

    # The private link: derived from the ticket, so any mail can carry it again.
    assert token == token_for(report.ticket)
    settings.KOTACERDAS_SITE_URL = "https://lapor.semarangkota.go.id/"  # type: ignore[attr-defined]
    report.region = demo.semarang
    url = tracking_url(report)
    assert url.startswith("https://lapor.semarangkota.go.id/r/semarang/aduan-warga/lacak/")
    path = url.removeprefix("https://lapor.semarangkota.go.id")
    assert client.get(path).status_code == 200
    assert client.get(path.replace(token, "x" * len(token))).status_code == 404
    assert client.get(path.replace(token, "a" * 500)).status_code == 404
    # Without the setting, the site's own host name from ALLOWED_HOSTS, not localhost.
    settings.KOTACERDAS_SITE_URL = ""  # type: ignore[attr-defined]
    settings.ALLOWED_HOSTS = ["lapor.kendalkab.go.id", "testserver"]  # type: ignore[attr-defined]
    assert tracking_url(report).startswith("http://lapor.kendalkab.go.id/r/semarang/")
    settings.ALLOWED_HOSTS = ["testserver"]  # type: ignore[attr-defined]
    # Links handed out before tokens were derived (a stored hash) keep working.
    Report.objects.unscoped("test").filter(pk=report.pk).update(tracking_hash=hash_token("lama"))
    old = f"/r/semarang/aduan-warga/lacak/{report.ticket}/lama/"
    assert client.get(old).status_code == 200
    # An unknown answer on the private page is a message, not a 500.
    refused = client.post(path, {"answer": "hack"})
    assert refused.status_code == 400
