"""Receiving a report from the web form or Open311: validate everything, then write at once."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kotacerdas.apps.aduan_warga.config import AduanConfig, AduanContext, Category
from kotacerdas.apps.aduan_warga.models import Photo, Report, ReportAction, Reporter, Status
from kotacerdas.apps.aduan_warga.services import ReportInvalid
from kotacerdas.apps.aduan_warga.services.attributes import clean_attributes
from kotacerdas.apps.aduan_warga.services.photos import MAX_PHOTOS, clean_photo, store
from kotacerdas.apps.aduan_warga.services.publishing import announce
from kotacerdas.core.calendar import add_working_days
from kotacerdas.core.models import Region
from kotacerdas.core.tenancy import Action, Scope
from kotacerdas.core.writeturn import write_turn

MAX_DESCRIPTION = 4000
SYSTEM = "a citizen's report is written for the region it names"
# No 0/O or 1/I: ticket numbers are read out over the phone.
TICKET_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


@dataclass
class Upload:
    data: IO[bytes]
    size: int


@dataclass
class ReportInput:
    service_code: str = ""
    description: str = ""
    lat: float | None = None
    lng: float | None = None
    address: str = ""
    attributes: dict[str, Any] = field(default_factory=dict)
    name: str = ""
    phone: str = ""
    email: str = ""
    anonymous: bool = True
    media_url: str = ""
    photos: list[Upload] = field(default_factory=list)
    source: str = "web"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_ticket(region: Region) -> str:
    suffix = "".join(secrets.choice(TICKET_ALPHABET) for _ in range(7))
    return f"{region.code.replace('.', '')}-{suffix}"


def _check_text(data: ReportInput) -> None:
    if len(data.description) > MAX_DESCRIPTION:
        raise ReportInvalid(
            "description",
            _("The description has %(n)d characters; at most 4,000 are allowed.")
            % {"n": len(data.description)},
        )
    limits = {"address": 250, "name": 120, "phone": 30, "email": 254, "media_url": 500}
    for name, limit in limits.items():
        if len(getattr(data, name)) > limit:
            raise ReportInvalid(
                name, _("This field is longer than %(n)d characters.") % {"n": limit}
            )
    if data.email:
        try:
            validate_email(data.email)
        except ValidationError:
            raise ReportInvalid("email", _("This is not a valid e-mail address.")) from None
    if data.media_url and not data.media_url.startswith(("http://", "https://")):
        raise ReportInvalid("media_url", _("The media URL must start with http:// or https://."))


def _check_place(region: Region, data: ReportInput) -> None:
    if (data.lat is None) != (data.lng is None):
        raise ReportInvalid("lat", _("Give both latitude and longitude, or an address."))
    if data.lat is None and not data.address.strip():
        raise ReportInvalid("location", _("Put a pin on the map or write an address."))
    if data.lat is not None and data.lng is not None and not region.contains(data.lat, data.lng):
        raise ReportInvalid(
            "location",
            _("This location is outside %(region)s; reports here are for %(region)s only.")
            % {"region": region.name},
        )


def validate(region: Region, conf: AduanConfig, data: ReportInput) -> Category:
    """Every check before any write; returns the category."""
    if not data.service_code:
        raise ReportInvalid("service_code", _("Choose a category."))
    category = conf.category(data.service_code)
    if category is None:
        raise ReportInvalid(
            "service_code",
            _("Unknown category (service_code) %(code)s.") % {"code": data.service_code[:50]},
            code=404 if data.source == "open311" else 400,
        )
    if data.source == "web" and not data.description.strip():
        raise ReportInvalid("description", _("Describe the problem."))
    _check_text(data)
    _check_place(region, data)
    if len(data.photos) > MAX_PHOTOS:
        raise ReportInvalid("photos", _("At most 3 photos per report."))
    data.attributes = clean_attributes(category, data.attributes)
    return category


def submit_report(ctx: AduanContext, data: ReportInput) -> tuple[Report, str]:
    """Create the report, its reporter and first timeline entry; returns it and its token.

    The caller is usually a citizen (public scope) or an Open311 client: the rows are
    written with a system scope of the context's region only.
    """
    region, conf = ctx.region, ctx.config
    category = validate(region, conf, data)
    photos = [clean_photo(p.data, p.size, i) for i, p in enumerate(data.photos, start=1)]
    now = timezone.now()
    token = secrets.token_urlsafe(18)
    # Everything computable is computed before the transaction: on SQLite the write lock is
    # held from BEGIN IMMEDIATE to COMMIT, so concurrent reporters wait only for the inserts.
    ticket = new_ticket(region)
    due_at = add_working_days(now, conf.verify_days())
    expected_at = add_working_days(now, conf.service_days(category))
    written: list[Path] = []
    try:
        # Reports arrive concurrently from several server processes: queue for the write
        # turn instead of meeting SQLite's lock inside BEGIN (kotacerdas.core.writeturn).
        scope = Scope.region_system(region.pk, SYSTEM)
        with write_turn(), transaction.atomic():
            report = Report.objects.scoped(scope, Action.CHANGE).create(
                region=region,
                ticket=ticket,
                service_code=category.service_code,
                category_name=category.name.id,
                kind=category.kind,
                status=Status.RECEIVED,
                lat=data.lat,
                lng=data.lng,
                address=data.address.strip(),
                description=data.description.strip(),
                attributes=data.attributes,
                media_url=data.media_url,
                source=data.source,
                tracking_hash=hash_token(token),
                created_at=now,
                updated_at=now,
                due_at=due_at,
                expected_at=expected_at,
            )
            Reporter.objects.scoped(scope, Action.CHANGE).create(
                region=region,
                report=report,
                name=data.name.strip(),
                phone=data.phone.strip(),
                email=data.email.strip(),
                anonymous=data.anonymous,
            )
            ReportAction.objects.scoped(scope, Action.CHANGE).create(
                region=region,
                report=report,
                action="received",
                status=Status.RECEIVED,
                actor_label="reporter",
                at=now,
                public=True,
            )
            for photo in photos:
                image, thumb = store(region.code, photo)
                written += [Path(settings.MEDIA_ROOT) / image, Path(settings.MEDIA_ROOT) / thumb]
                Photo.objects.scoped(scope, Action.CHANGE).create(
                    region=region,
                    report=report,
                    image=image,
                    thumbnail=thumb,
                    width=photo.width,
                    height=photo.height,
                )
            announce(report, "report.created")
    except BaseException:
        for path in written:  # files are not in the transaction: remove what we wrote
            path.unlink(missing_ok=True)
        raise
    return report, token
