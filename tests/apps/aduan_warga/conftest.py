"""Fixtures of the Aduan Warga tests: the seeded demo, plus a fresh report to work on."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from kotacerdas.apps.aduan_warga.config import AduanContext
from kotacerdas.apps.aduan_warga.models import Report
from kotacerdas.apps.aduan_warga.services import workflow
from kotacerdas.apps.aduan_warga.services.reporting import ReportInput, submit_report
from kotacerdas.contract import get_app
from kotacerdas.core.models import Region
from kotacerdas.core.tenancy import Scope
from kotacerdas.platform.context import region_context
from tests.conftest import Demo

# Inside Kota Semarang's bbox, near Simpang Lima.
SIMPANG_LIMA = (-6.9903, 110.4229)


@pytest.fixture(autouse=True)
def _media(settings: object, tmp_path: Path) -> Iterator[None]:
    settings.MEDIA_ROOT = tmp_path / "media"  # type: ignore[attr-defined]
    yield


def jpeg(size: tuple[int, int] = (64, 48), exif_gps: bool = False) -> bytes:
    img = Image.new("RGB", size, (200, 30, 30))
    out = io.BytesIO()
    if exif_gps:
        exif = Image.Exif()
        exif[0x010F] = "KameraMerek"  # Make
        exif[0x8825] = {1: "S", 2: (6.0, 59.0, 25.0)}  # GPSInfo
        img.save(out, "JPEG", exif=exif)
    else:
        img.save(out, "JPEG")
    return out.getvalue()


def upload(data: bytes, name: str = "foto.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


def ctx_of(region: Region, user: object = None) -> AduanContext:
    """The app's context in ``region``: for ``user`` (a User, or None for a citizen when
    ``user`` is "public"), or without one the job's system scope of that region."""
    app = get_app("aduan-warga")
    assert app is not None
    if user == "public":
        scope: Scope | None = Scope.public()
    else:
        scope = None if user is None else Scope.for_user(user)  # type: ignore[arg-type]
    ctx = region_context(app, region, scope)
    assert ctx is not None, f"aduan-warga is not enabled for {region.slug}"
    return ctx


def staff_actor(demo: Demo, username: str, region: Region | None = None) -> workflow.Actor:
    """A staff member taking workflow steps in ``region`` (Semarang unless given)."""
    user = demo.user(username)
    return workflow.Actor.staff(ctx_of(region or demo.semarang, user), user)


def new_report(demo: Demo, email: str = "warga@contoh.id", **extra: object) -> tuple[Report, str]:
    data = ReportInput(
        service_code="jalan-rusak",
        description="Jalan berlubang di depan sekolah.",
        lat=SIMPANG_LIMA[0],
        lng=SIMPANG_LIMA[1],
        name="Siti Rahmawati",
        phone="081234567890",
        email=email,
        anonymous=False,
    )
    for key, value in extra.items():
        setattr(data, key, value)
    return submit_report(ctx_of(demo.semarang, "public"), data)
