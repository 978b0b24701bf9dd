"""Receiving a report from the web form or Open311: validate everything, then write at once.

``problems`` names every mistake at once (the form shows them all next to their fields);
Open311 answers with the first one. ``hash_token`` is re-exported for older callers."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kotacerdas.apps.aduan_warga.config import AduanConfig, AduanContext, Category
from kotacerdas.apps.aduan_warga.models import Photo, Report, ReportAction, Reporter, Status
from kotacerdas.apps.aduan_warga.services import ReportInvalid
from kotacerdas.apps.aduan_warga.services.attributes import clean_attributes
from kotacerdas.apps.aduan_warga.services.photos import MAX_PHOTOS, CleanPhoto, clean_photo, store
from kotacerdas.apps.aduan_warga.services.publishing import announce
from kotacerdas.apps.aduan_warga.services.tracking import hash_token as hash_token
from kotacerdas.apps.aduan_warga.services.tracking import token_for
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


def new_ticket(region: Region) -> str:
    suffix = "".join(secrets.choice(TICKET_ALPHABET) for _ in range(7))
    return f"{region.code.replace('.', '')}-{suffix}"


def _check_description(data: ReportInput) -> None:
    if data.source == "web" and not data.description.strip():
        raise ReportInvalid("description", _("Describe the problem."))
    if len(data.description) > MAX_DESCRIPTION:
        raise ReportInvalid(
            "description",
            _("The description has %(n)d characters; at most 4,000 are allowed.")
            % {"n": len(data.description)},
        )


def _text_checks(data: ReportInput) -> list[Callable[[], None]]:
    """One check per field, so that a form can name every mistake at once."""

    def limit(name: str, n: int) -> Callable[[], None]:
        def check() -> None:
            if len(getattr(data, name)) > n:
                raise ReportInvalid(
                    name, _("This field is longer than %(n)d characters.") % {"n": n}
                )

        return check

    def email() -> None:
        if data.email:
            try:
                validate_email(data.email)
            except ValidationError:
                raise ReportInvalid("email", _("This is not a valid e-mail address.")) from None

    def media() -> None:
        if data.media_url and not data.media_url.startswith(("http://", "https://")):
            raise ReportInvalid(
                "media_url", _("The media URL must start with http:// or https://.")
            )

    limits = {"address": 250, "name": 120, "phone": 30, "email": 254, "media_url": 500}
    return [limit(k, n) for k, n in limits.items()] + [email, media]


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


def _category(conf: AduanConfig, data: ReportInput) -> Category:
    if not data.service_code:
        raise ReportInvalid("service_code", _("Choose a category."))
    category = conf.category(data.service_code)
    if category is None:
        raise ReportInvalid(
            "service_code",
            _("Unknown category (service_code) %(code)s.") % {"code": data.service_code[:50]},
            code=404 if data.source == "open311" else 400,
        )
    return category


def problems(
    region: Region, conf: AduanConfig, data: ReportInput, photo_count: int | None = None
) -> list[ReportInvalid]:
    """Every mistake of a report, at most one per field, in the form's order; cleans the
    attributes of ``data`` when they are valid. An empty list: the report can be written."""
    found: dict[str, ReportInvalid] = {}

    def run(check: Callable[[], object]) -> object:
        try:
            return check()
        except ReportInvalid as bad:
            found.setdefault(bad.field, bad)
            return None

    category = run(lambda: _category(conf, data))
    run(lambda: _check_place(region, data))
    run(lambda: _check_description(data))
    count = len(data.photos) if photo_count is None else photo_count
    if count > MAX_PHOTOS:
        found.setdefault("photos", ReportInvalid("photos", _("At most 3 photos per report.")))
    if isinstance(category, Category):
        clean: dict[str, Any] = {}
        for attr in category.attributes:
            one = category.model_copy(update={"attributes": (attr,)})
            answer = run(lambda one=one: clean_attributes(one, data.attributes))  # type: ignore[misc]
            if isinstance(answer, dict):
                clean.update(answer)
        data.attributes = clean
    for check in _text_checks(data):
        run(check)
    return list(found.values())


def validate(region: Region, conf: AduanConfig, data: ReportInput) -> Category:
    """Every check before any write; the first mistake is raised; returns the category."""
    found = problems(region, conf, data)
    if found:
        raise found[0]
    return _category(conf, data)


def submit_report(
    ctx: AduanContext, data: ReportInput, cleaned: list[CleanPhoto] | None = None
) -> tuple[Report, str]:
    """Create the report, its reporter and first timeline entry; returns it and its token.

    ``cleaned``: photos already checked and re-encoded (the form holds them across a
    round trip); otherwise ``data.photos`` are. The caller is usually a citizen (public
    scope) or an Open311 client: the rows are written with a system scope of the context's
    region only.
    """
    region, conf = ctx.region, ctx.config
    if cleaned is not None:
        found = problems(region, conf, data, photo_count=len(cleaned))
        if found:
            raise found[0]
        category = _category(conf, data)
        photos = list(cleaned)
    else:
        category = validate(region, conf, data)
        photos = [clean_photo(p.data, p.size, i) for i, p in enumerate(data.photos, start=1)]
    now = timezone.now()
    # Everything computable is computed before the transaction: on SQLite the write lock is
    # held from BEGIN IMMEDIATE to COMMIT, so concurrent reporters wait only for the inserts.
    ticket = new_ticket(region)
    token = token_for(ticket)
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
                language=translation.get_language() or "",
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
