"""Helpers for Agenda & Wisata tests: the app context of a region, a console event form."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from PIL import Image

from kotacerdas.apps.agenda_wisata.services.recurrence import WIB
from kotacerdas.contract import all_apps
from kotacerdas.core.models import Agency, Region
from kotacerdas.core.tenancy import Scope
from kotacerdas.platform.context import region_context

KEY = "agenda-wisata"


def app() -> Any:
    return next(a for a in all_apps() if a.key == KEY)


def ctx_for(region: Region, scope: Scope | None = None) -> Any:
    ctx = region_context(app(), region)
    assert ctx is not None
    return ctx.with_access(scope or Scope.region_system(region.pk, "test"))


def next_weekday(weekday: int, after: dt.date | None = None) -> dt.date:
    day = (after or dt.datetime.now(WIB).date()) + dt.timedelta(days=1)
    while day.weekday() != weekday:
        day += dt.timedelta(days=1)
    return day


def event_form(region: Region, **over: Any) -> dict[str, Any]:
    agency = Agency.objects.scoped(Scope.region_system(region.pk, "test")).get(
        region=region, slug="disbudpar"
    )
    first = next_weekday(2)  # a Wednesday
    data: dict[str, Any] = {
        "title": "Senam pagi bersama",
        "title_en": "Morning exercise",
        "description": "Senam di halaman balai kota.",
        "description_en": "",
        "category": "olahraga",
        "start_date": first.isoformat(),
        "start_time": "06:30",
        "end_date": first.isoformat(),
        "end_time": "08:00",
        "weekdays": ["2"],
        "repeat_until": (first + dt.timedelta(weeks=8)).isoformat(),
        "repeat_count": "",
        "place_name": "Halaman Balai Kota",
        "lat": "-6.9829",
        "lng": "110.4146",
        "organiser": str(agency.pk),
        "is_free": "on",
        "price": "",
        "status": "scheduled",
    }
    data.update(over)
    return {k: v for k, v in data.items() if v is not None}


def jpeg(width: int = 40, height: int = 30, exif: bool = False) -> bytes:
    img = Image.new("RGB", (width, height), (200, 30, 30))
    out = io.BytesIO()
    if exif:
        info = Image.Exif()
        info[0x010F] = "SecretCam"  # Make
        info[0x8825] = {2: (1.0, 2.0, 3.0)}  # GPS
        img.save(out, "JPEG", exif=info.tobytes())
    else:
        img.save(out, "JPEG")
    return out.getvalue()
