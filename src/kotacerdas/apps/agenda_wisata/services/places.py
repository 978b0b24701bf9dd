"""Destinations, their monthly visitors (form and CSV import), businesses and products."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from kotacerdas.apps.agenda_wisata.models import Business, Destination, Product, VisitorCount
from kotacerdas.apps.agenda_wisata.services import Invalid
from kotacerdas.apps.agenda_wisata.services.events import inside
from kotacerdas.apps.agenda_wisata.services.photos import CleanPhoto, store
from kotacerdas.core.tenancy import Action

if TYPE_CHECKING:
    from django.db.models import Model

    from kotacerdas.apps.agenda_wisata.config import AgendaWisataSettings
    from kotacerdas.contract import AppContext

    Ctx = AppContext[AgendaWisataSettings]

FACILITIES = ("parkir", "toilet", "musala", "kuliner", "pemandu", "wifi", "penginapan")
HOURS = re.compile(r"^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-4]):[0-5]\d$")
MAX_VISITORS = 50_000_000  # a month; Borobudur has about 400 000
MAX_CSV_ROWS = 5000
MAX_CSV_BYTES = 2 * 1024 * 1024


def _unique_slug(ctx: Ctx, model: type[Model], name: str, current: int | None) -> str:
    base = slugify(name)[:70] or "tempat"
    slug, n = base, 2
    rows = model.objects.scoped(ctx.scope).filter(region=ctx.region)  # type: ignore[attr-defined]
    while rows.filter(slug=slug).exclude(pk=current).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def check_hours(values: list[str]) -> list[str]:
    out = []
    for i, raw in enumerate(values):
        value = raw.strip().replace(".", ":").replace(" ", "")
        if value and (not HOURS.match(value) or value[:5] >= value[6:]):
            raise Invalid(
                f"hours_{i}", _("Write the hours like 08:00-16:00, or leave empty when closed.")
            )
        out.append(value)
    return out


@transaction.atomic
def save_destination(
    ctx: Ctx, data: dict[str, Any], photo: CleanPhoto | None = None, row: Destination | None = None
) -> Destination:
    if not inside(ctx, data["lat"], data["lng"]):
        raise Invalid(
            "lat", _("The place must be inside %(region)s.") % {"region": ctx.region.name}
        )
    data = {**data, "hours": check_hours(data["hours"])}
    if any(f not in FACILITIES for f in data["facilities"]):
        raise Invalid("facilities", _("Choose facilities from the list."))
    rows = Destination.objects.scoped(ctx.scope, Action.CHANGE)
    if row is None:
        slug = _unique_slug(ctx, Destination, data["name"], None)
        row = rows.create(region=ctx.region, slug=slug, **data)
    else:
        row = rows.select_for_update().get(pk=row.pk, region=ctx.region)
        for k, v in data.items():
            setattr(row, k, v)
    if photo is not None:
        row.image, row.thumbnail = store(ctx.region.code, photo)
    row.save()
    return row


def first_of_month(value: str) -> dt.date:
    value = value.strip()
    if not re.fullmatch(r"\d{4}-\d{2}", value):
        raise ValueError(value)
    day = dt.date.fromisoformat(value + "-01")
    if not 2000 <= day.year <= 2100:
        raise ValueError(value)
    return day


def parse_visitors(raw: str) -> int:
    value = raw.strip().replace(".", "").replace(",", "").replace(" ", "")
    if not value.isdigit() or len(value) > 9 or int(value) > MAX_VISITORS:
        raise ValueError(raw)
    return int(value)


@transaction.atomic
def set_visitors(ctx: Ctx, destination: Destination, month: dt.date, visitors: int) -> VisitorCount:
    if visitors < 0 or visitors > MAX_VISITORS:
        raise Invalid("visitors", _("Give the number of visitors, 0 to 50 000 000."))
    rows = VisitorCount.objects.scoped(ctx.scope, Action.CHANGE)
    row, _created = rows.update_or_create(
        region=ctx.region, destination=destination, month=month, defaults={"visitors": visitors}
    )
    return row


@dataclass
class ImportReport:
    rows: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)
    saved: int = 0


def import_visitors(ctx: Ctx, data: bytes) -> ImportReport:
    """CSV with columns destinasi (short name or name), bulan (2026-01), pengunjung.
    All or nothing: one bad row and nothing is written; the report lists every bad row."""
    report = ImportReport()
    if len(data) > MAX_CSV_BYTES:
        report.errors.append((0, _("The file is larger than 2 MB.")))
        return report
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        report.errors.append((0, _("The file is not UTF-8 text (save it as CSV UTF-8).")))
        return report
    if "\x00" in text:
        report.errors.append((0, _("The file is not a CSV text file.")))
        return report
    try:
        dialect = csv.Sniffer().sniff(text[:2048], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = {"destinasi", "bulan", "pengunjung"} - set(header)
    if missing:
        report.errors.append(
            (1, _("Missing columns: %(cols)s.") % {"cols": ", ".join(sorted(missing))})
        )
        return report
    reader.fieldnames = header
    places = Destination.objects.scoped(ctx.scope).filter(region=ctx.region)
    by_key: dict[str, Destination] = {}
    for d in places:
        by_key[d.slug] = d
        by_key[d.name.strip().lower()] = d
    good: dict[tuple[int, dt.date], tuple[Destination, int]] = {}
    for number, line in enumerate(reader, start=2):
        report.rows += 1
        if report.rows > MAX_CSV_ROWS:
            report.errors.append((number, _("At most 5000 rows per file.")))
            break
        name = str(line.get("destinasi") or "").strip()
        place = by_key.get(name) or by_key.get(name.lower())
        if place is None:
            report.errors.append(
                (number, _("Unknown destination “%(name)s”.") % {"name": name[:80]})
            )
            continue
        try:
            month = first_of_month(str(line.get("bulan") or ""))
        except ValueError:
            report.errors.append((number, _("The month must look like 2026-01.")))
            continue
        try:
            visitors = parse_visitors(str(line.get("pengunjung") or ""))
        except ValueError:
            report.errors.append(
                (number, _("The number of visitors must be a whole number, 0 to 50 000 000."))
            )
            continue
        if (place.pk, month) in good:
            report.errors.append((number, _("This destination and month appear twice.")))
            continue
        good[(place.pk, month)] = (place, visitors)
    if report.rows == 0 and not report.errors:
        report.errors.append((0, _("The file has no rows.")))
    if report.errors:
        return report
    with transaction.atomic():
        for (_pk, month), (place, visitors) in good.items():
            set_visitors(ctx, place, month, visitors)
    report.saved = len(good)
    return report


def normalise_whatsapp(raw: str) -> str:
    """An Indonesian mobile number as wa.me wants it: 62 then the number, digits only."""
    digits = re.sub(r"[\s\-().]", "", raw.strip())
    if digits.startswith("+"):
        digits = digits[1:]
    if digits.startswith("0"):
        digits = "62" + digits[1:]
    if not re.fullmatch(r"628\d{7,11}", digits):
        raise Invalid("whatsapp", _("Write an Indonesian mobile number, like 0812 3456 7890."))
    return digits


@transaction.atomic
def save_business(
    ctx: Ctx, data: dict[str, Any], photo: CleanPhoto | None = None, row: Business | None = None
) -> Business:
    if ctx.config.product_category(data["category"]) is None:
        raise Invalid("category", _("Choose one of the region's categories."))
    if data["whatsapp"]:
        data = {**data, "whatsapp": normalise_whatsapp(data["whatsapp"])}
        if not data["contact_public"]:
            raise Invalid(
                "contact_public",
                _(
                    "Publish a number only when the business asked for it: "
                    "tick the box or leave the number empty."
                ),
            )
    if (data["lat"] is None) != (data["lng"] is None):
        raise Invalid("lat", _("Give both latitude and longitude, or neither."))
    if data["lat"] is not None and not inside(ctx, data["lat"], data["lng"]):
        raise Invalid(
            "lat", _("The place must be inside %(region)s.") % {"region": ctx.region.name}
        )
    rows = Business.objects.scoped(ctx.scope, Action.CHANGE)
    if row is None:
        slug = _unique_slug(ctx, Business, data["name"], None)
        row = rows.create(region=ctx.region, slug=slug, **data)
    else:
        row = rows.select_for_update().get(pk=row.pk, region=ctx.region)
        for k, v in data.items():
            setattr(row, k, v)
    if photo is not None:
        row.image, row.thumbnail = store(ctx.region.code, photo)
    row.save()
    return row


@transaction.atomic
def add_product(
    ctx: Ctx, business: Business, data: dict[str, Any], photo: CleanPhoto | None = None
) -> Product:
    rows = Product.objects.scoped(ctx.scope, Action.CHANGE)
    row = rows.create(region=ctx.region, business=business, **data)
    if photo is not None:
        row.image, row.thumbnail = store(ctx.region.code, photo)
        row.save(update_fields=["image", "thumbnail"])
    return row
