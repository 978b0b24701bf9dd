"""The citizen's side of a report, through the web: every mistake at once, photos kept, the
category's question asked and stored, and internal notes never leaving the staff side
(public page, tracking page, Open311, the reporter's e-mails)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from django.conf import settings
from django.core import mail
from django.test import Client

from kotacerdas.apps.aduan_warga.models import Photo, Report
from kotacerdas.apps.aduan_warga.services import workflow
from tests.apps.aduan_warga.conftest import SIMPANG_LIMA, jpeg, staff_actor, upload
from tests.conftest import Demo

URL = "/r/semarang/aduan-warga/lapor/"
ALL = "tests look at every row"


def test_form_shows_every_mistake_keeps_photos_and_asks_the_category_question(
    demo: Demo,
) -> None:
    client = Client()
    # The category's question: htmx fetches it for "Jalan rusak"; other categories have none.
    asked = client.get(URL + "pertanyaan/", {"service_code": "jalan-rusak"}).content.decode()
    assert 'name="attribute[ukuran]"' in asked and "Perkiraan ukuran kerusakan" in asked
    assert "Besar (&gt; 3 m)" in asked
    assert (
        "attribute["
        not in client.get(URL + "pertanyaan/", {"service_code": "pkl-liar"}).content.decode()
    )
    # Without JavaScript the "show the questions" button re-renders the form (no errors).
    again = client.post(URL, {"service_code": "jalan-rusak", "refresh": "1"})
    assert again.status_code == 200 and 'name="attribute[ukuran]"' in again.content.decode()
    assert 'id="form-error"' not in again.content.decode()

    # Three mistakes in one round trip (no description, a bad e-mail, a size not offered),
    # and a photo chosen: every error next to its field, the photo held (EXIF gone).
    first = client.post(
        URL,
        {
            "service_code": "jalan-rusak",
            "lat": str(SIMPANG_LIMA[0]),
            "lng": str(SIMPANG_LIMA[1]),
            "description": "",
            "email": "bukan-email",
            "attribute[ukuran]": "raksasa",
            "photos": [upload(jpeg(exif_gps=True))],
        },
    )
    page = first.content.decode()
    assert first.status_code == 400
    for field in ("description", "email", "ukuran"):
        assert f'id="error-{field}"' in page, field
    assert page.count("<li>", page.index('id="form-error"'), page.index("</ul>")) == 3
    held = re.search(r'name="held" value="([^"]+)"', page)
    assert held, "the chosen photo must be kept"
    thumb = client.get(f"{URL}foto/{held.group(1)}/1.jpg")
    assert thumb.status_code == 200 and thumb["Content-Type"] == "image/jpeg"
    assert Report.objects.unscoped(ALL).filter(description="Lubang besar di tikungan.").count() == 0

    # The second round: mistakes fixed, no new file chosen; the held photo is used.
    second = client.post(
        URL,
        {
            "service_code": "jalan-rusak",
            "lat": str(SIMPANG_LIMA[0]),
            "lng": str(SIMPANG_LIMA[1]),
            "description": "Lubang besar di tikungan.",
            "email": "warga@contoh.id",
            "attribute[ukuran]": "besar",
            "held": held.group(1),
        },
    )
    assert second.status_code == 302
    report = Report.objects.unscoped(ALL).get(description="Lubang besar di tikungan.")
    assert report.attributes == {"ukuran": "besar"}
    photo = Photo.objects.unscoped(ALL).get(report=report)
    from PIL import Image

    with Image.open(Path(settings.MEDIA_ROOT) / photo.image) as img:
        assert not img.getexif()
    held_dir = Path(settings.MEDIA_ROOT) / "aduan-warga-held" / held.group(1)
    assert not held_dir.exists(), "the held photos are removed once the report is in"
    # The answer is shown, readable, on the public page and the staff page.
    public = client.get(f"/r/semarang/aduan-warga/laporan/{report.ticket}/").content.decode()
    assert "Perkiraan ukuran kerusakan" in public and "Besar (&gt; 3 m)" in public
    staff = demo.client_for("admin-semarang")
    console = staff.get(f"/console/semarang/aduan-warga/{report.ticket}/").content.decode()
    assert "Besar (&gt; 3 m)" in console
    # A held token nobody issued, or a path trick, is simply no photo.
    assert client.get(f"{URL}foto/{'x' * 24}/1.jpg").status_code == 404
    assert client.get(f"{URL}foto/..%2F..%2Fetc/1.jpg").status_code == 404


def test_internal_notes_never_reach_citizens(
    demo: Demo, django_capture_on_commit_callbacks: object
) -> None:
    client = Client()
    response = client.post(
        URL,
        {
            "service_code": "drainase-tersumbat",
            "lat": str(SIMPANG_LIMA[0]),
            "lng": str(SIMPANG_LIMA[1]),
            "description": "Got mampet di depan pasar.",
            "email": "sri@contoh.id",
        },
    )
    tracking = response["Location"].split("?")[0]
    report = Report.objects.unscoped(ALL).get(description="Got mampet di depan pasar.")
    admin, dpu = staff_actor(demo, "admin-semarang"), staff_actor(demo, "dpu-semarang")
    secret = "RAHASIA-INSTRUKSI anggaran pakai pos darurat"
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        workflow.verify(admin, report.pk, note=secret)
        workflow.dispose(admin, report.pk, "dpu", note=secret, public_message="Diteruskan ke DPU.")
        workflow.follow_up(dpu, report.pk, note=secret, public_message="Tim sudah di lokasi.")
        workflow.resolve(dpu, report.pk, note=secret, public_message="Saluran sudah bersih.")

    pages = {
        "public page": client.get(f"/r/semarang/aduan-warga/laporan/{report.ticket}/"),
        "tracking page": client.get(tracking),
        "open311 list": client.get(
            "/open311/v2/requests.json", {"jurisdiction_id": demo.semarang.code}
        ),
        "open311 one": client.get(
            f"/open311/v2/requests/{report.ticket}.json",
            {"jurisdiction_id": demo.semarang.code},
        ),
    }
    for name, page in pages.items():
        text = page.content.decode()
        assert page.status_code == 200, name
        assert "RAHASIA" not in text, f"internal note on the {name}"
        assert "sri@contoh.id" not in text, f"reporter's e-mail on the {name}"
    assert "Saluran sudah bersih." in pages["public page"].content.decode()
    assert "Tim sudah di lokasi." in pages["tracking page"].content.decode()
    one = json.loads(pages["open311 one"].content)[0]
    assert one["status_notes"] == "Saluran sudah bersih."

    to_reporter = [m for m in mail.outbox if "sri@contoh.id" in m.to]
    assert len(to_reporter) >= 3  # verified, disposed, in progress, resolved
    for message in to_reporter:
        assert "RAHASIA" not in message.body and "RAHASIA" not in message.subject
        # Every mail carries the private tracking link, absolute.
        assert re.search(r"https?://[^\s]+" + re.escape(tracking), message.body), message.body
    assert any("Saluran sudah bersih." in m.body for m in to_reporter)
    # The link in the mails opens the private page (the same token as on the first page).
    link = re.search(r"https?://[^/\s]+(/\S+)", to_reporter[-1].body)
    assert link and client.get(link.group(1)).status_code == 200
