"""The citizen's form: a ticket and a private link; every bad input refused, nothing saved."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from PIL import Image

from kotacerdas.apps.aduan_warga.models import Photo, Report, ReportAction, Reporter
from kotacerdas.core.models import Event
from kotacerdas.core.tenancy import Scope
from tests.apps.aduan_warga.conftest import SIMPANG_LIMA, jpeg, upload
from tests.conftest import Demo

URL = "/r/semarang/aduan-warga/lapor/"
ALL = "tests look at every row"


def form(**extra: object) -> dict[str, object]:
    data: dict[str, object] = {
        "service_code": "drainase-tersumbat",
        "lat": str(SIMPANG_LIMA[0]),
        "lng": str(SIMPANG_LIMA[1]),
        "description": "Got mampet, air meluap ke jalan.",
        "name": "Bambang",
        "phone": "0811111111",
        "email": "bambang@contoh.id",
    }
    data.update(extra)
    return data


def counts() -> tuple[int, int, int, int]:
    return (
        Report.objects.unscoped(ALL).count(),
        Reporter.objects.unscoped(ALL).count(),
        ReportAction.objects.unscoped(ALL).count(),
        Photo.objects.unscoped(ALL).count(),
    )


def test_citizen_reports_without_account(demo: Demo) -> None:
    client = Client()
    assert client.get(URL).status_code == 200
    response = client.post(URL, form(photos=[upload(jpeg(exif_gps=True))]), follow=True)
    assert response.status_code == 200
    report = Report.objects.unscoped(ALL).get(description="Got mampet, air meluap ke jalan.")
    body = response.content.decode()
    assert report.ticket in body and "/lacak/" in body
    assert report.status == "received" and report.due_at is not None
    assert report.due_at > report.created_at and report.expected_at is not None
    reporter = Reporter.objects.unscoped(ALL).get(report=report)
    assert (reporter.name, reporter.email) == ("Bambang", "bambang@contoh.id")
    photo = Photo.objects.unscoped(ALL).get(report=report)
    with Image.open(Path(settings.MEDIA_ROOT) / photo.image) as img:
        assert not img.getexif(), "EXIF (GPS, camera) must be stripped"
    with Image.open(Path(settings.MEDIA_ROOT) / photo.thumbnail) as thumb:
        assert max(thumb.size) <= 360
    assert client.get(f"/r/semarang/aduan-warga/foto/{photo.pk}/thumb.jpg").status_code == 200
    event = Event.objects.unscoped(ALL).filter(kind="report.created").latest("pk")
    assert event.public and event.payload["ticket"] == report.ticket
    assert "Bambang" not in str(event.payload) and "bambang@" not in str(event.payload)


BAD = [
    ("missing category", {"service_code": ""}, "Pilih kategori"),
    ("unknown category", {"service_code": "tidak-ada"}, "tidak-ada"),
    ("outside region", {"lat": "-7.60", "lng": "110.90"}, "di luar Kota Semarang"),
    ("no location", {"lat": "", "lng": "", "address": ""}, "peta"),
    ("description too long", {"description": "x" * 4001}, "4001"),
    ("bad e-mail", {"email": "bukan-email"}, "e-mail"),
    ("fake photo", {"photos": [upload(b"%PDF-1.4 not an image", "foto.jpg")]}, "Foto 1"),
    ("four photos", {"photos": [upload(jpeg()) for _ in range(4)]}, "3 foto"),
]


@pytest.mark.parametrize(("case", "extra", "message"), BAD, ids=[b[0] for b in BAD])
def test_bad_input_refused_and_nothing_saved(
    demo: Demo, case: str, extra: dict[str, object], message: str
) -> None:
    before = counts()
    response = Client().post(URL, form(**extra))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert counts() == before
    media = Path(settings.MEDIA_ROOT)
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


def test_oversized_photo_refused(demo: Demo) -> None:
    before = counts()
    big = upload(b"\xff\xd8\xff" + b"0" * (10 * 1024 * 1024 + 1))
    response = Client().post(URL, form(photos=[big]))
    assert response.status_code == 400
    assert "10 MB" in response.content.decode()
    assert counts() == before


def test_later_failure_rolls_back_and_removes_files(demo: Demo, monkeypatch: object) -> None:
    """A failure after the first rows and files are written leaves nothing behind."""
    from kotacerdas.apps.aduan_warga.services import reporting

    def boom(report: object, kind: str) -> None:
        raise RuntimeError("event store down")

    monkeypatch.setattr(reporting, "announce", boom)  # type: ignore[attr-defined]
    before = counts()
    with pytest.raises(RuntimeError):
        Client(raise_request_exception=True).post(URL, form(photos=[upload(jpeg())]))
    assert counts() == before
    assert not any(p.is_file() for p in Path(settings.MEDIA_ROOT).rglob("*"))


def test_script_in_text_is_shown_harmless(demo: Demo) -> None:
    client = Client()
    evil = '<script>alert("x")</script><b onmouseover=alert(1)>tebal</b>'
    client.post(URL, form(description=evil, address=evil))
    report = Report.objects.unscoped(ALL).get(description=evil)
    page = client.get(f"/r/semarang/aduan-warga/laporan/{report.ticket}/").content.decode()
    assert "<script>alert" not in page and "<b onmouseover" not in page
    assert "&lt;script&gt;alert" in page


def test_region_without_the_app_is_404(demo: Demo) -> None:
    from kotacerdas.core.models import AppInstallation

    AppInstallation.objects.unscoped(ALL).filter(region=demo.demak, app_key="aduan-warga").update(
        enabled=False
    )
    assert Client().get("/r/demak/aduan-warga/lapor/").status_code == 404
    assert Scope.public().is_anonymous
